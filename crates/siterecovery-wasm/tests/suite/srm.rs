#![cfg(target_arch = "wasm32")]
//! SRM end to end: pairing, remote session, plans and their state machine, cancel, tasks,
//! reconnect, delete, session and logout.
use serde_json::json;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

use crate::common::*;

fn s(v: &str) -> JsValue {
    JsValue::from_str(v)
}

#[wasm_bindgen_test]
async fn create_pairing_resolves_to_a_task_and_wait_reports_progress() {
    let info = reset(700).await;
    let srm = srm_login(&info, 0).await;
    let task = resolve(call(&srm, "createPairing", &[js(&pairing_spec(&info, 0))])).await;
    let state = get_str(&task, "state").expect("task.state");
    assert!(state == "queued" || state == "running", "a new task is queued or running, not {state}");
    let id = get_str(&task, "id").expect("task.id is a string");
    assert!(is_uuid(&id), "{id}");
    assert_eq!(get_str(&task, "api").as_deref(), Some("srm"));
    let token = call(&task, "resumeToken", &[]);
    assert!(token.as_string().is_some_and(|t| !t.is_empty()), "resumeToken() is a string");
    assert!(get(&task, "endTime").is_null(), "endTime === null while running, got {:?}", get(&task, "endTime"));

    let recorder = Recorder::new();
    let options = wait_opts(json!({}));
    set(&options, "onProgress", &recorder.function());
    let done = resolve(call(&task, "wait", &[options])).await;

    assert_eq!(get_str(&done, "state").as_deref(), Some("succeeded"));
    assert_eq!(get_f64(&done, "progress"), Some(100.0));
    assert_eq!(get_str(&done, "id").as_deref(), Some(id.as_str()));
    let (start, end) = (get(&done, "startTime"), get(&done, "endTime"));
    assert_eq!((type_of(&start), type_of(&end)), ("number".into(), "number".into()));
    assert!(end.as_f64().unwrap() >= start.as_f64().unwrap());
    // The handle the caller holds shows the final state too.
    assert_eq!(get_str(&task, "state").as_deref(), Some("succeeded"));
    assert_eq!(path(&done, "raw.status").as_string().as_deref(), Some("SUCCESS"));
    let pairing_id = path(&done, "result.pairing_id").as_string().expect("result is the new Pairing");

    let views = recorder.views();
    assert!(views.len() >= 2, "onProgress called {} times", views.len());
    let keys: Vec<(String, f64)> = views.iter().map(|v| (get_str(v, "state").unwrap(), get_f64(v, "progress").unwrap())).collect();
    for pair in keys.windows(2) {
        assert_ne!(pair[0], pair[1], "onProgress repeated an unchanged (state, progress): {keys:?}");
    }
    assert_eq!(keys.last().unwrap(), &("succeeded".to_string(), 100.0), "{keys:?}");
    assert_eq!(get_str(&views[0], "id").as_deref(), Some(id.as_str()), "views are TaskView snapshots");

    let pairings = resolve(call(&srm, "getPairings", &[])).await;
    assert_eq!(path(&pairings, "list.length").as_f64(), Some(1.0));
    assert_eq!(path(&pairings, "list.0.pairing_id").as_string().as_deref(), Some(pairing_id.as_str()));
    let one = resolve(call(&srm, "getPairing", &[s(&pairing_id)])).await;
    assert_eq!(get_str(&one, "pairing_id").as_deref(), Some(pairing_id.as_str()));
    assert_eq!(path(&one, "remote_srm_server.name").as_string().as_deref(), info["srm"][1]["name"].as_str());
    assert_eq!(path(&one, "remote_vc_server.id").as_string().as_deref(), info["srm"][1]["vc_guid"].as_str());
}

