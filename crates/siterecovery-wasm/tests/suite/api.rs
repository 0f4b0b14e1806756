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

/// A base URL is checked and trimmed in JS (js/package.js `apiRoot`) as siterecovery-core's
/// `request::base_url` does it natively: every URL gets the same root or the same reason.
#[wasm_bindgen_test]
fn base_urls_are_read_as_natively() {
    let urls = [
        " https://h/api/ ",
        "HTTPS://H/api",
        "hTtP://h:8080",
        "https://h///",
        "HTTPX://h",
        "httpé://h",
        "ftp://h",
        "HTTPſ://h",
        "\u{b}https://h",
        "",
        "  ",
        "h",
        "http://",
        "https:///",
        "http:///x",
        "http://a b",
        "http://a\u{a0}b",
        "https://h/\u{3000}x",
        "http://a\tb",
        "https://h\u{85}",
        "https://\u{feff}h",
        "https://\u{212a}.example",
        "https://admin:secret@h/api",
        "https://admin@h",
        "http://a:b@[::1]:8443/x",
        "https://h/api?x=1",
        "https://h/api#top",
        "https://h?",
        "https://h/a#",
        "https://h/sites/@local",
        "https://h?x@y",
        "https://a@b?x",
        "https://h/p@x?y",
        "https://a#@b",
    ];
    for url in urls {
        let options = js(&serde_json::json!({ "baseUrl": url, "sessionId": "s" }));
        let package = match siterecovery_wasm::SrmClient::from_session(options) {
            Ok(client) => Ok(get_str(&client, "baseUrl").unwrap()),
            Err(e) => Err(get_str(&e, "message").unwrap()),
        };
        let native = siterecovery_core::request::base_url(url).map_err(|why| format!("invalid baseUrl: {why}"));
        assert_eq!(package, native, "baseUrl {url:?}");
    }
    // Then `apiVersion` (the JS API's own: no native twin), after the URL's own check.
    let v2 = "https://h/api/rest/srm/v2";
    let not_one = Err("invalid apiVersion: must be 1.0.0 or 2.0.0".to_string());
    let h4_only = Err("invalid apiVersion: this client speaks h4 API 4.7".to_string());
    for (srm, url, version, expected) in [
        (true, "https://h/", "v1", Ok("https://h/api/rest/srm/v1".to_string())),
        (true, "https://h", "1.0.0", Ok("https://h/api/rest/srm/v1".to_string())),
        (true, "https://h/api/rest/srm/v2/", "2.0.0", Ok(v2.to_string())),
        (true, v2, "v1", Err(format!("invalid apiVersion: does not match baseUrl {v2}"))),
        (true, "https://h/api/rest/srm/v3", "v2", Err("invalid apiVersion: does not match baseUrl https://h/api/rest/srm/v3".into())),
        (true, "https://h", "2", not_one.clone()),
        (true, "https://h", "v2.0.0", not_one.clone()),
        (true, "https://h", "constructor", not_one),
        (true, "ftp://h", "9", Err("invalid baseUrl: must start with https:// or http://".into())),
        (false, "https://h/", "4.7", Ok("https://h".to_string())),
        (false, "https://h", "4.6", h4_only.clone()),
        (false, "https://h", "v2", h4_only),
    ] {
        let options = |key: &str| js(&serde_json::json!({ "baseUrl": url, "apiVersion": version, key: "s" }));
        let made = match srm {
            true => siterecovery_wasm::SrmClient::from_session(options("sessionId")),
            false => siterecovery_wasm::ReplicationClient::from_session(options("token")),
        };
        let package = made.map(|c| get_str(&c, "baseUrl").unwrap()).map_err(|e| get_str(&e, "message").unwrap());
        assert_eq!(package, expected, "baseUrl {url:?}, apiVersion {version:?}");
    }
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
