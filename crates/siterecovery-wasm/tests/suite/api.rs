#![cfg(target_arch = "wasm32")]
//! The JS surface: every operation of `operations()` is a method of its client class.
use js_sys::{Array, Object};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

use crate::common::*;

#[wasm_bindgen_test]
fn operations_lists_both_apis() {
    let ops = Array::from(&siterecovery_wasm::operations());
    assert_eq!(ops.length(), 24);
    let count = |api: &str| ops.iter().filter(|o| get_str(o, "api").as_deref() == Some(api)).count();
    assert_eq!((count("srm"), count("h4")), (19, 5));
    for op in ops.iter() {
        let js_name = get_str(&op, "jsName").expect("jsName");
        let op_id = get_str(&op, "operationId").expect("operationId");
        assert_eq!(js_name, op_id, "jsName is the camelCase operationId");
        assert!(get(&op, "returnsTask").as_bool().is_some(), "returnsTask is a boolean for {op_id}");
    }
    let returns_task = |id: &str| {
        ops.iter().find(|o| get_str(o, "operationId").as_deref() == Some(id)).map(|o| get(&o, "returnsTask").as_bool() == Some(true))
    };
    assert_eq!(returns_task("createPairing"), Some(true));
    assert_eq!(returns_task("pairSite"), Some(true));
    assert_eq!(returns_task("getPairings"), Some(false));
}

fn has_function(target: &JsValue, name: &str) -> bool {
    type_of(&get(target, name)) == "function"
}

#[wasm_bindgen_test]
async fn every_operation_has_a_method() {
    let info = reset(300).await;
    let srm = srm_login(&info, 0).await;
    let repl = repl_login(&info, 0).await;
    let srm_proto: JsValue = Object::get_prototype_of(&srm).into();
    let repl_proto: JsValue = Object::get_prototype_of(&repl).into();
    let srm_class = get(&srm_proto, "constructor");
    let repl_class = get(&repl_proto, "constructor");
    let mut missing = Vec::new();
    for op in Array::from(&siterecovery_wasm::operations()).iter() {
        let api = get_str(&op, "api").unwrap();
        let name = get_str(&op, "jsName").unwrap();
        let (proto, class) = match api.as_str() {
            "srm" => (&srm_proto, &srm_class),
            "h4" => (&repl_proto, &repl_class),
            other => panic!("unknown api {other}"),
        };
        let found = if name == "login" { has_function(class, &name) } else { has_function(proto, &name) };
        if !found {
            missing.push(format!("{api}.{name}"));
        }
    }
    assert!(missing.is_empty(), "operations without a JS method: {missing:?}");
    // The documented extras.
    for extra in ["loginRemote", "resumeTask"] {
        assert!(has_function(&srm_proto, extra), "SrmClient.prototype.{extra}");
    }
    assert!(has_function(&repl_proto, "resumeTask"));
    assert!(has_function(&repl_class, "pairSites"), "static ReplicationClient.pairSites");
    // `login` is static only: installing the generated methods gives no instance `login`.
    for proto in [&srm_proto, &repl_proto] {
        assert!(get(proto, "login").is_undefined(), "an instance login was installed");
    }
    assert_eq!(get_str(&srm, "baseUrl").as_deref(), info["srm"][0]["url"].as_str());
    assert_eq!(get_str(&repl, "baseUrl").as_deref(), info["replication"][0]["url"].as_str());
}

/// `apiVersion` picks the SRM base path (1.0.0 -> /v1, 2.0.0 -> /v2) when the base URL has
/// none, must agree with one that has, and is 4.7 for the replication appliance.
#[wasm_bindgen_test]
async fn api_version_selects_the_base_path() {
    let info = reset(300).await;
    let site = &info["srm"][0];
    let host = site["url"].as_str().unwrap().split("/api/rest/srm/").next().unwrap().to_string();
    let login = |extra: serde_json::Value| {
        let mut o = srm_login_options(&info, 0);
        o.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        JsValue::from(siterecovery_wasm::SrmClient::login(js(&o)))
    };
    for (version, path) in [("1.0.0", "/api/rest/srm/v1"), ("2.0.0", "/api/rest/srm/v2")] {
        let srm = resolve(login(serde_json::json!({ "baseUrl": host, "apiVersion": version }))).await;
        assert_eq!(get_str(&srm, "baseUrl"), Some(format!("{host}{path}")));
        let pairings = resolve(call(&srm, "getPairings", &[])).await;
        assert_eq!(list_len(&pairings), 0, "the {version} API answers");
        let log = requests().await;
        assert!(!matching(&log, "GET", &format!("{path}/pairings")).is_empty(), "{version} called {path}");
    }
    let before = request_count().await;
    assert_invalid(Ok(login(serde_json::json!({ "apiVersion": "3.0.0" }))), "apiVersion").await;
    assert_invalid(Ok(login(serde_json::json!({ "apiVersion": "1.0.0" }))), "apiVersion").await; // baseUrl says v2
    let repl = |version: &str| {
        let mut o = repl_login_options(&info, 0);
        o["apiVersion"] = serde_json::json!(version);
        JsValue::from(siterecovery_wasm::ReplicationClient::login(js(&o)))
    };
    assert_invalid(Ok(repl("4.6")), "apiVersion").await;
    assert_eq!(request_count().await, before, "rejected logins sent nothing");
    let ok = resolve(repl("4.7")).await;
    assert!(get_str(&ok, "baseUrl").is_some());
}
