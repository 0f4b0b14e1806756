//! Handles whose `free()` was called (a plugin tearing down its view): a call already out
//! still settles, and a freed handle answers with a `SiteRecoveryError`, never wasm-bindgen's Error
//! "Attempt to use a moved value", and never by throwing from a method that returns a Promise.
use serde_json::json;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

use crate::common::*;

/// An async method of a freed handle: a Promise (no throw) that rejects as freed.
async fn rejects_as_freed(handle: &JsValue, method: &str, args: &[JsValue]) {
    let p = try_call(handle, method, args).unwrap_or_else(|e| panic!("{method}() threw instead of rejecting: {}", describe(&e)));
    assert_freed(&expect_rejection(p).await, method);
}

/// A synchronous member of a freed handle: throws as freed.
fn assert_freed(e: &JsValue, what: &str) {
    assert_error(e, "validation", None);
    assert_eq!(get_str(e, "name").as_deref(), Some("SiteRecoveryError"), "{what}: {}", describe(e));
    let message = get_str(e, "message").unwrap_or_default();
    assert!(message.contains("was freed (free() was called on it)"), "{what}: {message}");
}

/// A logged-in SRM client of site A, the pairing task it started (tasks take `task_ms`) and
/// that task's resume token.
async fn client_with_task(task_ms: u64) -> (serde_json::Value, JsValue, JsValue, JsValue) {
    let info = reset(task_ms).await;
    let srm = srm_login(&info, 0).await;
    let (task, _) = new_pairing_task(&info, &srm).await;
    let token = call(&task, "resumeToken", &[]);
    (info, srm, task, token)
}

fn getter_throws(handle: &JsValue, name: &str) -> JsValue {
    js_sys::Reflect::get(handle, &JsValue::from_str(name)).expect_err(name)
}

/// The call's Promise holds what it needs: the task the server started reaches the caller
/// and can be waited on, though the client that sent it is gone.
#[wasm_bindgen_test]
async fn a_call_out_when_its_client_is_freed_still_gives_its_task() {
    let info = reset(200).await;
    let srm = srm_login(&info, 0).await;
    fault(json!({ "method": "POST", "path": "/pairings", "kind": "latency", "delay_ms": 300 })).await;
    let pending = call(&srm, "createPairing", &[js(&pairing_spec(&info, 0))]);
    call(&srm, "free", &[]);
    let task = resolve(pending).await;
    assert!(get_str(&task, "id").is_some_and(|id| is_uuid(&id)), "{}", stringify(&task));
    wait_ok(&task).await;
    // One POST: the answer was not lost and nothing was sent again.
    assert_eq!(matching(&requests().await, "POST", "/pairings").len(), 1);
}

#[wasm_bindgen_test]
async fn a_freed_task_answers_with_a_site_recovery_error() {
    let (_, srm, task, token) = client_with_task(200).await;
    call(&task, "free", &[]);
    // Freeing again, or disposing of it at the end of a `using` block, is no error.
    assert_eq!(call(&task, "free", &[]), JsValue::UNDEFINED);
    let symbol = js_sys::Reflect::get(&js_sys::global(), &"Symbol".into()).expect("Symbol");
    let dispose = js_sys::Reflect::get(&symbol, &"dispose".into()).expect("Symbol.dispose");
    if dispose.is_symbol() {
        let f: js_sys::Function = js_sys::Reflect::get(&task, &dispose).expect("[Symbol.dispose]").dyn_into().expect("a function");
        assert_eq!(f.call0(&task).unwrap_or_else(|e| panic!("dispose after free threw: {}", describe(&e))), JsValue::UNDEFINED);
    }
    rejects_as_freed(&task, "wait", &[js(&fast())]).await;
    rejects_as_freed(&task, "refresh", &[]).await;
    assert_freed(&try_call(&task, "resumeToken", &[]).expect_err("resumeToken"), "resumeToken");
    assert_freed(&try_call(&task, "toJSON", &[]).expect_err("toJSON"), "toJSON");
    for getter in ["id", "state", "progress", "raw"] {
        assert_freed(&getter_throws(&task, getter), getter);
    }
    // The task goes on: a new handle from its token waits for it.
    wait_ok(&call(&srm, "resumeTask", &[token])).await;
}

#[wasm_bindgen_test]
async fn a_freed_client_answers_with_a_site_recovery_error_and_sends_nothing() {
    let (info, srm, task, token) = client_with_task(0).await;
    call(&srm, "free", &[]);
    call(&srm, "free", &[]);
    let before = request_count().await;
    rejects_as_freed(&srm, "getPairings", &[]).await;
    rejects_as_freed(&srm, "createPairing", &[js(&pairing_spec(&info, 0))]).await;
    rejects_as_freed(&srm, "logout", &[]).await;
    rejects_as_freed(&srm, "createRemoteSession", &["p".into(), remote_credentials(&info, 0)]).await;
    assert_freed(&try_call(&srm, "resumeTask", &[token]).expect_err("resumeTask"), "resumeTask");
    assert_freed(&getter_throws(&srm, "baseUrl"), "baseUrl");
    assert_eq!(request_count().await, before, "a freed client sent a request");
    // Its task lives on: the handle made before the free still waits (its own session).
    wait_ok(&task).await;

    let repl = repl_login(&info, 0).await;
    call(&repl, "free", &[]);
    rejects_as_freed(&repl, "getSites", &[]).await;
    let other = repl_login(&info, 1).await;
    let e = expect_rejection(siterecovery_wasm::ReplicationClient::pair_sites(repl, other, None).into()).await;
    assert_freed(&e, "pairSites");
}

/// A body whose getter throws is refused as bad input naming the field (the bad-input table),
/// and nothing throws through the module's frames: the client is not left borrowed, so it
/// can still be used and freed.
#[wasm_bindgen_test]
async fn a_body_whose_getter_throws_leaves_its_client_whole() {
    let (info, srm, _, _) = client_with_task(0).await;
    let body = js(&pairing_spec(&info, 0));
    let getter = js_sys::Function::new_no_args("throw new Error('the getter threw')");
    let descriptor = js(&json!({ "enumerable": true }));
    set(&descriptor, "get", &getter);
    let object: js_sys::Object = body.clone().unchecked_into();
    js_sys::Object::define_property(&object, &JsValue::from_str("pair_vc_guid"), &descriptor.unchecked_into());
    let e = expect_rejection(call(&srm, "createPairing", &[body])).await;
    assert_error(&e, "validation", Some("pair_vc_guid"));
    assert_eq!(get_str(&e, "message").as_deref(), Some("invalid pair_vc_guid: could not be read (reading it threw)"));
    assert_eq!(get_str(&get(&e, "cause"), "message").as_deref(), Some("the getter threw"));
    resolve(call(&srm, "getPairings", &[])).await;
    call(&srm, "free", &[]);
}
