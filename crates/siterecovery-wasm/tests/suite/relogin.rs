#![cfg(target_arch = "wasm32")]
//! Logging in again through the `credentials` callback after a session expired.
use std::cell::Cell;
use std::rc::Rc;

use serde_json::json;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

use crate::common::*;

/// A `credentials` callback returning `Promise.resolve(creds)` that counts its calls.
fn counting_callback(creds: JsValue) -> (Closure<dyn FnMut() -> JsValue>, Rc<Cell<u32>>) {
    let calls = Rc::new(Cell::new(0));
    let counter = Rc::clone(&calls);
    let closure = Closure::<dyn FnMut() -> JsValue>::new(move || {
        counter.set(counter.get() + 1);
        js_sys::Promise::resolve(&creds).into()
    });
    (closure, calls)
}

/// SRM site A logged in with a `credentials` callback that gives its right credentials and
/// counts its calls (keep the closure alive as long as the client).
async fn srm_with_counting_callback(info: &serde_json::Value) -> (JsValue, Closure<dyn FnMut() -> JsValue>, Rc<Cell<u32>>) {
    let s = &info["srm"][0];
    let (callback, calls) = counting_callback(js(&json!({ "username": s["username"], "password": s["password"] })));
    let options = js(&srm_login_options(info, 0));
    set(&options, "credentials", callback.as_ref());
    let srm = resolve(siterecovery_wasm::SrmClient::login(options).into()).await;
    (srm, callback, calls)
}

fn statuses(log: &[serde_json::Value], method: &str, part: &str) -> Vec<u64> {
    matching(log, method, part).iter().map(|r| r["status"].as_u64().unwrap()).collect()
}

#[wasm_bindgen_test]
async fn expired_session_logs_in_again_once_through_the_callback() {
    let info = reset(200).await;
    let (srm, _callback, calls) = srm_with_counting_callback(&info).await;
    assert_eq!(calls.get(), 0, "not called for the first login");

    fault(json!({ "kind": "expire_sessions", "site": "srm/a" })).await;
    let pairings = resolve(call(&srm, "getPairings", &[])).await;
    assert_eq!(list_len(&pairings), 0);
    assert!(get(&pairings, "_meta").is_object(), "the list envelope came back");
    assert_eq!(calls.get(), 1, "credentials() called exactly once");
    let log = requests().await;
    assert_eq!(statuses(&log, "GET", "/pairings"), vec![401, 200]);
    assert_eq!(statuses(&log, "POST", "/srm/a/api/rest/srm/v2/session"), vec![200, 200]);
    // The new session is kept: no further login.
    resolve(call(&srm, "getPairings", &[])).await;
    assert_eq!(calls.get(), 1);
}

/// Logging out of a session the server has ended already does not log in first: the 401
/// says the session is over, which is what logout wants. A second logout sends nothing.
#[wasm_bindgen_test]
async fn logout_of_an_expired_session_does_not_log_in_again() {
    let info = reset(200).await;
    let (srm, _callback, calls) = srm_with_counting_callback(&info).await;
    fault(json!({ "kind": "expire_sessions", "site": "srm/a" })).await;
    assert!(resolve(call(&srm, "logout", &[])).await.is_undefined());
    assert!(resolve(call(&srm, "logout", &[])).await.is_undefined());
    assert_eq!(calls.get(), 0, "credentials() called for a logout");
    let log = requests().await;
    assert_eq!(statuses(&log, "DELETE", "/session"), vec![401], "one DELETE /session, answered 401");
    assert_eq!(statuses(&log, "POST", "/srm/a/api/rest/srm/v2/session"), vec![200], "a login after the first");
    // A logged-out client stays logged out: a call gets the server's 401.
    let e = expect_rejection(call(&srm, "getPairings", &[])).await;
    assert_eq!(get_f64(&e, "status"), Some(401.0), "{}", describe(&e));
    assert_eq!(calls.get(), 0, "credentials() called after a logout");
}

/// A wait still running when its client logs out does not log in again: its next poll gets
/// 401 and the wait rejects with it, the task id kept.
#[wasm_bindgen_test]
async fn a_wait_running_at_logout_does_not_log_in_again() {
    let info = reset(1500).await;
    let (srm, _callback, calls) = srm_with_counting_callback(&info).await;
    let task = resolve(call(&srm, "createPairing", &[js(&pairing_spec(&info, 0))])).await;
    let id = get_str(&task, "id").expect("task id");
    let waiting = call(&task, "wait", &[wait_opts(json!({}))]);
    sleep_ms(100).await;
    resolve(call(&srm, "logout", &[])).await;
    let e = expect_rejection(waiting).await;
    assert_eq!(get_f64(&e, "status"), Some(401.0), "{}", describe(&e));
    assert_eq!(get_str(&e, "taskId").as_deref(), Some(id.as_str()));
    assert_eq!(calls.get(), 0, "credentials() called after a logout");
    assert_eq!(statuses(&requests().await, "POST", "/srm/a/api/rest/srm/v2/session"), vec![200], "a login after the first");
}

