#![cfg(target_arch = "wasm32")]
//! Shared helpers of the wasm-bindgen test suite: the simulator's admin API (over fetch, so
//! the same code runs in Node, Chrome and Firefox), JS object building, method calls by JS
//! name, promise helpers and getters.
#![allow(dead_code)]

use std::cell::RefCell;
use std::rc::Rc;

use gloo_net::http::Request;
use js_sys::{Array, Function, Promise, Reflect, JSON};
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;
pub use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Base URL of the running simulator (fixed at compile time).
pub fn sim_url() -> &'static str {
    option_env!("SITERECOVERY_SIM_URL").unwrap_or("http://127.0.0.1:18470")
}

// ---- simulator admin API ------------------------------------------------------------

async fn admin(method: &str, path: &str, body: Option<&Value>) -> Value {
    let url = format!("{}{}", sim_url().trim_end_matches('/'), path);
    let builder = match method {
        "GET" => Request::get(&url),
        "POST" => Request::post(&url),
        "DELETE" => Request::delete(&url),
        other => panic!("admin: unsupported method {other}"),
    };
    let sent = match body {
        Some(b) => builder.header("content-type", "application/json").body(b.to_string()).expect("admin request").send().await,
        None => builder.send().await,
    };
    let response = sent.unwrap_or_else(|e| panic!("simulator not reachable at {url} ({e}); start it first"));
    let status = response.status();
    let text = response.text().await.unwrap_or_default();
    assert!(response.ok(), "admin {method} {path} -> HTTP {status}: {text}");
    if text.trim().is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("admin {path}: bad JSON ({e}): {text}"))
    }
}

/// POST /_sim/reset, then a known config (task duration, int64 timestamps, which a reset
/// keeps). Returns GET /_sim/info.
pub async fn reset(task_duration_ms: u64) -> Value {
    admin("POST", "/_sim/reset", None).await;
    config(json!({ "task_duration_ms": task_duration_ms, "timestamps": "int64" })).await;
    info().await
}

pub async fn config(body: Value) -> Value {
    admin("POST", "/_sim/config", Some(&body)).await
}

pub async fn set_task_duration(ms: u64) {
    config(json!({ "task_duration_ms": ms })).await;
}

pub async fn info() -> Value {
    admin("GET", "/_sim/info", None).await
}

/// POST /_sim/faults (one fault object or a list).
pub async fn fault(f: Value) {
    admin("POST", "/_sim/faults", Some(&f)).await;
}

/// POST /_sim/tasks: `count` SRM tasks on site `a` that run `duration_ms`; their ids.
pub async fn load_tasks(count: u32, duration_ms: u64) -> Vec<String> {
    let body = serde_json::json!({ "site": "a", "count": count, "duration_ms": duration_ms });
    let ids = admin("POST", "/_sim/tasks", Some(&body)).await;
    ids["ids"].as_array().expect("ids").iter().map(|v| v.as_str().expect("id").to_string()).collect()
}

/// GET /_sim/requests: `[{method, path, status, fault?, operation_id?}]`.
pub async fn requests() -> Vec<Value> {
    match admin("GET", "/_sim/requests", None).await {
        Value::Array(list) => list,
        other => panic!("GET /_sim/requests: not a list: {other}"),
    }
}

/// GET /_sim/tokens: every session token the simulator issued since the last reset.
pub async fn issued_tokens() -> Vec<String> {
    let body = admin("GET", "/_sim/tokens", None).await;
    body["tokens"].as_array().expect("tokens").iter().map(|t| t.as_str().expect("a token").to_string()).collect()
}

pub async fn request_count() -> usize {
    requests().await.len()
}

/// Requests whose method matches and whose path contains `path_part`.
pub fn matching<'a>(log: &'a [Value], method: &str, path_part: &str) -> Vec<&'a Value> {
    log.iter().filter(|r| r["method"].as_str() == Some(method) && r["path"].as_str().is_some_and(|p| p.contains(path_part))).collect()
}

/// A raw SRM `POST /session` (Basic auth) outside the client: returns the session id.
/// After `reset`, session ids are deterministic, so this tells a test which id the client's
/// next login will get (reset again before the client logs in).
pub async fn raw_srm_login(info: &Value, site: usize) -> String {
    let s = &info["srm"][site];
    let basic = basic(s["username"].as_str().unwrap(), s["password"].as_str().unwrap());
    let url = format!("{}/session", s["url"].as_str().unwrap());
    let response = Request::post(&url).header("authorization", &basic).send().await.expect("raw login");
    assert_eq!(response.status(), 200, "raw SRM login");
    let body: Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
    body["session_id"].as_str().expect("session_id").to_string()
}

pub fn basic(user: &str, password: &str) -> String {
    let encoded = js_sys::global().unchecked_into::<GlobalWithBtoa>().btoa(&format!("{user}:{password}"));
    format!("Basic {encoded}")
}

#[wasm_bindgen]
extern "C" {
    type GlobalWithBtoa;
    #[wasm_bindgen(method)]
    fn btoa(this: &GlobalWithBtoa, s: &str) -> String;
}