#[wasm_bindgen_test]
async fn remote_session_and_recovery_plans() {
    let (info, srm, pairing_id) = paired_srm(200).await;
    // No remote login yet: the server answers 401.
    let e = expect_rejection(call(&srm, "getRemoteSession", &[s(&pairing_id)])).await;
    assert_error(&e, "http", None);
    assert_eq!(get_f64(&e, "status"), Some(401.0));
    // Wrong remote password.
    let wrong = js(&json!({ "username": info["srm"][1]["username"], "password": "nope" }));
    let e = expect_rejection(call(&srm, "createRemoteSession", &[s(&pairing_id), wrong])).await;
    assert_eq!((get_str(&e, "kind").as_deref(), get_f64(&e, "status")), (Some("http"), Some(401.0)), "{}", describe(&e));

    let r = resolve(call(&srm, "loginRemote", &[s(&pairing_id), remote_credentials(&info, 0)])).await;
    assert!(r.is_undefined(), "a 204 resolves to undefined");
    let r = resolve(call(&srm, "createRemoteSession", &[s(&pairing_id), remote_credentials(&info, 0)])).await;
    assert!(r.is_undefined());
    let remote = resolve(call(&srm, "getRemoteSession", &[s(&pairing_id)])).await;
    assert_eq!(get_str(&remote, "username").as_deref(), info["srm"][1]["username"].as_str());

    let plans = resolve(call(&srm, "getAllRecoveryPlans", &[s(&pairing_id)])).await;
    assert_eq!(path(&plans, "list.length").as_f64(), Some(2.0));
    assert_eq!(path(&plans, "_meta.total").as_f64(), Some(2.0));
    let plan_id = path(&plans, "list.0.id").as_string().unwrap();
    let plan = resolve(call(&srm, "getRecoveryPlan", &[s(&pairing_id), s(&plan_id)])).await;
    assert_eq!(get_str(&plan, "id").as_deref(), Some(plan_id.as_str()));
    assert_eq!(get_str(&plan, "status").as_deref(), Some("READY_STATE"));
    assert_eq!(get_str(&plan, "name"), path(&plans, "list.0.name").as_string());
    // Query parameters reach the server.
    let limited = resolve(call(&srm, "getAllRecoveryPlans", &[s(&pairing_id), js(&json!({ "limit": "1" }))])).await;
    assert_eq!(path(&limited, "list.length").as_f64(), Some(1.0));
}

#[wasm_bindgen_test]
async fn plan_state_machine_test_cleanup_recovery_reprotect() {
    let (_info, srm, pid, plan) = srm_with_plan(200).await;
    let (p, pl) = (s(&pid), s(&plan));

    // Reprotect is only valid after a recovery.
    let e = expect_rejection(call(&srm, "runReprotect", &[p.clone(), pl.clone(), js(&json!({ "forced": false }))])).await;
    assert!(e.is_instance_of::<js_sys::Error>(), "a SiteRecoveryError is an Error");
    assert_eq!(get_str(&e, "name").as_deref(), Some("SiteRecoveryError"));
    assert_eq!(
        path(&e, "constructor.name").as_string().as_deref(),
        Some("SiteRecoveryError"),
        "an instance of the SiteRecoveryError class"
    );
    assert_eq!(get_str(&e, "kind").as_deref(), Some("http"), "{}", describe(&e));
    assert_eq!(get_f64(&e, "status"), Some(400.0));
    assert_eq!(get_str(&e, "code").as_deref(), Some("INVALID_PLAN_STATE"));
    let op_id = get_str(&e, "opId").expect("opId");
    assert!(is_uuid(&op_id), "opId is the server's op_id uuid: {op_id}");
    assert!(get_str(&e, "message").is_some_and(|m| !m.is_empty()));
    assert_eq!(plan_status(&srm, &pid, &plan).await, "READY_STATE");

    let t = resolve(call(&srm, "runTestRecovery", &[p.clone(), pl.clone(), js(&json!({ "sync_data": false }))])).await;
    assert_eq!(plan_status(&srm, &pid, &plan).await, "TEST_IN_PROGRESS");
    wait_ok(&t).await;
    assert_eq!(plan_status(&srm, &pid, &plan).await, "TEST_COMPLETE");

    let t = resolve(call(&srm, "runCleanupTestRecovery", &[p.clone(), pl.clone(), js(&json!({ "forced": false }))])).await;
    wait_ok(&t).await;
    assert_eq!(plan_status(&srm, &pid, &plan).await, "READY_STATE");

    let spec =
        json!({ "planned_failover": true, "sync_data": true, "migrate_eligible_vms": false, "skip_protection_site_operations": false });
    let t = resolve(call(&srm, "runRecovery", &[p.clone(), pl.clone(), js(&spec)])).await;
    wait_ok(&t).await;
    assert_eq!(plan_status(&srm, &pid, &plan).await, "RECOVERY_COMPLETE");

    let t = resolve(call(&srm, "runReprotect", &[p.clone(), pl.clone(), js(&json!({ "forced": false }))])).await;
    wait_ok(&t).await;
    assert_eq!(plan_status(&srm, &pid, &plan).await, "READY_STATE");
}

