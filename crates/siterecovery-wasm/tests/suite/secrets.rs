#![cfg(target_arch = "wasm32")]
//! Secrets (issue 9.6): a full run with known passwords — SRM login, remote login,
//! `pair_psc_info.password`, h4 login, wrong and right, a re-login through the `credentials`
//! callback — and nothing the package shows carries a password, a Basic-auth value or a
//! session token the simulator issued: error messages, `String(err)`, `err.stack`, the JSON
//! of errors, tasks and clients, resume tokens, and anything written to the console.
use js_sys::{Array, Object};
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

use crate::common::*;

#[wasm_bindgen(module = "/tests/suite/secrets.js")]
extern "C" {
    #[wasm_bindgen(js_name = captureConsole)]
    fn capture_console() -> JsValue;
    fn everything(e: &JsValue) -> String;
}

/// The console wrapped while it lives.
struct Console(JsValue);

impl Console {
    fn lines(&self) -> Vec<String> {
        Array::from(&get(&self.0, "lines")).iter().filter_map(|l| l.as_string()).collect()
    }
}

impl Drop for Console {
    fn drop(&mut self) {
        let _ = try_call(&self.0, "restore", &[]);
    }
}

/// `S3cr3t-Pa55-<what>-<random>`.
fn secret(what: &str) -> String {
    format!("S3cr3t-Pa55-{what}-{:x}", (js_sys::Math::random() * 4_294_967_296.0) as u64)
}

#[derive(Default)]
struct Shown(Vec<(String, String)>);

impl Shown {
    fn error(&mut self, what: &str, e: &JsValue) {
        self.0.push((what.into(), everything(e)));
    }
    fn value(&mut self, what: &str, v: &JsValue) {
        let text = match v.as_string() {
            Some(s) => s,
            None => format!("{} | {}", stringify(v), js_sys::JsString::from(v.clone()).as_string().unwrap_or_default()),
        };
        self.0.push((what.into(), text));
    }
}

async fn rejected(p: JsValue) -> JsValue {
    expect_rejection(p).await
}

