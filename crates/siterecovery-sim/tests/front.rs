//! The validation front: a request that breaks the spec answers 400 naming the field, in the
//! API's own error body, and starts nothing (issue 9.1: these were 202s with a task).
mod common;

use axum::http::StatusCode;
use common::*;
use serde_json::{json, Value};

/// A live session with a remote login, a pairing and one of its plans (tasks take 0 ms).
async fn paired_with_plan(sim: &Sim) -> (String, String, String) {
    let (sa, pairing) = sim.paired().await;
    sim.remote_login(&sa, &pairing).await;
    let plan = sim.plan_ids(&sa, &pairing).await.remove(0);
    (sa, pairing, plan)
}

/// Tasks site A knows.
async fn srm_tasks(sim: &Sim, session: &str) -> u64 {
    let list = sim.srm("GET", SRM_A, "/tasks", session, None).await.json();
    list["_meta"]["total"].as_u64().expect("total")
}

/// 400 with a `ResponseError` that names `field`.
fn assert_srm_refusal(r: &Resp, field: &str, code: &str) {
    r.assert_status(StatusCode::BAD_REQUEST);
    let err = r.json();
    let message = err["message"].as_str().expect("message");
    assert!(message.contains(&format!("'{field}'")), "{message} names {field}");
    assert_eq!(err["error_code"], code, "{err}");
    assert!(uuid::Uuid::parse_str(err["op_id"].as_str().expect("op_id")).is_ok());
}

/// The body of the issue: no `pair_psc_info.thumbprint`, an empty url, port 0, no guid.
fn spec_without_thumbprint() -> Value {
    json!({
        "pair_vc_guid": "",
        "pair_psc_info": { "url": "", "port": 0, "username": "u", "password": "p" },
    })
}

#[tokio::test]
async fn create_pairing_without_the_psc_thumbprint_is_400_and_starts_no_task() {
    let sim = Sim::new(0);
    let sa = sim.srm_login("a").await;
    let r = sim.srm("POST", SRM_A, "/pairings", &sa, Some(spec_without_thumbprint())).await;
    assert_srm_refusal(&r, "pair_psc_info.thumbprint", "MISSING_REQUIRED_FIELD");
    assert_eq!(srm_tasks(&sim, &sa).await, 0);
    // `null` is a thumbprint (the spec makes it nullable): the request goes through.
    let mut spec = spec_without_thumbprint();
    spec["pair_psc_info"]["thumbprint"] = Value::Null;
    let r = sim.srm("POST", SRM_A, "/pairings", &sa, Some(spec)).await;
    assert_eq!(r.status, StatusCode::ACCEPTED);
    assert_eq!(r.json()["status"], "ERROR", "and the pairing itself fails");
}

#[tokio::test]
async fn reconnect_without_the_psc_thumbprint_is_400_and_starts_no_task() {
    let sim = Sim::new(0);
    let (sa, pairing, _) = paired_with_plan(&sim).await;
    let before = srm_tasks(&sim, &sa).await;
    let path = format!("/pairings/{pairing}/actions/reconnect");
    let r = sim.srm("POST", SRM_A, &path, &sa, Some(spec_without_thumbprint())).await;
    assert_srm_refusal(&r, "pair_psc_info.thumbprint", "MISSING_REQUIRED_FIELD");
    assert_eq!(srm_tasks(&sim, &sa).await, before);
}

#[tokio::test]
async fn recovery_without_a_body_is_400_and_starts_no_task() {
    let sim = Sim::new(0);
    let (sa, pairing, plan) = paired_with_plan(&sim).await;
    let before = srm_tasks(&sim, &sa).await;
    let base = format!("/pairings/{pairing}/recovery-management/plans/{plan}");
    let recovery = format!("{base}/actions/recovery");
    for (body, field, code) in [
        (None, "body", "MISSING_REQUIRED_FIELD"),
        (Some(json!({"sync_data": "yes"})), "sync_data", "INVALID_FIELD_VALUE"),
        (Some(json!({"sync_data": null})), "sync_data", "INVALID_FIELD_VALUE"),
        (Some(json!("x")), "body", "INVALID_FIELD_VALUE"),
    ] {
        let r = sim.srm("POST", SRM_A, &recovery, &sa, body).await;
        assert_srm_refusal(&r, field, code);
    }
    let (url, session) = (format!("{SRM_A}{recovery}"), [("x-dr-session", sa.as_str())]);
    let r = sim.send_text("POST", &url, &session, Some("{\"sync_data\": tru")).await.unwrap();
    assert_srm_refusal(&r, "body", "INVALID_REQUEST_BODY");
    assert_eq!(srm_tasks(&sim, &sa).await, before);
    let p = sim.srm("GET", SRM_A, &base, &sa, None).await.json();
    assert_eq!(p["status"], "READY_STATE");
}