#[wasm_bindgen_test]
async fn cancel_rejects_the_wait_with_the_cancelled_task() {
    let (_info, srm, pid, plan) = srm_with_plan(200).await;
    set_task_duration(3000).await;
    let task = resolve(call(&srm, "runTestRecovery", &[s(&pid), s(&plan)])).await;
    let id = get_str(&task, "id").unwrap();
    let waiting = call(&task, "wait", &[js(&fast())]);
    sleep_ms(150).await;
    let r = resolve(call(&srm, "cancelRecoveryPlan", &[s(&pid), s(&plan)])).await;
    assert!(r.is_undefined());
    let e = expect_rejection(waiting).await;
    assert_error(&e, "task", None);
    assert_eq!(get_str(&e, "taskId").as_deref(), Some(id.as_str()));
    assert_eq!(path(&e, "task.state").as_string().as_deref(), Some("cancelled"), "{}", stringify(&e));
    assert_eq!(path(&e, "task.id").as_string().as_deref(), Some(id.as_str()));
    assert_eq!(get_str(&task, "state").as_deref(), Some("cancelled"), "the handle shows the final state");
    assert_eq!(plan_status(&srm, &pid, &plan).await, "READY_STATE");

    let info_task = resolve(call(&srm, "getTaskInfo", &[s(&id)])).await;
    assert_eq!(get_str(&info_task, "id").as_deref(), Some(id.as_str()));
    assert_eq!(get_str(&info_task, "state").as_deref(), Some("cancelled"));
    assert_eq!(type_of(&get(&info_task, "wait")), "function", "getTaskInfo resolves to a Task handle");

    let recent = resolve(call(&srm, "getRecentTasksInfo", &[])).await;
    let list = js_sys::Array::from(&get(&recent, "list"));
    assert!(list.length() >= 2, "pairing task and test task");
    assert!(list.iter().any(|t| get_str(&t, "id").as_deref() == Some(id.as_str())), "recent tasks include the cancelled one");
}

#[wasm_bindgen_test]
async fn reconnect_delete_session_and_logout() {
    let (info, srm, pid) = paired_srm(200).await;
    let t = resolve(call(&srm, "reconnectPairing", &[s(&pid), js(&pairing_spec(&info, 0))])).await;
    assert_eq!(get_str(&t, "api").as_deref(), Some("srm"));
    wait_ok(&t).await;
    assert_eq!(path(&resolve(call(&srm, "getPairings", &[])).await, "list.length").as_f64(), Some(1.0));

    resolve(call(&srm, "createRemoteSession", &[s(&pid), remote_credentials(&info, 0)])).await;
    let t = resolve(call(&srm, "deletePairing", &[s(&pid)])).await;
    wait_ok(&t).await;
    assert_eq!(list_len(&resolve(call(&srm, "getPairings", &[])).await), 0);
    let e = expect_rejection(call(&srm, "getPairing", &[s(&pid)])).await;
    assert_eq!(get_f64(&e, "status"), Some(404.0), "{}", describe(&e));

    let session = resolve(call(&srm, "getCurrentSession", &[])).await;
    assert_eq!(get_str(&session, "username").as_deref(), info["srm"][0]["username"].as_str());

    let r = resolve(call(&srm, "logout", &[])).await;
    assert!(r.is_undefined());
    let e = expect_rejection(call(&srm, "getPairings", &[])).await;
    assert_error(&e, "http", None);
    assert_eq!(get_f64(&e, "status"), Some(401.0));
    let log = requests().await;
    assert_eq!(matching(&log, "DELETE", "/session").len(), 1, "logout sent DELETE /session");
}

#[wasm_bindgen_test]
async fn empty_list_resolves_with_an_empty_array() {
    let info = reset(200).await;
    let srm = srm_login(&info, 0).await;
    let pairings = resolve(call(&srm, "getPairings", &[])).await;
    assert!(js_sys::Array::is_array(&get(&pairings, "list")), "getPairings() with no pairings: {}", stringify(&pairings));
}

/// A URL's scheme is case-insensitive (RFC 3986 §3.1): `HTTP://` logs in, and the client's
/// `baseUrl` writes it in lower case, as URL parsers do (so its resume tokens match a client
/// given the same URL in lower case).
#[wasm_bindgen_test]
async fn an_upper_case_scheme_is_the_same_url() {
    let info = reset(60_000).await;
    let url = info["srm"][0]["url"].as_str().expect("url").to_string();
    let upper = url.replacen("http://", "HTTP://", 1);
    assert_ne!(upper, url);
    let mut options = srm_login_options(&info, 0);
    options["baseUrl"] = json!(upper);
    let srm = resolve(siterecovery_wasm::SrmClient::login(js(&options)).into()).await;
    assert_eq!(get_str(&srm, "baseUrl").as_deref(), Some(url.trim_end_matches('/')));
    let task = resolve(call(&srm, "createPairing", &[js(&pairing_spec(&info, 0))])).await;
    let token = call(&task, "resumeToken", &[]);
    let lower = srm_login(&info, 0).await;
    let resumed = call(&lower, "resumeTask", &[token]);
    assert_eq!(get_str(&resumed, "id"), get_str(&task, "id"));
}