// ---- JS values ---------------------------------------------------------------------

/// A plain JS object/array/value from JSON.
pub fn js(v: &Value) -> JsValue {
    JSON::parse(&v.to_string()).expect("JSON.parse")
}

pub fn set(obj: &JsValue, key: &str, value: &JsValue) {
    Reflect::set(obj, &JsValue::from_str(key), value).expect("Reflect.set");
}

pub fn get(obj: &JsValue, key: &str) -> JsValue {
    if obj.is_undefined() || obj.is_null() {
        return JsValue::UNDEFINED;
    }
    Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// `obj.a.b.c` (`[0]` style indexes as plain segments: `list.0.id`).
pub fn path(obj: &JsValue, dotted: &str) -> JsValue {
    dotted.split('.').fold(obj.clone(), |o, k| get(&o, k))
}

pub fn get_str(obj: &JsValue, key: &str) -> Option<String> {
    get(obj, key).as_string()
}

pub fn get_f64(obj: &JsValue, key: &str) -> Option<f64> {
    get(obj, key).as_f64()
}

/// `typeof value`.
pub fn type_of(v: &JsValue) -> String {
    v.js_typeof().as_string().unwrap_or_default()
}

/// `JSON.stringify(value)` ("" when it cannot be stringified).
pub fn stringify(v: &JsValue) -> String {
    JSON::stringify(v).ok().and_then(|s| s.as_string()).unwrap_or_default()
}

/// Everything an error shows: `String(e)`, `e.message` and `JSON.stringify(e)`.
pub fn error_text(e: &JsValue) -> String {
    let shown = js_sys::JsString::from(e.clone()).as_string().unwrap_or_default();
    format!("{shown} | {} | {}", get_str(e, "message").unwrap_or_default(), stringify(e))
}

/// Short description of an error for assertion messages.
pub fn describe(e: &JsValue) -> String {
    format!(
        "kind={:?} status={:?} field={:?} code={:?} message={:?}",
        get(e, "kind"),
        get(e, "status"),
        get(e, "field"),
        get(e, "code"),
        get(e, "message")
    )
}

pub fn is_uuid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() == 5 && parts.iter().map(|p| p.len()).eq([8, 4, 4, 4, 12]) && parts.iter().all(|p| p.chars().all(|c| c.is_ascii_hexdigit()))
}

// ---- calls and promises ---------------------------------------------------------------

/// `obj[name](...args)`, catching a synchronous throw.
pub fn try_call(obj: &JsValue, name: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let f = get(obj, name);
    let f: Function = f.dyn_into().unwrap_or_else(|_| panic!("{name} is not a function on the object"));
    let array = Array::new();
    for a in args {
        array.push(a);
    }
    f.apply(obj, &array)
}

/// `obj[name](...args)`; panics on a synchronous throw.
pub fn call(obj: &JsValue, name: &str, args: &[JsValue]) -> JsValue {
    try_call(obj, name, args).unwrap_or_else(|e| panic!("{name} threw: {}", describe(&e)))
}

/// Await a promise (or a plain value); Err on rejection.
pub async fn settle(p: JsValue) -> Result<JsValue, JsValue> {
    let p = Promise::resolve(&p);
    JsFuture::from(p).await
}

/// Await a promise that must resolve.
pub async fn resolve(p: JsValue) -> JsValue {
    settle(p).await.unwrap_or_else(|e| panic!("promise rejected: {}", describe(&e)))
}

/// Await a promise that must reject; returns the rejection value.
pub async fn expect_rejection(p: JsValue) -> JsValue {
    match settle(p).await {
        Ok(v) => panic!("promise resolved, expected a rejection: {}", stringify(&v)),
        Err(e) => e,
    }
}

/// Asserts a SiteRecoveryError of `kind` (and `field` when given).
pub fn assert_error(e: &JsValue, kind: &str, field: Option<&str>) {
    assert!(e.is_instance_of::<js_sys::Error>(), "not an Error: {}", describe(e));
    assert_eq!(get_str(e, "kind").as_deref(), Some(kind), "{}", describe(e));
    if let Some(field) = field {
        assert_eq!(get_str(e, "field").as_deref(), Some(field), "{}", describe(e));
    }
}

/// A call rejected (or threw) with a validation error naming `field`, and sent nothing.
pub async fn assert_invalid(result: Result<JsValue, JsValue>, field: &str) {
    let e = match result {
        Err(thrown) => thrown,
        Ok(p) => expect_rejection(p).await,
    };
    assert_error(&e, "validation", Some(field));
}

pub async fn sleep_ms(ms: u32) {
    gloo_timers::future::TimeoutFuture::new(ms).await;
}

pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

// ---- clients ---------------------------------------------------------------------------

pub fn srm_login_options(info: &Value, site: usize) -> Value {
    let s = &info["srm"][site];
    json!({ "baseUrl": s["url"], "username": s["username"], "password": s["password"] })
}

pub fn repl_login_options(info: &Value, site: usize) -> Value {
    let a = &info["replication"][site];
    json!({ "baseUrl": a["url"], "username": a["username"], "password": a["password"] })
}