#[wasm_bindgen_test]
async fn a_full_run_shows_no_password_or_session_token() {
    let info = reset(150).await;
    let console = Console(capture_console());
    let mut shown = Shown::default();
    let (srm_wrong, remote_wrong, psc_wrong, h4_wrong, net_secret) =
        (secret("srm"), secret("remote"), secret("psc"), secret("h4"), secret("net"));
    let srm_class = || siterecovery_wasm::SrmClient::login;

    // Logins: wrong, then right (site A with a `credentials` callback for the re-login).
    let mut o = srm_login_options(&info, 0);
    o["password"] = json!(srm_wrong);
    let e = rejected(srm_class()(js(&o)).into()).await;
    assert_eq!(get_f64(&e, "status"), Some(401.0), "{}", describe(&e));
    shown.error("failed SRM login", &e);
    let asked = js(&json!({ "username": info["srm"][0]["username"], "password": info["srm"][0]["password"] }));
    let callback = Closure::<dyn FnMut() -> JsValue>::new(move || asked.clone());
    let options = js(&srm_login_options(&info, 0));
    set(&options, "credentials", callback.as_ref());
    let srm = resolve(srm_class()(options).into()).await;
    let mut o = repl_login_options(&info, 0);
    o["password"] = json!(h4_wrong);
    let e = rejected(siterecovery_wasm::ReplicationClient::login(js(&o)).into()).await;
    assert_eq!(get_f64(&e, "status"), Some(401.0), "{}", describe(&e));
    shown.error("failed h4 login", &e);
    let (va, vb) = (repl_login(&info, 0).await, repl_login(&info, 1).await);

    // A validation error of a body with a password in it; a pairing whose PSC password is
    // wrong (the task fails), then the right one.
    let mut spec = pairing_spec(&info, 0);
    spec["pair_psc_info"]["password"] = json!(psc_wrong);
    spec["pair_psc_info"]["port"] = json!("443x");
    let e = rejected(call(&srm, "createPairing", &[js(&spec)])).await;
    assert_error(&e, "validation", Some("pair_psc_info.port"));
    shown.error("validation error", &e);
    spec["pair_psc_info"]["port"] = info["srm"][1]["psc"]["port"].clone();
    let task = resolve(call(&srm, "createPairing", &[js(&spec)])).await;
    shown.value("new task", &task);
    shown.value("resume token (failing task)", &call(&task, "resumeToken", &[]));
    let e = rejected(call(&task, "wait", &[js(&fast())])).await;
    assert_error(&e, "task", None);
    shown.error("failed pairing task", &e);
    shown.value("failed task", &task);
    let task = resolve(call(&srm, "createPairing", &[js(&pairing_spec(&info, 0))])).await;
    let done = wait_ok(&task).await;
    shown.value("succeeded task", &done);
    shown.value("raw task", &get(&done, "raw"));
    shown.value("task.toJSON()", &call(&done, "toJSON", &[]));
    let pairing_id = path(&done, "result.pairing_id").as_string().expect("pairing id");

    // Remote login: wrong, then right; a plan action, resumed from its token.
    let mut remote = remote_credentials(&info, 0);
    set(&remote, "password", &JsValue::from_str(&remote_wrong));
    let e = rejected(call(&srm, "createRemoteSession", &[JsValue::from_str(&pairing_id), remote.clone()])).await;
    assert_eq!(get_f64(&e, "status"), Some(401.0), "{}", describe(&e));
    shown.error("failed remote login", &e);
    remote = remote_credentials(&info, 0);
    resolve(call(&srm, "createRemoteSession", &[JsValue::from_str(&pairing_id), remote])).await;
    let plans = resolve(call(&srm, "getAllRecoveryPlans", &[JsValue::from_str(&pairing_id)])).await;
    shown.value("plans", &plans);
    let plan_id = path(&plans, "list.0.id").as_string().expect("a plan");
    let task = resolve(call(&srm, "runTestRecovery", &[JsValue::from_str(&pairing_id), JsValue::from_str(&plan_id), js(&json!({}))])).await;
    let token = call(&task, "resumeToken", &[]);
    shown.value("resume token (plan)", &token);
    let resumed = call(&srm, "resumeTask", &[token]);
    shown.value("resumed task", &wait_ok(&resumed).await);

    // The appliances, paired both ways.
    let class = get(&Object::get_prototype_of(&va).into(), "constructor");
    let both = resolve(call(&class, "pairSites", &[va.clone(), vb.clone(), js(&fast())])).await;
    for t in Array::from(&both).iter() {
        shown.value("h4 task", &t);
        shown.value("h4 resume token", &call(&t, "resumeToken", &[]));
    }

    // HTTP errors: a 404, a decode error, an expired session (the callback logs in again; a
    // client without one gets the 401), no answer at all.
    let e = rejected(call(&srm, "getPairing", &[JsValue::from_str("00000000-0000-4000-8000-000000000000")])).await;
    shown.error("404", &e);
    fault(json!({ "method": "GET", "path": "/pairings", "kind": "malformed" })).await;
    let e = rejected(call(&srm, "getPairings", &[])).await;
    assert_error(&e, "decode", None);
    shown.error("decode error", &e);
    fault(json!({ "kind": "expire_sessions" })).await;
    shown.value("after a re-login", &resolve(call(&srm, "getPairings", &[])).await);
    let e = rejected(call(&va, "getSites", &[])).await;
    assert_eq!(get_f64(&e, "status"), Some(401.0), "{}", describe(&e));
    shown.error("expired h4 session", &e);
    let e = rejected(
        srm_class()(js(
            &json!({ "baseUrl": "http://127.0.0.1:9/api/rest/srm/v2", "username": "administrator@vsphere.local", "password": net_secret }),
        ))
        .into(),
    )
    .await;
    assert_error(&e, "network", None);
    shown.error("network error", &e);
    for (what, client) in [("SRM client", &srm), ("h4 client", &va)] {
        shown.value(what, client);
    }
    resolve(call(&srm, "logout", &[])).await;
    let _ = settle(call(&vb, "logout", &[])).await;

    // The secrets: every password, right and wrong, its Basic value, every issued token.
    let tokens = issued_tokens().await;
    // Site A, its re-login, appliances A and B.
    assert!(tokens.len() >= 4, "tokens issued: {tokens:?}");
    let mut secrets: Vec<String> = tokens;
    let user = |api: &str| info[api][0]["username"].as_str().unwrap().to_string();
    let mut pairs: Vec<(String, String)> = Vec::new();
    for api in ["srm", "replication"] {
        for site in 0..2 {
            let s: &Value = &info[api][site];
            pairs.push((s["username"].as_str().unwrap().into(), s["password"].as_str().unwrap().into()));
        }
    }
    pairs.extend([(user("srm"), srm_wrong), (user("srm"), remote_wrong), (user("replication"), h4_wrong), (user("srm"), net_secret)]);
    for (user, password) in &pairs {
        secrets.push(basic(user, password).trim_start_matches("Basic ").to_string());
        secrets.push(password.clone());
    }
    secrets.push(psc_wrong);
    // The wrapper works: a probe written through the console is among the lines.
    let global_console = get(&js_sys::global().into(), "console");
    call(&global_console, "warn", &[JsValue::from_str("console capture probe")]);
    let lines = console.lines();
    drop(console);
    assert!(lines.iter().any(|l| l.contains("console capture probe")), "the console was not captured: {lines:?}");
    for line in lines {
        shown.0.push(("console".into(), line));
    }
    assert!(shown.0.len() > 20, "the run showed too little: {}", shown.0.len());
    for (what, text) in &shown.0 {
        assert!(!text.is_empty(), "{what}: nothing shown");
        for s in &secrets {
            assert!(!text.contains(s.as_str()), "{what} shows the secret {s:?}: {text}");
        }
    }
    drop(callback);
}
