#![cfg(target_arch = "wasm32")]
//! Bad input (rejected before anything is sent), network and decode errors, no secrets in
//! errors or tasks, and a POST that is never retried.
use serde_json::json;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

use crate::common::*;

fn login_srm(options: JsValue) -> Result<JsValue, JsValue> {
    Ok(siterecovery_wasm::SrmClient::login(options).into())
}

#[wasm_bindgen_test]
async fn bad_input_is_rejected_before_anything_is_sent() {
    let info = reset(1500).await;
    let srm = srm_login(&info, 0).await;
    let srm_b = srm_login(&info, 1).await;
    let repl = repl_login(&info, 0).await;
    let task = resolve(call(&srm, "createPairing", &[js(&pairing_spec(&info, 0))])).await;
    let token = call(&task, "resumeToken", &[]);
    let before = request_count().await;

    // login
    assert_invalid(login_srm(JsValue::from(5)), "options").await;
    assert_invalid(login_srm(JsValue::from_str("http://127.0.0.1/")), "options").await;
    let mut o = srm_login_options(&info, 0);
    o["baseUrl"] = json!("ftp://x");
    assert_invalid(login_srm(js(&o)), "baseUrl").await;
    let mut o = srm_login_options(&info, 0);
    o["password"] = json!("");
    assert_invalid(login_srm(js(&o)), "password").await;
    let mut o = repl_login_options(&info, 0);
    o["password"] = json!("");
    assert_invalid(Ok(siterecovery_wasm::ReplicationClient::login(js(&o)).into()), "password").await;

    // SRM bodies and path parameters
    let mut spec = pairing_spec(&info, 0);
    spec["pair_psc_info"]["port"] = json!("x");
    assert_invalid(try_call(&srm, "createPairing", &[js(&spec)]), "pair_psc_info.port").await;
    let mut spec = pairing_spec(&info, 0);
    spec.as_object_mut().unwrap().remove("pair_vc_guid");
    assert_invalid(try_call(&srm, "createPairing", &[js(&spec)]), "pair_vc_guid").await;
    assert_invalid(try_call(&srm, "getPairing", &[JsValue::from(42)]), "pairingId").await;

    // h4 body
    let good_url = info["replication"][1]["api_url"].clone();
    let good_tp = info["replication"][1]["api_thumbprint"].clone();
    let bad_tp = js(&json!({ "apiUrl": good_url, "apiThumbprint": "SHA-1:00" }));
    assert_invalid(try_call(&repl, "pairSite", std::slice::from_ref(&bad_tp)), "apiThumbprint").await;
    let bad_url = js(&json!({ "apiUrl": "not a url", "apiThumbprint": good_tp }));
    assert_invalid(try_call(&repl, "pairSite", std::slice::from_ref(&bad_url)), "apiUrl").await;
    // A pattern's message quotes its source as JSON (one with a backslash: `\s`), as the
    // native validator's `Reason` says it.
    for (body, field, source) in
        [(&bad_tp, "apiThumbprint", "^SHA-256:([0-9A-F]{2}:){31}[0-9A-F]{2}$"), (&bad_url, "apiUrl", "^https?://[^\\s/]+")]
    {
        let e = expect_rejection(try_call(&repl, "pairSite", std::slice::from_ref(body)).unwrap()).await;
        let native = siterecovery_core::schema::Reason::Pattern(source).to_string();
        assert_eq!(get_str(&e, "message").unwrap(), format!("invalid {field}: {native}"));
        assert!(native.ends_with(&format!(" {}", serde_json::to_string(source).unwrap())), "{native}");
    }

    // wait options
    assert_invalid(try_call(&task, "wait", &[wait_opts(json!({ "timeoutMs": -1 }))]), "timeoutMs").await;
    assert_invalid(try_call(&task, "wait", &[wait_opts(json!({ "signal": 5 }))]), "signal").await;
    // Shaped like one, but no AbortSignal.
    assert_invalid(try_call(&task, "wait", &[wait_opts(json!({ "signal": { "aborted": false } }))]), "signal").await;

    // resume tokens
    assert_invalid(try_call(&srm, "resumeTask", &[JsValue::from_str("garbage")]), "token").await;
    assert_invalid(try_call(&srm_b, "resumeTask", std::slice::from_ref(&token)), "token").await;
    assert_invalid(try_call(&repl, "resumeTask", std::slice::from_ref(&token)), "token").await;
    // The token's own JSON, encoded again, is taken; with bytes that are not UTF-8 in it, or
    // a byte order mark before it (not JSON), it is not a token.
    let json = siterecovery_core::base64::decode_url(&token.as_string().unwrap()).unwrap();
    let encoded = |bytes: &[u8]| JsValue::from_str(&siterecovery_core::base64::encode_url(bytes));
    assert!(get(&try_call(&srm, "resumeTask", &[encoded(&json)]).unwrap(), "id").is_string());
    let id_at = json.windows(6).position(|w| w == b"\"id\":\"").unwrap() + 6;
    let mut not_utf8 = json.clone();
    not_utf8[id_at] = 0xFF;
    assert_invalid(try_call(&srm, "resumeTask", &[encoded(&not_utf8)]), "token").await;
    let with_bom = [&[0xEF, 0xBB, 0xBF][..], &json].concat();
    assert_invalid(try_call(&srm, "resumeTask", &[encoded(&with_bom)]), "token").await;

    assert_eq!(request_count().await, before, "bad input sent requests: {:?}", &requests().await[before..]);
}

