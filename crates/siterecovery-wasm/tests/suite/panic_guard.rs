#![cfg(target_arch = "wasm32")]
//! A panic left in the package stops only the call it hit: that call rejects with kind
//! `internal`, a wait in flight at the time finishes, and the module keeps working. (The std
//! build of these tests can take one panic: std aborts on a second one. The shipped no_std
//! build takes any number: tests/e2e/node/panic-guard.test.mjs.)
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

use crate::common::*;

#[wasm_bindgen_test]
async fn a_panic_rejects_its_call_with_kind_internal_and_the_module_goes_on() {
    let info = reset(300).await;
    let srm = srm_login(&info, 0).await;
    let task = resolve(call(&srm, "createPairing", &[js(&pairing_spec(&info, 0))])).await;
    let id = get_str(&task, "id").expect("task id");
    // A wait in flight across the panic.
    let waiting = call(&task, "wait", &[js(&fast())]);

    let e = expect_rejection(siterecovery_wasm::provoke_panic("after-await").into()).await;
    assert_error(&e, "internal", None);
    assert_eq!(get_str(&e, "name").as_deref(), Some("SiteRecoveryError"));

    let done = resolve(waiting).await;
    assert_eq!(get_str(&done, "id").as_deref(), Some(id.as_str()));
    assert_eq!(get_str(&done, "state").as_deref(), Some("succeeded"));

    // New calls, new waits: all work.
    let again = srm_login(&info, 0).await;
    let pairings = resolve(call(&again, "getPairings", &[])).await;
    assert_eq!(list_len(&pairings), 1, "the pairing made before the panic: {}", stringify(&pairings));
    let refreshed = resolve(call(&srm, "getTaskInfo", &[JsValue::from_str(&id)])).await;
    assert_eq!(get_str(&refreshed, "state").as_deref(), Some("succeeded"));
    // The guard that gives a panic's stack back has the module's stack pointer here too.
    let stats = siterecovery_wasm::scheduler_stats();
    assert_eq!(path(&stats, "stackGuard").as_bool(), Some(true), "{}", stringify(&stats));
}