#[tokio::test]
async fn a_query_parameter_given_twice_is_400_naming_it() {
    let sim = Sim::new(0);
    let sa = sim.srm_login("a").await;
    let r = sim.srm("GET", SRM_A, "/pairings?limit=10&limit=20", &sa, None).await;
    assert_srm_refusal(&r, "limit", "INVALID_FIELD_VALUE");
    assert!(r.json()["message"].as_str().unwrap().contains("must be a string"));
    // `filter` is a list: repeating it is how it is written.
    let r = sim.srm("GET", SRM_A, "/tasks?filter_property=status&filter=QUEUED&filter=RUNNING", &sa, None).await;
    assert_eq!(r.status, StatusCode::OK);
    // Parameters the operation does not declare are ignored, as HTTP servers do.
    let r = sim.srm("GET", SRM_A, "/tasks?cache_buster=1", &sa, None).await;
    assert_eq!(r.status, StatusCode::OK);
}

#[tokio::test]
async fn a_header_parameter_given_twice_is_400_naming_it_in_an_api_error() {
    let sim = Sim::new(0);
    let token = sim.h4_login("a").await;
    let headers = [("x-vcav-auth", token.as_str()), ("operationID", "op-1"), ("operationID", "op-2")];
    let r = sim.send("GET", "/vr/a/sites", &headers, None).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.header("content-type").as_deref(), Some("application/vnd.vmware.h4-v4.7+json;charset=UTF-8"));
    let err = r.json();
    assert_eq!(err["code"], "BadRequest");
    assert_eq!(err["args"], json!(["operationID"]));
    assert!(err["msg"].as_str().unwrap().contains("'operationID' must be a string"), "{err}");
    assert_eq!(r.header("operationid").as_deref(), Some("op-1"), "still echoed");
}

#[tokio::test]
async fn h4_bodies_are_checked_too_and_start_no_task() {
    let sim = Sim::new(0);
    let token = sim.h4_login("a").await;
    let auth = [("x-vcav-auth", token.as_str())];
    let body = json!({"apiUrl": "https://vr-b:8048", "apiThumbprint": "SHA-1:00"});
    let r = sim.send("POST", "/vr/a/sites", &auth, Some(body)).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let err = r.json();
    assert_eq!(err["args"], json!(["apiThumbprint"]));
    assert!(err["msg"].as_str().unwrap().contains("pattern"), "{err}");
    // Login: the body is required and its `type` is `localUser`.
    let r = sim.send("POST", "/vr/a/sessions", &[], None).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.json()["args"], json!(["body"]));
    let r = sim.send("POST", "/vr/a/sessions", &[], Some(json!({"type": "ldap", "localUser": "admin", "localPassword": "x"}))).await;
    assert_eq!(r.json()["args"], json!(["type"]));
    assert!(sim.handle.requests().iter().all(|r| r.status != 202), "no task was started");
}

#[tokio::test]
async fn unknown_sites_are_404_before_any_check() {
    let sim = Sim::new(0);
    for path in ["/srm/c/api/rest/srm/v2/pairings", "/srm/a/api/rest/srm/v3/pairings", "/vr/c/sites"] {
        let r = sim.send("POST", path, &[], Some(json!({}))).await;
        r.assert_status(StatusCode::NOT_FOUND);
        if path.starts_with("/srm/") {
            assert!(r.body.is_empty());
        } else {
            assert_eq!(r.json()["code"], "NotFound");
        }
    }
}