#[wasm_bindgen_test]
async fn unreachable_server_is_a_network_error() {
    let e = expect_rejection(
        siterecovery_wasm::SrmClient::login(js(&json!({
            "baseUrl": "http://127.0.0.1:9/api/rest/srm/v2", "username": "administrator@vsphere.local", "password": "pw-network-test",
        })))
        .into(),
    )
    .await;
    assert_error(&e, "network", None);
    assert!(get(&e, "status").is_undefined(), "no HTTP status without an answer");
    assert!(!error_text(&e).contains("pw-network-test"));
    // It names the request and the likely causes, not only the engine's "Failed to fetch".
    let url = "http://127.0.0.1:9/api/rest/srm/v2/session";
    assert_eq!(get_str(&e, "url").as_deref(), Some(url));
    let message = get_str(&e, "message").unwrap_or_default();
    for part in [&format!("POST {url}"), "unreachable", "certificate", "CORS"] {
        assert!(message.contains(part), "{part:?} not in {message:?}");
    }
    // `network error: <method> <url>: <the engine's error> (<likely causes>)`.
    let (head, causes) = (format!("network error: POST {url}: TypeError: "), " (no answer: the server may be unreachable, its TLS certificate not trusted by this browser, or this page's origin not allowed by its CORS policy)");
    assert!(message.starts_with(&head) && message.ends_with(causes), "{message:?}");
}

#[wasm_bindgen_test]
async fn an_operation_without_an_answer_is_a_network_error_and_an_aborted_one_an_abort_error() {
    // A client of an unreachable server (fromSession sends nothing): the call's own fetch fails.
    let gone = siterecovery_wasm::SrmClient::from_session(js(&json!({
        "baseUrl": "http://127.0.0.1:9/api/rest/srm/v2", "sessionId": "session-of-nowhere",
    })))
    .expect("fromSession");
    let e = expect_rejection(call(&gone, "getPairings", &[])).await;
    assert_error(&e, "network", None);
    let url = "http://127.0.0.1:9/api/rest/srm/v2/pairings";
    assert_eq!(get_str(&e, "url").as_deref(), Some(url));
    assert!(get_str(&e, "message").unwrap_or_default().contains(&format!("GET {url}")), "{}", describe(&e));
    assert!(!error_text(&e).contains("session-of-nowhere"), "the session token is in the error: {}", describe(&e));

    // A slow answer, aborted while the request is out: an AbortError, at once.
    let info = reset(0).await;
    let srm = srm_login(&info, 0).await;
    fault(json!({ "method": "GET", "path": "/pairings", "kind": "latency", "delay_ms": 3000 })).await;
    let ctl = web_sys::AbortController::new().expect("AbortController");
    let options = js(&json!({}));
    set(&options, "signal", &ctl.signal().into());
    let pending = call(&srm, "getPairings", &[JsValue::UNDEFINED, options]);
    sleep_ms(100).await;
    let aborted_at = now_ms();
    ctl.abort();
    let e = expect_rejection(pending).await;
    assert_error(&e, "aborted", None);
    assert_eq!(get_str(&e, "name").as_deref(), Some("AbortError"));
    let message = get_str(&e, "message").unwrap_or_default();
    assert!(message.starts_with("request aborted: ") && get(&e, "url").is_undefined(), "{}", describe(&e));
    assert!(now_ms() - aborted_at < 1000.0, "the abort did not end the call at once");
    // The client goes on.
    resolve(call(&srm, "getPairings", &[])).await;
}

