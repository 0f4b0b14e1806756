#![cfg(target_arch = "wasm32")]
//! vSphere Replication (h4): sites, two-sided pairing, failing tasks, getTask, operationID,
//! logout.
use js_sys::{Array, Object};
use serde_json::{json, Value};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

use crate::common::*;

fn sites_of(list: &JsValue) -> Vec<JsValue> {
    assert!(Array::is_array(list), "getSites resolves to an array: {}", stringify(list));
    Array::from(list).iter().collect()
}

fn site_request(info: &Value, peer: usize, thumbprint: &str) -> JsValue {
    js(&json!({ "apiUrl": info["replication"][peer]["api_url"], "apiThumbprint": thumbprint, "description": "test peer" }))
}

/// Once a `POST /sites` is out, no pairSites error loses a task: a failed wait names both
/// running tasks (`tasks`), a failed second POST the first one; one appliance twice is
/// refused before anything is sent.
#[wasm_bindgen_test]
async fn pair_sites_errors_keep_the_running_tasks() {
    let info = reset(3000).await;
    let a = repl_login(&info, 0).await;
    let b = repl_login(&info, 1).await;
    let class = get(&Object::get_prototype_of(&a).into(), "constructor");

    let before = request_count().await;
    let e = expect_rejection(call(&class, "pairSites", &[a.clone(), a.clone(), wait_opts(json!({}))])).await;
    assert_error(&e, "validation", Some("remote"));
    assert_eq!(request_count().await, before, "nothing sent for one appliance twice");

    let e = expect_rejection(call(&class, "pairSites", &[a.clone(), b.clone(), wait_opts(json!({ "timeoutMs": 100 }))])).await;
    assert_error(&e, "timeout", None);
    let tasks: Vec<JsValue> = Array::from(&get(&e, "tasks")).iter().collect();
    assert_eq!(tasks.len(), 2, "both running tasks: {}", describe(&e));
    let ids: Vec<Option<String>> = tasks.iter().map(|t| get_str(t, "id")).collect();
    assert!(ids[0].is_some() && ids[0] != ids[1], "two tasks: {ids:?}");
    assert!(ids.contains(&get_str(&e, "taskId")), "taskId is one of them");

    let info = reset(3000).await;
    let a = repl_login(&info, 0).await;
    let b = repl_login(&info, 1).await;
    fault(json!({ "method": "POST", "path": "/vr/b/sites", "kind": "status", "status": 503 })).await;
    let e = expect_rejection(call(&class, "pairSites", &[a.clone(), b.clone(), wait_opts(json!({}))])).await;
    assert_error(&e, "http", None);
    let first = Array::from(&get(&e, "tasks")).get(0);
    assert_eq!(get_str(&e, "taskId"), get_str(&first, "id"), "the local task: {}", describe(&e));
    let message = get_str(&e, "message").unwrap_or_default();
    assert!(message.starts_with("pairing the remote appliance failed, while task "), "{message}");
}

#[wasm_bindgen_test]
async fn pair_sites_pairs_both_appliances() {
    let info = reset(300).await;
    let a = repl_login(&info, 0).await;
    let b = repl_login(&info, 1).await;
    let before = sites_of(&resolve(call(&a, "getSites", &[])).await);
    assert_eq!(before.len(), 1);
    assert_eq!(get(&before[0], "isLocal").as_bool(), Some(true));
    assert_eq!(get_str(&before[0], "apiThumbprint").as_deref(), info["replication"][0]["api_thumbprint"].as_str());

    let class = get(&Object::get_prototype_of(&a).into(), "constructor");
    let recorder = Recorder::new();
    let options = wait_opts(json!({ "description": "paired by the test suite" }));
    set(&options, "onProgress", &recorder.function());
    let both = resolve(call(&class, "pairSites", &[a.clone(), b.clone(), options])).await;
    let tasks: Vec<JsValue> = Array::from(&both).iter().collect();
    assert_eq!(tasks.len(), 2, "pairSites resolves with both tasks");
    for t in &tasks {
        assert_eq!(get_str(t, "state").as_deref(), Some("succeeded"));
        assert_eq!(get_str(t, "api").as_deref(), Some("h4"));
        assert_eq!(get_f64(t, "progress"), Some(100.0));
    }
    assert_ne!(get_str(&tasks[0], "id"), get_str(&tasks[1], "id"));
    let views = recorder.views();
    for t in &tasks {
        let id = get_str(t, "id");
        assert!(views.iter().any(|v| get_str(v, "id") == id), "onProgress saw task {id:?}");
    }

    for (client, peer) in [(&a, 1usize), (&b, 0usize)] {
        let sites = sites_of(&resolve(call(client, "getSites", &[])).await);
        assert_eq!(sites.len(), 2, "local site and the peer");
        assert_eq!(get(&sites[0], "isLocal").as_bool(), Some(true), "local site first");
        let p = &sites[1];
        assert_eq!(get(p, "isLocal").as_bool(), Some(false));
        assert_eq!(get_str(p, "apiUrl").as_deref(), info["replication"][peer]["api_url"].as_str());
        assert_eq!(get_str(p, "description").as_deref(), Some("paired by the test suite"));
        let state = get(p, "state");
        assert!(
            path(&state, "incomingCommError").is_undefined() || path(&state, "incomingCommError").is_null(),
            "no comm error: {}",
            stringify(&state)
        );
        assert!(
            path(&state, "outgoingCommError").is_undefined() || path(&state, "outgoingCommError").is_null(),
            "no comm error: {}",
            stringify(&state)
        );
    }
}

