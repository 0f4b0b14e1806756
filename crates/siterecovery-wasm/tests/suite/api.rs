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
    assert_eq!(get_str(&srm, "baseUrl").as_deref(), info["srm"][0]["url"].as_str());
    assert_eq!(get_str(&repl, "baseUrl").as_deref(), info["replication"][0]["url"].as_str());
}