/// A 202 whose task breaks its schema is a decode error that still names the task the
/// server started (nothing is lost).
#[wasm_bindgen_test]
async fn a_started_task_with_a_bad_body_keeps_its_id() {
    let info = reset(200).await;
    let srm = srm_login(&info, 0).await;
    let body = json!({ "id": "3a0c6b1e-41f4-4d27-9a49-7d0d7c4f2a10", "status": "RUNNING", "description": 5 });
    fault(json!({ "method": "POST", "path": "/pairings", "kind": "status", "status": 202, "body": body })).await;
    let e = expect_rejection(call(&srm, "createPairing", &[js(&pairing_spec(&info, 0))])).await;
    assert_error(&e, "decode", Some("description"));
    assert_eq!(get_str(&e, "message").as_deref(), Some("unexpected response body (HTTP 202) at description: must be a string"));
    assert_eq!(get_str(&e, "taskId").as_deref(), Some("3a0c6b1e-41f4-4d27-9a49-7d0d7c4f2a10"), "{}", describe(&e));
}

/// An HTTP error takes its code, message and op_id from an error body that has its documented
/// schema, and nothing from one that breaks it (it could say anything): then only the
/// operation and the status.
#[wasm_bindgen_test]
async fn an_http_error_reads_only_a_documented_error_body() {
    let info = reset(200).await;
    let srm = srm_login(&info, 0).await;
    let op_id = "0f5c7d8e-1a2b-4c3d-8e9f-a0b1c2d3e4f5";
    let body = json!({ "error_code": "BUSY", "message": "try later", "op_id": op_id });
    fault(json!({ "method": "GET", "path": "/pairings", "kind": "status", "status": 500, "body": body, "times": 1 })).await;
    let e = expect_rejection(call(&srm, "getPairings", &[])).await;
    assert_error(&e, "http", None);
    assert_eq!(get_str(&e, "message").as_deref(), Some(&*format!("getPairings failed with HTTP 500 BUSY: try later (op_id {op_id})")));
    assert_eq!((get_str(&e, "code").as_deref(), get_str(&e, "opId").as_deref()), (Some("BUSY"), Some(op_id)));
    assert_eq!((get_str(&e, "operation").as_deref(), get_f64(&e, "status")), (Some("getPairings"), Some(500.0)));
    assert_eq!(path(&e, "body.error_code").as_string().as_deref(), Some("BUSY"), "{}", describe(&e));

    let broken = json!({ "error_code": 7, "message": "not to be shown" });
    fault(json!({ "method": "GET", "path": "/pairings", "kind": "status", "status": 500, "body": broken, "times": 1 })).await;
    let e = expect_rejection(call(&srm, "getPairings", &[])).await;
    assert_error(&e, "http", None);
    assert_eq!(get_str(&e, "message").as_deref(), Some("getPairings failed with HTTP 500"), "{}", describe(&e));
    for key in ["code", "opId", "body"] {
        assert!(!js_sys::Reflect::has(&e, &key.into()).unwrap_or(true), "no {key}: {}", describe(&e));
    }
}

/// A task's GET that fails names the task it asked about, whatever failed: the answer (404, a
/// body that is no task), or the exchange (no answer). A caller that kept only the error still
/// knows which task to ask about again.
#[wasm_bindgen_test]
async fn a_failed_get_of_a_task_names_the_task() {
    let info = reset(60_000).await;
    let srm = srm_login(&info, 0).await;
    let missing = "7d7c4f2a-41f4-4d27-9a49-3a0c6b1e0000";
    let e = expect_rejection(call(&srm, "getTaskInfo", &[JsValue::from_str(missing)])).await;
    assert_error(&e, "http", None);
    assert_eq!(get_f64(&e, "status"), Some(404.0));
    assert_eq!(get_str(&e, "taskId").as_deref(), Some(missing), "{}", describe(&e));

    let (_, id) = new_pairing_task(&info, &srm).await;
    fault(json!({ "method": "GET", "path": format!("/tasks/{id}"), "kind": "status", "status": 200, "body": { "id": 5 } })).await;
    let e = expect_rejection(call(&srm, "getTaskInfo", &[JsValue::from_str(&id)])).await;
    assert_error(&e, "decode", Some("id"));
    assert_eq!(get_str(&e, "taskId").as_deref(), Some(id.as_str()), "{}", describe(&e));
    // Other calls name no task.
    fault(json!({ "method": "GET", "path": "/pairings", "kind": "malformed" })).await;
    let e = expect_rejection(call(&srm, "getPairings", &[])).await;
    assert_eq!(get(&e, "taskId"), JsValue::UNDEFINED, "{}", describe(&e));

    let repl = repl_login(&info, 0).await;
    let e = expect_rejection(call(&repl, "getTask", &[JsValue::from_str(missing)])).await;
    assert_error(&e, "http", None);
    assert_eq!(get_str(&e, "taskId").as_deref(), Some(missing), "{}", describe(&e));

    let gone = siterecovery_wasm::SrmClient::from_session(js(&json!({
        "baseUrl": "http://127.0.0.1:9/api/rest/srm/v2", "sessionId": "session-of-nowhere",
    })))
    .expect("fromSession");
    let e = expect_rejection(call(&gone, "getTaskInfo", &[JsValue::from_str(&id)])).await;
    assert_error(&e, "network", None);
    assert_eq!(get_str(&e, "taskId").as_deref(), Some(id.as_str()), "{}", describe(&e));
}