/// A `credentials()` that never answers (a login dialog left open) does not hold a call
/// whose signal aborts: the call rejects as aborted, and the calls that waited for that
/// re-login go on with their 401.
#[wasm_bindgen_test]
async fn an_abort_ends_a_call_waiting_for_credentials() {
    let info = reset(200).await;
    let never = Closure::<dyn FnMut() -> JsValue>::new(|| js_sys::Promise::new(&mut |_, _| {}).into());
    let options = js(&srm_login_options(&info, 0));
    set(&options, "credentials", never.as_ref());
    let srm = resolve(siterecovery_wasm::SrmClient::login(options).into()).await;
    fault(json!({ "kind": "expire_sessions", "site": "srm/a" })).await;
    let ctl = web_sys::AbortController::new().unwrap();
    let call_options = js_sys::Object::new();
    set(&call_options, "signal", &ctl.signal());
    let first = call(&srm, "getPairings", &[JsValue::UNDEFINED, call_options.into()]);
    sleep_ms(50).await;
    let second = call(&srm, "getPairings", &[]);
    sleep_ms(100).await;
    ctl.abort();
    let e = expect_rejection(first).await;
    assert_error(&e, "aborted", None);
    let e = expect_rejection(second).await;
    assert_eq!(get_f64(&e, "status"), Some(401.0), "{}", describe(&e));
}

/// A call that got 401 while another call's re-login is under way waits for it, but not
/// past its own signal: it rejects as aborted, and the re-login goes on.
#[wasm_bindgen_test]
async fn an_abort_ends_a_call_waiting_for_another_calls_relogin() {
    let info = reset(200).await;
    let asked = Rc::new(Cell::new(0));
    let counter = Rc::clone(&asked);
    let never = Closure::<dyn FnMut() -> JsValue>::new(move || {
        counter.set(counter.get() + 1);
        js_sys::Promise::new(&mut |_, _| {}).into()
    });
    let options = js(&srm_login_options(&info, 0));
    set(&options, "credentials", never.as_ref());
    let srm = resolve(siterecovery_wasm::SrmClient::login(options).into()).await;
    fault(json!({ "kind": "expire_sessions", "site": "srm/a" })).await;
    let leading = call(&srm, "getPairings", &[]);
    sleep_ms(50).await;
    assert_eq!(asked.get(), 1, "the first 401 asked for credentials");
    let ctl = web_sys::AbortController::new().unwrap();
    let call_options = js_sys::Object::new();
    set(&call_options, "signal", &ctl.signal());
    let waiting = call(&srm, "getPairings", &[JsValue::UNDEFINED, call_options.into()]);
    sleep_ms(100).await;
    ctl.abort();
    let e = expect_rejection(waiting).await;
    assert_error(&e, "aborted", None);
    assert_eq!(asked.get(), 1, "the second 401 waited for the first's re-login");
    assert_eq!(statuses(&requests().await, "GET", "/pairings"), vec![401, 401]);
    // The first call still waits for its credentials.
    let state = js_sys::Promise::race(&js_sys::Array::of2(&leading, &js_sys::Promise::resolve(&JsValue::from_str("pending"))));
    assert_eq!(resolve(state.into()).await.as_string().as_deref(), Some("pending"));
}

/// `f` as a function of another realm (another frame) looks here: `typeof` says function,
/// `instanceof Function` says no; its `call` is its realm's. The Promise it returns is no
/// `instanceof Promise` either: a thenable.
fn foreign(f: &JsValue) -> JsValue {
    let make = js_sys::Function::new_with_args(
        "f",
        "const g = function () { const p = f(); return { then: (ok, fail) => p.then(ok, fail) }; };
         Object.setPrototypeOf(g, { call: Function.prototype.call });
         return g;",
    );
    let g = make.call1(&JsValue::NULL, f).unwrap();
    assert!(g.is_function() && !g.is_instance_of::<js_sys::Function>());
    g
}

#[wasm_bindgen_test]
async fn a_callback_of_another_realm_logs_in_again() {
    let info = reset(200).await;
    let s = &info["srm"][0];
    let (callback, calls) = counting_callback(js(&json!({ "username": s["username"], "password": s["password"] })));
    let options = js(&srm_login_options(&info, 0));
    set(&options, "credentials", &foreign(callback.as_ref()));
    let srm = resolve(siterecovery_wasm::SrmClient::login(options).into()).await;
    fault(json!({ "kind": "expire_sessions", "site": "srm/a" })).await;
    resolve(call(&srm, "getPairings", &[])).await;
    assert_eq!(calls.get(), 1, "credentials() called once");
    assert_eq!(statuses(&requests().await, "GET", "/pairings"), vec![401, 200]);
}

#[wasm_bindgen_test]
async fn without_the_callback_an_expired_session_rejects_401() {
    let info = reset(200).await;
    let srm = srm_login(&info, 0).await;
    fault(json!({ "kind": "expire_sessions", "site": "srm/a" })).await;
    let e = expect_rejection(call(&srm, "getPairings", &[])).await;
    assert_error(&e, "http", None);
    assert_eq!(get_f64(&e, "status"), Some(401.0));
    assert_eq!(matching(&requests().await, "POST", "/session").len(), 1, "no second login");
}