/// A logged-in `SrmClient` (the JS object) of site 0 = A, 1 = B.
pub async fn srm_login(info: &Value, site: usize) -> JsValue {
    resolve(siterecovery_wasm::SrmClient::login(js(&srm_login_options(info, site))).into()).await
}

/// A logged-in `ReplicationClient` (the JS object) of appliance 0 = A, 1 = B.
pub async fn repl_login(info: &Value, site: usize) -> JsValue {
    resolve(siterecovery_wasm::ReplicationClient::login(js(&repl_login_options(info, site))).into()).await
}

/// PairingSpec for pairing site `from` with the other site.
pub fn pairing_spec(info: &Value, from: usize) -> Value {
    let r = &info["srm"][1 - from];
    json!({
        "pair_vc_guid": r["vc_guid"],
        "pair_psc_info": {
            "url": r["psc"]["url"], "port": r["psc"]["port"], "thumbprint": r["psc"]["thumbprint"],
            "username": r["username"], "password": r["password"],
        },
    })
}

/// `srm` (of site A) pairs with site B: the pairing task and its id.
pub async fn new_pairing_task(info: &Value, srm: &JsValue) -> (JsValue, String) {
    let task = resolve(call(srm, "createPairing", &[js(&pairing_spec(info, 0))])).await;
    let id = get_str(&task, "id").expect("task id");
    (task, id)
}

/// Credentials of the other SRM site (for createRemoteSession).
pub fn remote_credentials(info: &Value, from: usize) -> JsValue {
    let r = &info["srm"][1 - from];
    js(&json!({ "username": r["username"], "password": r["password"] }))
}

/// Small wait delays so tests are fast.
pub fn fast() -> Value {
    json!({ "minDelayMs": 20, "maxDelayMs": 100 })
}

/// Wait options with extra fields.
pub fn wait_opts(extra: Value) -> JsValue {
    let mut o = fast();
    if let (Some(o), Value::Object(extra)) = (o.as_object_mut(), extra) {
        o.extend(extra);
    }
    js(&o)
}

/// `task.wait({minDelayMs: 20, maxDelayMs: 100})`, which must succeed; returns the task.
pub async fn wait_ok(task: &JsValue) -> JsValue {
    let done = resolve(call(task, "wait", &[js(&fast())])).await;
    assert_eq!(get_str(&done, "state").as_deref(), Some("succeeded"));
    done
}

/// An `onProgress` callback recording every view it gets.
pub struct Recorder {
    pub views: Rc<RefCell<Vec<JsValue>>>,
    closure: Closure<dyn FnMut(JsValue)>,
}

impl Recorder {
    pub fn new() -> Recorder {
        let views = Rc::new(RefCell::new(Vec::new()));
        let sink = Rc::clone(&views);
        let closure = Closure::<dyn FnMut(JsValue)>::new(move |v: JsValue| sink.borrow_mut().push(v));
        Recorder { views, closure }
    }

    pub fn function(&self) -> JsValue {
        self.closure.as_ref().clone()
    }

    pub fn views(&self) -> Vec<JsValue> {
        self.views.borrow().clone()
    }
}

/// SRM site A logged in and paired with B: `(info, client, pairing_id)`. Leaves the task
/// duration at `task_ms`.
pub async fn paired_srm(task_ms: u64) -> (Value, JsValue, String) {
    let info = reset(task_ms).await;
    let srm = srm_login(&info, 0).await;
    let task = resolve(call(&srm, "createPairing", &[js(&pairing_spec(&info, 0))])).await;
    wait_ok(&task).await;
    let pairings = resolve(call(&srm, "getPairings", &[])).await;
    let pairing_id = path(&pairings, "list.0.pairing_id").as_string().expect("a pairing after createPairing");
    (info, srm, pairing_id)
}

/// `paired_srm` plus a remote session and the first plan id.
pub async fn srm_with_plan(task_ms: u64) -> (Value, JsValue, String, String) {
    let (info, srm, pairing_id) = paired_srm(task_ms).await;
    resolve(call(&srm, "createRemoteSession", &[JsValue::from_str(&pairing_id), remote_credentials(&info, 0)])).await;
    let plans = resolve(call(&srm, "getAllRecoveryPlans", &[JsValue::from_str(&pairing_id)])).await;
    let plan_id = path(&plans, "list.0.id").as_string().expect("a plan");
    (info, srm, pairing_id, plan_id)
}

pub async fn plan_status(srm: &JsValue, pairing_id: &str, plan_id: &str) -> String {
    let plan = resolve(call(srm, "getRecoveryPlan", &[JsValue::from_str(pairing_id), JsValue::from_str(plan_id)])).await;
    get_str(&plan, "status").expect("plan status")
}

/// Length of `body.list`, counting a missing `list` as empty (see the ignored
/// `empty_list_resolves_with_an_empty_array` test: the client drops an empty `list`).
pub fn list_len(body: &JsValue) -> usize {
    let list = get(body, "list");
    if list.is_undefined() {
        return 0;
    }
    assert!(Array::is_array(&list), "list is not an array: {}", stringify(body));
    Array::from(&list).length() as usize
}