/// Every failed `refresh()` of a `Task` reads "polling task <id> failed: ..." and names the
/// task, whatever failed: an HTTP error, a body that breaks its schema, a task with no state.
#[wasm_bindgen_test]
async fn a_failed_refresh_names_its_task_the_same_way_whatever_failed() {
    let info = reset(60_000).await;
    let srm = srm_login(&info, 0).await;
    let (task, id) = new_pairing_task(&info, &srm).await;
    let path = format!("/tasks/{id}");
    let repl = repl_login(&info, 0).await;
    let site = &info["replication"][1];
    let body = json!({ "apiUrl": site["api_url"], "apiThumbprint": site["api_thumbprint"] });
    let h4 = resolve(call(&repl, "pairSite", &[js(&body)])).await;
    let h4_id = get_str(&h4, "id").expect("h4 task id");
    let h4_path = format!("/tasks/{h4_id}");
    let cases = [
        (&task, &id, json!({ "method": "GET", "path": path, "kind": "status", "status": 503, "times": 1 }), "http"),
        (&task, &id, json!({ "method": "GET", "path": path, "kind": "status", "status": 200, "body": { "id": 5 }, "times": 1 }), "decode"),
        (
            &h4,
            &h4_id,
            json!({ "method": "GET", "path": h4_path, "kind": "status", "status": 200, "body": { "id": h4_id }, "times": 1 }),
            "decode",
        ),
    ];
    for (handle, id, f, kind) in cases {
        fault(f).await;
        let e = expect_rejection(call(handle, "refresh", &[])).await;
        assert_error(&e, kind, None);
        assert_eq!(get_str(&e, "taskId").as_deref(), Some(id.as_str()), "{}", describe(&e));
        let message = get_str(&e, "message").unwrap_or_default();
        assert!(message.starts_with(&format!("polling task {id} failed: ")), "{message}");
    }
}

#[wasm_bindgen_test]
async fn malformed_body_is_a_decode_error() {
    let info = reset(200).await;
    let srm = srm_login(&info, 0).await;
    fault(json!({ "method": "GET", "path": "/pairings", "kind": "malformed" })).await;
    let e = expect_rejection(call(&srm, "getPairings", &[])).await;
    assert_error(&e, "decode", None);
    assert_eq!(get_f64(&e, "status"), Some(200.0));
    assert!(error_text(&e).contains("not JSON"), "{}", describe(&e));
    // The next call is fine again.
    resolve(call(&srm, "getPairings", &[])).await;

    // A body of nothing but white space (U+3000 among it, as JS `trim` has it) is no body:
    // getPairings documents one, so that is the error, not "not JSON".
    fault(json!({ "method": "GET", "path": "/pairings", "kind": "blank" })).await;
    let e = expect_rejection(call(&srm, "getPairings", &[])).await;
    assert_error(&e, "decode", None);
    assert!(!error_text(&e).contains("not JSON"), "{}", describe(&e));
    let message = siterecovery_schema::Reason::Missing.text();
    assert!(error_text(&e).contains(message), "{} (expected {message:?})", describe(&e));
}