/// A `credentials()` that fails, or answers without what a login needs, leaves the call's 401
/// standing, with why as its `cause`; nothing is sent for a login. One that answers nothing
/// (a dialog cancelled) leaves the 401 as it is.
#[wasm_bindgen_test]
async fn why_a_callback_gave_no_login_is_the_cause_of_the_401() {
    let info = reset(200).await;
    for (body, cause) in [
        ("throw new Error('the login dialog was closed')", Some("the login dialog was closed")),
        ("return Promise.reject(new Error('no vault'))", Some("no vault")),
        ("return { username: 'administrator@vsphere.local' }", Some("password")),
        ("return undefined", None),
    ] {
        let options = js(&srm_login_options(&info, 0));
        set(&options, "credentials", &js_sys::Function::new_no_args(body));
        let srm = resolve(siterecovery_wasm::SrmClient::login(options).into()).await;
        fault(json!({ "kind": "expire_sessions", "site": "srm/a" })).await;
        let logins = matching(&requests().await, "POST", "/srm/a/api/rest/srm/v2/session").len();
        let e = expect_rejection(call(&srm, "getPairings", &[])).await;
        assert_eq!((get_str(&e, "kind").as_deref(), get_f64(&e, "status")), (Some("http"), Some(401.0)), "{body}: {}", describe(&e));
        let got = get(&e, "cause");
        match cause {
            Some("password") => assert_error(&got, "validation", Some("password")),
            Some(message) => assert_eq!(get_str(&got, "message").as_deref(), Some(message), "{body}"),
            None => assert!(got.is_undefined(), "{body}: cause {}", describe(&got)),
        }
        assert_eq!(matching(&requests().await, "POST", "/srm/a/api/rest/srm/v2/session").len(), logins, "{body}: a login was sent");
    }
}

#[wasm_bindgen_test]
async fn a_callback_with_wrong_credentials_rejects_without_looping() {
    let info = reset(200).await;
    let s = &info["srm"][0];
    let (callback, calls) = counting_callback(js(&json!({ "username": s["username"], "password": "not-the-password" })));
    let options = js(&srm_login_options(&info, 0));
    set(&options, "credentials", callback.as_ref());
    let srm = resolve(siterecovery_wasm::SrmClient::login(options).into()).await;
    fault(json!({ "kind": "expire_sessions", "site": "srm/a" })).await;
    let e = expect_rejection(call(&srm, "getPairings", &[])).await;
    assert_eq!((get_str(&e, "kind").as_deref(), get_f64(&e, "status")), (Some("http"), Some(401.0)), "{}", describe(&e));
    assert_eq!(calls.get(), 1);
    assert!(!error_text(&e).contains("not-the-password"));
}

#[wasm_bindgen_test]
async fn h4_relogin_with_a_synchronous_callback() {
    let info = reset(200).await;
    let a = &info["replication"][0];
    let body = format!(
        "globalThis.__siterecoveryCalls = (globalThis.__siterecoveryCalls || 0) + 1; return {{ username: {}, password: {} }};",
        a["username"], a["password"]
    );
    let callback = js_sys::Function::new_no_args(&body);
    let options = js(&repl_login_options(&info, 0));
    set(&options, "credentials", &callback);
    let repl = resolve(siterecovery_wasm::ReplicationClient::login(options).into()).await;
    let count = || get(&js_sys::global(), "__siterecoveryCalls").as_f64().unwrap_or(0.0);
    let before = count();
    fault(json!({ "kind": "expire_sessions", "site": "vr/a" })).await;
    let sites = resolve(call(&repl, "getSites", &[])).await;
    assert_eq!(js_sys::Array::from(&sites).length(), 1);
    assert_eq!(count() - before, 1.0, "the sync callback was called once");
    assert_eq!(statuses(&requests().await, "GET", "/vr/a/sites"), vec![401, 200]);
}

#[wasm_bindgen_test]
async fn calls_that_get_401_together_share_one_login() {
    let info = reset(200).await;
    let (srm, _callback, calls) = srm_with_counting_callback(&info).await;

    fault(json!({ "kind": "expire_sessions", "site": "srm/a" })).await;
    // Three calls at once: all three get 401 on the expired session.
    let pending: Vec<JsValue> = (0..3).map(|_| call(&srm, "getPairings", &[])).collect();
    for p in pending {
        assert_eq!(list_len(&resolve(p).await), 0);
    }
    assert_eq!(calls.get(), 1, "credentials() called once for the three");
    let log = requests().await;
    assert_eq!(statuses(&log, "POST", "/srm/a/api/rest/srm/v2/session"), vec![200, 200], "one login, then one re-login");
    let mut gets = statuses(&log, "GET", "/pairings");
    gets.sort_unstable();
    assert_eq!(gets, vec![200, 200, 200, 401, 401, 401], "each call sent again once");
}