#[wasm_bindgen_test]
async fn one_sided_pairing_shows_a_comm_error() {
    let info = reset(200).await;
    let a = repl_login(&info, 0).await;
    let req = site_request(&info, 1, info["replication"][1]["api_thumbprint"].as_str().unwrap());
    let task = resolve(call(&a, "pairSite", &[req])).await;
    let peer = path(&wait_ok(&task).await, "result.apiUrl");
    assert_eq!(peer.as_string().as_deref(), info["replication"][1]["api_url"].as_str(), "result is the peer's ManagerPeerInfo");
    let sites = sites_of(&resolve(call(&a, "getSites", &[])).await);
    assert_eq!(sites.len(), 2);
    assert_eq!(path(&sites[1], "state.incomingCommError.code").as_string().as_deref(), Some("NotPaired"));
}

#[wasm_bindgen_test]
async fn wrong_thumbprint_fails_the_task() {
    let info = reset(200).await;
    let a = repl_login(&info, 0).await;
    // Well-formed, but A's own thumbprint for B's URL.
    let req = site_request(&info, 1, info["replication"][0]["api_thumbprint"].as_str().unwrap());
    let task = resolve(call(&a, "pairSite", &[req])).await;
    let id = get_str(&task, "id").expect("task id");
    let e = expect_rejection(call(&task, "wait", &[js(&fast())])).await;
    assert_error(&e, "task", None);
    assert_eq!(get_str(&e, "code").as_deref(), Some("ThumbprintMismatch"), "code from the task's error: {}", describe(&e));
    assert_eq!(get_str(&e, "taskId").as_deref(), Some(id.as_str()));
    assert_eq!(path(&e, "task.state").as_string().as_deref(), Some("failed"));
    assert_eq!(get_str(&task, "state").as_deref(), Some("failed"));
    assert_eq!(path(&task, "error.code").as_string().as_deref(), Some("ThumbprintMismatch"));
    // The view's shape: every field, in this order (`JSON.stringify(task)`), with its JS type;
    // a failed task's `error` is `{ code, message, details }`.
    let view = call(&task, "toJSON", &[]);
    let keys: Vec<String> = Object::keys(&view.clone().into()).iter().filter_map(|k| k.as_string()).collect();
    assert_eq!(keys, ["id", "api", "state", "progress", "description", "startTime", "endTime", "error", "result", "raw"]);
    let types: Vec<String> = keys.iter().map(|k| type_of(&get(&view, k))).collect();
    assert_eq!(
        types,
        ["string", "string", "string", "number", "object", "number", "number", "object", "object", "object"],
        "{}",
        stringify(&view)
    );
    // An h4 task has no description (the spec's Task has none); a failed one no result.
    assert!(get(&view, "description").is_null() && get(&view, "result").is_null(), "{}", stringify(&view));
    assert_eq!((get_str(&view, "id"), get_str(&view, "api")), (Some(id.clone()), Some("h4".to_string())));
    assert_eq!(
        (get_str(&view, "state"), get(&view, "progress").as_f64()),
        (Some("failed".to_string()), path(&view, "raw.progress").as_f64())
    );
    assert_eq!(
        (get(&view, "startTime").as_f64(), get(&view, "endTime").as_f64()),
        (path(&view, "raw.startTime").as_f64(), path(&view, "raw.endTime").as_f64())
    );
    let error = get(&view, "error");
    let error_keys: Vec<String> = Object::keys(&error.clone().into()).iter().filter_map(|k| k.as_string()).collect();
    assert_eq!(error_keys, ["code", "message", "details"]);
    assert!(get_str(&error, "message").is_some_and(|m| !m.is_empty()), "{}", stringify(&error));
    assert_eq!(stringify(&path(&e, "task")), stringify(&view), "the error carries the same view");

    let again = resolve(call(&a, "getTask", &[JsValue::from_str(&id)])).await;
    assert_eq!(get_str(&again, "id").as_deref(), Some(id.as_str()));
    assert_eq!(get_str(&again, "state").as_deref(), Some("failed"));
    assert_eq!(path(&again, "raw.state").as_string().as_deref(), Some("FAILED"));
    assert_eq!(sites_of(&resolve(call(&a, "getSites", &[])).await).len(), 1, "nothing registered");
}