#[wasm_bindgen_test]
async fn errors_and_tasks_carry_no_secrets() {
    let info = reset(200).await;
    let session_id = raw_srm_login(&info, 0).await;
    let info = reset(200).await;
    let srm = srm_login(&info, 0).await;
    let mut secrets: Vec<String> = vec![session_id.clone(), "typo-secret-1".into(), "wrong-psc-secret-2".into()];
    for api in ["srm", "replication"] {
        for i in 0..2 {
            secrets.push(info[api][i]["password"].as_str().unwrap().to_string());
        }
    }
    let mut shown: Vec<(String, String)> = Vec::new();

    // A failed login.
    let mut o = srm_login_options(&info, 0);
    o["password"] = json!("typo-secret-1");
    let e = expect_rejection(login_srm(js(&o)).unwrap()).await;
    assert_eq!(get_f64(&e, "status"), Some(401.0), "{}", describe(&e));
    shown.push(("failed login".into(), error_text(&e)));

    // A validation error next to a password.
    let mut spec = pairing_spec(&info, 0);
    spec["pair_psc_info"]["port"] = json!("x");
    let e = expect_rejection(call(&srm, "createPairing", &[js(&spec)])).await;
    shown.push(("validation".into(), error_text(&e)));

    // A pairing task that fails on the remote PSC password.
    let mut spec = pairing_spec(&info, 0);
    spec["pair_psc_info"]["password"] = json!("wrong-psc-secret-2");
    let task = resolve(call(&srm, "createPairing", &[js(&spec)])).await;
    shown.push(("new task".into(), stringify(&task)));
    let e = expect_rejection(call(&task, "wait", &[js(&fast())])).await;
    assert_error(&e, "task", None);
    shown.push(("task error".into(), error_text(&e)));
    shown.push(("failed task".into(), stringify(&task)));
    shown.push(("resume token".into(), call(&task, "resumeToken", &[]).as_string().unwrap()));

    // A successful pairing task (its spec had site B's password).
    let task = resolve(call(&srm, "createPairing", &[js(&pairing_spec(&info, 0))])).await;
    let done = wait_ok(&task).await;
    shown.push(("succeeded task".into(), stringify(&done)));
    shown.push(("raw task".into(), stringify(&get(&done, "raw"))));

    // HTTP errors with and without a body; a decode error.
    let pid = path(&done, "result.pairing_id").as_string().unwrap();
    let e = expect_rejection(call(&srm, "runTestRecovery", &[JsValue::from_str(&pid), JsValue::from_str("no-such-plan")])).await;
    shown.push(("401 without remote session".into(), error_text(&e)));
    fault(json!({ "method": "GET", "path": "/pairings", "kind": "malformed" })).await;
    let e = expect_rejection(call(&srm, "getPairings", &[])).await;
    shown.push(("decode".into(), error_text(&e)));
    fault(json!({ "kind": "expire_sessions", "site": "srm/a" })).await;
    let e = expect_rejection(call(&srm, "getCurrentSession", &[])).await;
    assert_eq!(get_f64(&e, "status"), Some(401.0));
    shown.push(("expired session".into(), error_text(&e)));
    shown.push(("client".into(), stringify(&srm)));

    for (what, text) in &shown {
        assert!(!text.is_empty(), "{what}: nothing shown");
        for secret in &secrets {
            assert!(!text.contains(secret.as_str()), "{what} shows a secret: {text}");
        }
    }
}

#[wasm_bindgen_test]
async fn a_post_is_never_retried() {
    let info = reset(200).await;
    let srm = srm_login(&info, 0).await;
    fault(json!({ "method": "POST", "path": "/pairings", "kind": "status", "status": 503 })).await;
    let e = expect_rejection(call(&srm, "createPairing", &[js(&pairing_spec(&info, 0))])).await;
    assert_error(&e, "http", None);
    assert_eq!(get_f64(&e, "status"), Some(503.0));
    let log = requests().await;
    assert_eq!(matching(&log, "POST", "/pairings").len(), 1, "createPairing sent once: {log:?}");

    // (A `drop` fault is not used here: Firefox resends a request whose connection closed
    // before any response byte, below the client, so the POST would go through.)
    assert_eq!(list_len(&resolve(call(&srm, "getPairings", &[])).await), 0);
}

