#![cfg(target_arch = "wasm32")]
//! `SrmClient.fromSession` / `ReplicationClient.fromSession`: a client of a session made
//! elsewhere (a vSphere plugin host hands it over). Nothing is sent until the first call;
//! that call carries the session; bad options are validation errors naming the field; with
//! `credentials`, an expired handed-over session logs in again once.
use gloo_net::http::Request;
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

use crate::common::*;

fn srm_from(options: &Value) -> Result<JsValue, JsValue> {
    siterecovery_wasm::SrmClient::from_session(js(options))
}

fn repl_from(options: &Value) -> Result<JsValue, JsValue> {
    siterecovery_wasm::ReplicationClient::from_session(js(options))
}

/// A raw h4 `POST /sessions` outside the client: its `X-VCAV-Auth` token.
async fn raw_h4_login(info: &Value, site: usize) -> String {
    let a = &info["replication"][site];
    let body = json!({ "type": "localUser", "localUser": a["username"], "localPassword": a["password"] });
    let response = Request::post(&format!("{}/sessions", a["url"].as_str().unwrap()))
        .header("content-type", "application/vnd.vmware.h4-v4.7+json")
        .header("accept", "application/vnd.vmware.h4-v4.7+json")
        .body(body.to_string())
        .unwrap()
        .send()
        .await
        .expect("raw h4 login");
    assert_eq!(response.status(), 200, "raw h4 login");
    response.headers().get("x-vcav-auth").expect("X-VCAV-Auth")
}

#[wasm_bindgen_test]
async fn an_srm_session_handed_over_is_used_and_nothing_is_sent_before_the_first_call() {
    let info = reset(200).await;
    let session_id = raw_srm_login(&info, 0).await;
    let before = request_count().await;
    let srm = srm_from(&json!({ "baseUrl": info["srm"][0]["url"], "sessionId": session_id })).expect("fromSession");
    assert_eq!(request_count().await, before, "fromSession sends nothing");
    assert_eq!(get_str(&srm, "baseUrl").as_deref(), info["srm"][0]["url"].as_str());

    let task = resolve(call(&srm, "createPairing", &[js(&pairing_spec(&info, 0))])).await;
    let done = resolve(call(&task, "wait", &[js(&fast())])).await;
    assert_eq!(get_str(&done, "state").as_deref(), Some("succeeded"));
    let log = requests().await;
    let sent = matching(&log, "POST", "/srm/a/api/rest/srm/v2/pairings");
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0]["status"], 202, "the handed-over session was accepted");
    assert!(matching(&log, "POST", "/session").len() == 1, "no login but the raw one: {log:?}");
}

#[wasm_bindgen_test]
async fn an_h4_token_handed_over_is_used() {
    let info = reset(200).await;
    let token = raw_h4_login(&info, 0).await;
    let before = request_count().await;
    let repl = repl_from(&json!({ "baseUrl": info["replication"][0]["url"], "token": token })).expect("fromSession");
    assert_eq!(request_count().await, before, "fromSession sends nothing");
    let sites = resolve(call(&repl, "getSites", &[])).await;
    assert!(js_sys::Array::is_array(&sites) && js_sys::Array::from(&sites).length() > 0, "{}", stringify(&sites));
}

#[wasm_bindgen_test]
async fn bad_options_name_their_field_and_send_nothing() {
    let info = reset(200).await;
    let url = &info["srm"][0]["url"];
    let before = request_count().await;
    for (options, field) in [
        (json!(5), "options"),
        (json!({ "sessionId": "x" }), "baseUrl"),
        (json!({ "baseUrl": "ftp://x", "sessionId": "x" }), "baseUrl"),
        (json!({ "baseUrl": url }), "sessionId"),
        (json!({ "baseUrl": url, "sessionId": "  " }), "sessionId"),
        (json!({ "baseUrl": url, "sessionId": 7 }), "sessionId"),
        (json!({ "baseUrl": url, "token": "an h4 token is not an SRM session" }), "sessionId"),
        (json!({ "baseUrl": url, "sessionId": "x", "credentials": "not a function" }), "credentials"),
    ] {
        assert_invalid(srm_from(&options), field).await;
    }
    assert_invalid(repl_from(&json!({ "baseUrl": info["replication"][0]["url"], "sessionId": "x" })), "token").await;
    assert_eq!(request_count().await, before, "nothing sent");
}

#[wasm_bindgen_test]
async fn an_expired_handed_over_session_logs_in_again_through_credentials() {
    let info = reset(200).await;
    let session_id = raw_srm_login(&info, 0).await;
    let s = &info["srm"][0];
    let creds = js(&json!({ "username": s["username"], "password": s["password"] }));
    let callback = Closure::<dyn FnMut() -> JsValue>::new(move || creds.clone());
    let options = js(&json!({ "baseUrl": s["url"], "sessionId": session_id }));
    set(&options, "credentials", callback.as_ref());
    let srm = siterecovery_wasm::SrmClient::from_session(options).expect("fromSession");

    fault(json!({ "kind": "expire_sessions", "site": "srm/a" })).await;
    let pairings = resolve(call(&srm, "getPairings", &[])).await;
    assert_eq!(list_len(&pairings), 0);
    let log = requests().await;
    let statuses: Vec<_> = matching(&log, "GET", "/pairings").iter().map(|r| r["status"].as_u64().unwrap()).collect();
    assert_eq!(statuses, vec![401, 200]);
    // The expired id is not in the error-free result, nor anywhere the client shows.
    assert!(!stringify(&srm).contains(&session_id));
}