#[wasm_bindgen_test]
async fn operation_id_is_sent_and_reported_and_logout() {
    let info = reset(200).await;
    let a = repl_login(&info, 0).await;
    let req = site_request(&info, 1, info["replication"][1]["api_thumbprint"].as_str().unwrap());
    let task = resolve(call(&a, "pairSite", &[req, js(&json!({ "operationId": "op-suite-123" }))])).await;
    let log = requests().await;
    let posts = matching(&log, "POST", "/vr/a/sites");
    assert_eq!(posts.len(), 1);
    assert_eq!(posts[0]["operation_id"].as_str(), Some("op-suite-123"), "{}", posts[0]);
    // Without the option an operationID is generated for every h4 call.
    let gets = matching(&log, "POST", "/vr/a/sessions");
    assert!(gets[0]["operation_id"].as_str().is_some_and(|s| !s.is_empty()), "login carries a generated operationID");
    wait_ok(&task).await;

    fault(json!({ "method": "GET", "path": "/vr/a/sites", "kind": "status", "status": 500 })).await;
    let e = expect_rejection(call(&a, "getSites", &[js(&json!({ "operationId": "op-suite-500" }))])).await;
    assert_error(&e, "http", None);
    assert_eq!(get_f64(&e, "status"), Some(500.0));
    assert_eq!(get_str(&e, "opId").as_deref(), Some("op-suite-500"));
    assert_eq!(get_str(&e, "code").as_deref(), Some("GeneralServerFailure"));

    let r = resolve(call(&a, "logout", &[])).await;
    assert!(r.is_undefined());
    assert_eq!(matching(&requests().await, "DELETE", "/vr/a/sessions").len(), 1);
    let e = expect_rejection(call(&a, "getSites", &[js(&json!({ "operationId": "op-suite-401" }))])).await;
    assert_error(&e, "http", None);
    assert_eq!(get_f64(&e, "status"), Some(401.0));
    assert_eq!(get_str(&e, "code").as_deref(), Some("NotAuthenticated"));
    assert_eq!(get_str(&e, "opId").as_deref(), Some("op-suite-401"));
}

/// A 202 whose task passes the spec but has no state this client knows (h4 requires none) is
/// a decode error that still names the task the appliance started: nothing is lost.
#[wasm_bindgen_test]
async fn a_started_task_without_a_state_keeps_its_id() {
    let info = reset(200).await;
    let a = repl_login(&info, 0).await;
    let id = "5fd06dbd-ccab-4db8-9067-39575137028c";
    fault(json!({ "method": "POST", "path": "/sites", "kind": "status", "status": 202, "body": { "id": id, "progress": 0 } })).await;
    let req = site_request(&info, 1, info["replication"][1]["api_thumbprint"].as_str().unwrap());
    let e = expect_rejection(call(&a, "pairSite", &[req])).await;
    assert_error(&e, "decode", Some("state"));
    assert_eq!(get_str(&e, "taskId").as_deref(), Some(id), "{}", describe(&e));
}