/// A token is read and checked in JS (js/package.js `tokenTaskId`: `atob`, `JSON.parse`, then
/// the checks of siterecovery-core's `resume::task_id`): every form of token gets the verdict
/// the native reading (base64url, serde_json and `resume::task_id`) gives, the same id or the
/// same reason.
#[wasm_bindgen_test]
async fn resume_tokens_are_read_as_natively() {
    use siterecovery_core::base64::encode_url;
    use siterecovery_core::resume::{fields, json_text, task_id};
    use siterecovery_core::task::TaskApi;
    let info = reset(1500).await;
    let srm = srm_login(&info, 0).await;
    let base = get_str(&srm, "baseUrl").unwrap();
    let token = call(&resolve(call(&srm, "createPairing", &[js(&pairing_spec(&info, 0))])).await, "resumeToken", &[]).as_string().unwrap();
    let of = |json: &str| encode_url(json.as_bytes());
    let object = |rest: &str| of(&format!(r#"{{"v":1,"api":"srm","base":"{base}",{rest}}}"#));
    let mut tokens = vec![
        token.clone(),
        format!(" \t\n{token}\r\x0c"),
        format!("\u{a0}{token}"),
        format!("{token}="),
        format!("{token}x"),
        format!("{token}xy"),
        token.replace('-', "+").replace('_', "/"),
        String::new(),
        "====".to_string(),
        of("null"),
        of(r#"["v",1]"#),
        of(r#""text""#),
        of("{}"),
        object(r#""id":"t-1""#),
        object(r#""id":"t-1","id":"t-2""#),
        object(r#""id":"\ud800""#),
        object(r#""id":"\ud83d\ude00 é""#),
        object(r#""id":7"#),
        object(r#""id":"..""#),
        object(r#""id":" ""#),
        // Blank is Unicode's white space: NEL is, a byte order mark is not (JS `\s` says the
        // opposite of both).
        object(r#""id":"""#),
        object(r#""id":"\u0085""#),
        object(r#""id":"\ufeff""#),
        object(r#""id":"\u2029\t\u3000""#),
        object(r#""id":".""#),
        object(r#""id":"...""#),
        of(&format!(r#"{{"v":1,"api":"srm","base":"{base}//","id":"t"}}"#)),
        object(r#""id":"t","__proto__":{"id":"u"}"#),
        of(&format!(r#"{{"v":1.0,"api":"srm","base":"{base}/","id":"t"}}"#)),
        of(&format!(r#"{{"v":"1","api":"srm","base":"{base}","id":"t"}}"#)),
        of(&format!(r#"{{"api":"srm","base":"{base}","id":"t"}}"#)),
        of(&format!(r#"{{"v":1,"api":"h4","base":"{base}","id":"t"}}"#)),
        of(&format!(r#"{{"v":1,"api":"srm","base":"{base}x","id":"t"}}"#)),
        of(r#"{"v":1,"api":"srm","base":{},"id":"t"}"#),
    ];
    // Every byte of a short token in turn changed: the base64 alphabet's edges and beyond.
    for c in ['A', 'z', '0', '9', '-', '_', '+', '/', '.', ' '] {
        tokens.push(format!("{}{c}", &token[..token.len() - 1]));
    }
    for t in &tokens {
        let native = json_text(t.trim_ascii())
            .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
            .map_or_else(|| task_id(None, TaskApi::Srm, &base), |v| task_id(fields(Some(&v)), TaskApi::Srm, &base));
        let package = match try_call(&srm, "resumeTask", &[JsValue::from_str(t)]) {
            Ok(task) => Ok(get_str(&task, "id").unwrap()),
            Err(e) => Err(get_str(&e, "message").unwrap()),
        };
        assert_eq!(package, native.map_err(|m| format!("invalid token: {m}")), "token {t:?}");
    }
}

/// A session token goes back to the server as a header value: one with a line break (which
/// would also split the request the module hands to fetch) fails the login, naming the
/// field, and is never sent.
#[wasm_bindgen_test]
async fn a_login_whose_session_token_cannot_be_sent_fails() {
    let info = reset(0).await;
    let bad = "abc\r\nx-injected: 1";
    fault(json!({ "method": "POST", "path": "/session", "kind": "status", "status": 200, "body": { "session_id": bad }, "times": 1 }))
        .await;
    let e = expect_rejection(login_srm(js(&srm_login_options(&info, 0))).unwrap()).await;
    assert_error(&e, "decode", Some("session_id"));
    assert!(!error_text(&e).contains("x-injected"), "{}", describe(&e));
    // The next login (no fault left) works, and its calls carry the good token.
    let srm = srm_login(&info, 0).await;
    let pairings = resolve(call(&srm, "getPairings", &[])).await;
    assert!(js_sys::Array::is_array(&get(&pairings, "list")), "{}", stringify(&pairings));
}
