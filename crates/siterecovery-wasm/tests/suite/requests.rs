#![cfg(target_arch = "wasm32")]
//! The package makes a call's URL and headers in JS (js/package.js `requestTarget`); native
//! clients with siterecovery-core's `request::url` and `request::params`. Call by call, the
//! two give the same URL, the same headers and the same `operationID`, or refuse the same
//! header.
use js_sys::Array;
use serde_json::{json, Value};
use siterecovery_schema::table::{Location, Operation, Param};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

use crate::common::*;

#[wasm_bindgen(module = "/js/package.js")]
extern "C" {
    #[wasm_bindgen(js_name = requestTarget)]
    fn request_target(base: &str, template: &str, path: &Array, params: &JsValue, names: &str) -> Array;
}

/// `(url, headers as "\nname\nvalue"..., operationID)`, or the header refused.
type Target = Result<(String, String, Option<String>), String>;

const BASE: &str = "https://srm.example/api/rest/srm/v2";

fn native(op: &Operation, args: &[String], params: Option<&Value>) -> Target {
    let float = |f: f64| js_sys::Number::from(f).to_string_with_radix(10).unwrap().as_string().unwrap();
    let p = siterecovery_core::request::params(op, params.as_ref(), &float);
    let mut headers = String::new();
    for (name, value) in &p.headers {
        if !siterecovery_core::request::is_header_value(value) {
            return Err(name.to_string());
        }
        headers.push_str(&format!("\n{name}\n{value}"));
    }
    Ok((siterecovery_core::request::url(BASE, op, args, &p.query), headers, p.correlation))
}

fn package(op: &Operation, args: &[&JsValue], params: &JsValue) -> Target {
    let path = Array::new();
    for arg in args {
        path.push(arg);
    }
    let mut names = String::new();
    // As src/session.rs tells them: 0 a query parameter, 1 a header, 2 the `operationID` header.
    for p in op.params {
        let kind = match p.location {
            Location::Header if siterecovery_core::request::is_correlation(p) => 2,
            Location::Header => 1,
            _ => 0,
        };
        names.push_str(&format!("\n{kind}{}", p.name));
    }
    let target = request_target(BASE, op.path, &path, params, &names);
    match target.get(0).as_string() {
        Some(url) => Ok((url, target.get(1).as_string().unwrap(), target.get(2).as_string())),
        None => Err(target.get(1).as_string().unwrap()),
    }
}

const PATH: [Param; 2] = [Param::path("pairing_id", "pairingId", 0), Param::path("plan_id", "planId", 0)];
const PARAMS: [Param; 5] = [
    Param::query("limit", 0, false),
    Param::header("operationID", 0, false),
    Param::query("filter", 0, false),
    Param::header("x-tags", 0, false),
    Param::query("sort by", 0, false),
];

#[wasm_bindgen_test]
fn request_targets_are_made_as_natively() {
    let ops = [
        Operation::get("/pairings/{pairing_id}/recovery-management/plans/{plan_id}/actions/reprotect", &PATH, &PARAMS),
        // More placeholders than path parameters (filled in turn, then empty), one never closed.
        Operation::get("/a/{plan_id}/b/{pairing_id}{unknown}/c/{open", &PATH, &PARAMS),
        Operation::get("/tasks", &[], &[]),
    ];
    let args = [["p-1", "plan-2"], ["ü/ä?#&=+ %41", "~._-!*'()"], ["\u{1F600}", ""], ["a\nb", "{plan_id}"]];
    let params = [
        None,
        Some(json!({})),
        Some(json!({ "limit": 5, "filter": "a b&c=d", "operationID": "sr-1" })),
        Some(
            json!({ "limit": 1.5, "filter": ["a b", 7, true, null, { "x": 1 }, ["n", 2]], "operationID": ["x", "y"], "x-tags": [], "sort by": "é" }),
        ),
        Some(json!({ "limit": -0.0, "filter": false, "x-tags": [null, {}] })),
        Some(json!({ "limit": 1e21, "filter": 0.1, "sort by": -12 })),
        Some(json!({ "limit": null, "filter": {}, "operationID": null, "other": 1 })),
        Some(json!({ "x-tags": ["ok", "ÿ\t"], "operationID": "ok" })),
        Some(json!({ "operationID": "bad\nvalue", "x-tags": "Ω" })),
        Some(json!({ "operationID": "ok", "x-tags": ["ok", "Ω"] })),
        Some(json!({ "x-tags": "nul\u{0}" })),
    ];
    let mut compared = 0;
    for op in &ops {
        for a in &args {
            let native_args: Vec<String> = a.iter().take(op.path_params.len()).map(|s| s.to_string()).collect();
            let package_args: Vec<JsValue> = native_args.iter().map(|s| JsValue::from_str(s)).collect();
            for p in &params {
                let given = p.as_ref().map_or(JsValue::UNDEFINED, js);
                let package = package(op, &package_args.iter().collect::<Vec<_>>(), &given);
                assert_eq!(package, native(op, &native_args, p.as_ref()), "{} {a:?} {p:?}", op.path);
                compared += 1;
            }
        }
    }
    assert_eq!(compared, 3 * 4 * 11);

    // What JS strings can hold and Rust strings cannot: a lone surrogate is read as U+FFFD.
    let op = &ops[0];
    let lone = JsValue::from(js_sys::JsString::from_char_code1(0xD800));
    let given = js(&json!({ "filter": "" }));
    set(&given, "filter", &lone);
    let package = package(op, &[&lone, &JsValue::from_str("x")], &given);
    let native = native(op, &["\u{FFFD}".to_string(), "x".to_string()], Some(&json!({ "filter": "\u{FFFD}" })));
    assert_eq!(package, native);
    assert_eq!(package.unwrap().0, format!("{BASE}/pairings/%EF%BF%BD/recovery-management/plans/x/actions/reprotect?filter=%EF%BF%BD"));
}
