#![cfg(target_arch = "wasm32")]
//! The package reads task bodies in JS (js/package.js `readTask`); native clients read them with
//! siterecovery-core's `TaskView::read`. Body by body, the two give the same view or the same
//! error: state names, progress, times in every form a server writes them (and the ones no
//! server should), failures, results.
use serde_json::{json, Value};
use siterecovery_core::task::{TaskApi, TaskView};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

use crate::common::*;

#[wasm_bindgen(module = "/js/package.js")]
extern "C" {
    #[wasm_bindgen(js_name = readTask)]
    fn read_task(api: &str, raw: &JsValue) -> js_sys::Array;
}

/// The view as both sides can say it: `Ok(id, state, progress, description, startTime,
/// endTime, error, result)` or `Err(field, message)`.
type Said = Result<(String, String, f64, Option<String>, Option<f64>, Option<f64>, Option<Value>, Option<Value>), (String, String)>;

fn native(api: TaskApi, body: &Value) -> Said {
    let view = TaskView::read(api, &body, body.clone(), Value::clone).map_err(|bad| (bad.field.to_string(), bad.message()))?;
    let error = view.error.map(|e| json!({ "code": e.code, "message": e.message, "details": e.details }));
    let time = |ms: Option<i64>| ms.map(|v| v as f64);
    Ok((
        view.id,
        view.state.as_str().to_string(),
        view.progress.into(),
        view.description,
        time(view.start_time),
        time(view.end_time),
        error,
        view.result,
    ))
}

fn package(api: TaskApi, body: &Value) -> Said {
    let raw = js(body);
    let read = read_task(api.as_str(), &raw);
    let view = read.get(0);
    if view.is_undefined() {
        return Err((read.get(1).as_string().unwrap(), read.get(2).as_string().unwrap()));
    }
    assert!(get(&view, "raw") == raw, "the view's raw is the body itself: {body}");
    assert_eq!(get_str(&view, "api").as_deref(), Some(api.as_str()));
    let state = get_str(&view, "state").unwrap();
    assert_eq!(
        read.get(1).as_f64().map(|i| i as usize),
        ["queued", "running", "succeeded", "failed", "cancelled"].iter().position(|s| *s == state)
    );
    let time = |key: &str| {
        let v = get(&view, key);
        assert!(v.is_null() || type_of(&v) == "number", "{key} of {body} is a number or null: {v:?}");
        v.as_f64()
    };
    let value = |key: &str| {
        let v = get(&view, key);
        (!v.is_null()).then(|| serde_json::from_str::<Value>(&stringify(&v)).unwrap())
    };
    Ok((
        get_str(&view, "id").unwrap(),
        state,
        get_f64(&view, "progress").unwrap(),
        get(&view, "description").as_string(),
        time("startTime"),
        time("endTime"),
        value("error"),
        value("result"),
    ))
}

fn srm(status: &str, more: Value) -> Value {
    let mut body = json!({ "id": "t-1", "status": status });
    body.as_object_mut().unwrap().extend(more.as_object().unwrap().clone());
    body
}

#[wasm_bindgen_test]
fn task_views_are_read_as_natively() {
    let mut bodies: Vec<(TaskApi, Value)> = Vec::new();
    // Times in every form: SRM's start_time (queued_time when it has none) and complete_time.
    let times = [
        json!(1_700_000_000_000i64),
        json!(1_700_000_000_000.0),
        json!(1_700_000_000_000.5),
        json!(9_007_199_254_740_991i64),
        json!(0),
        json!(-1),
        json!(1),
        json!(null),
        json!(true),
        json!({ "ms": 1 }),
        json!("1700000000000"),
        json!(" 1700000000000\n"),
        json!("\u{b}1700000000000"),
        json!("+1700000000000"),
        json!("-1700000000000"),
        json!("0"),
        json!("0001700000000000"),
        json!("9223372036854775807"),
        json!("9223372036854775808"),
        json!("-9223372036854775809"),
        json!("1e12"),
        json!("1700000000000.0"),
        json!(""),
        json!("+"),
        json!("2023-11-14T22:13:19.999Z"),
        json!("2023-11-14t22:13:19.999z"),
        json!("2023-11-14 22:13:19,9991Z"),
        json!("2023-11-14T23:13:19.999+01:00"),
        json!("2023-11-15T03:43:19.999+0530"),
        json!("2023-11-14T17:13:19.999-05:00"),
        json!("2023-11-14T22:13:19.5"),
        json!("2023-11-14T22:13:19"),
        json!("2016-12-31T23:59:60Z"),
        json!("2024-02-29T00:00:00Z"),
        json!("1969-12-31T23:59:59-01:00"),
        json!("1970-01-01T00:00:00Z"),
        json!("1970-01-01T00:00:00.001Z"),
        json!("0099-06-01T00:00:00Z"),
        json!("9999-12-31T23:59:59.999-23:59"),
        json!("2024-02-30T00:00:00Z"),
        json!("2023-02-29T00:00:00Z"),
        json!("2024-04-31T00:00:00Z"),
        json!("2024-00-10T00:00:00Z"),
        json!("2024-13-01T00:00:00Z"),
        json!("2024-01-00T00:00:00Z"),
        json!("2024-01-01T24:00:00Z"),
        json!("2024-01-01T23:60:00Z"),
        json!("2024-01-01T23:59:61Z"),
        json!("2024-01-01T12:00:00+24:00"),
        json!("2024-01-01T12:00:00+23:60"),
        json!("2024-01-01T12:00:00+1"),
        json!("2024-01-01T12:00:00+01:0"),
        json!("2024-01-01T12:00:00.Z"),
        json!("2024-01-01T12:00:00Zx"),
        json!("2024-01-01T12:00Z"),
        json!("2024-01-01X12:00:00Z"),
        json!("２０２４-01-01T12:00:00Z"),
        json!("yesterday"),
    ];
    for t in &times {
        bodies.push((TaskApi::Srm, srm("SUCCESS", json!({ "start_time": t, "complete_time": t }))));
        bodies.push((TaskApi::Srm, srm("RUNNING", json!({ "queued_time": t, "complete_time": t }))));
        bodies.push((TaskApi::H4, json!({ "id": "h", "state": "RUNNING", "startTime": t, "endTime": t })));
    }
    bodies.push((TaskApi::Srm, srm("QUEUED", json!({ "start_time": 0, "queued_time": 5 }))));
    bodies.push((TaskApi::Srm, srm("CANCELLED", json!({ "start_time": "junk", "queued_time": "7" }))));
    // Progress: clamped, truncated, forced to 100 on success, 0 when it is no number.
    for p in [json!(40), json!(40.7), json!(-5), json!(150), json!("50"), json!(null), json!(99.999)] {
        bodies.push((TaskApi::Srm, srm("RUNNING", json!({ "progress": p }))));
        bodies.push((TaskApi::Srm, srm("SUCCESS", json!({ "progress": p }))));
        bodies.push((TaskApi::H4, json!({ "id": "h", "state": "PENDING", "progress": p })));
    }
    // Failures: only of a failed task, only from an object; the first code key that has one.
    for error in [
        json!({ "message": "bad creds", "details": "x", "error_code": "E1" }),
        json!({ "code": "C", "error_code": "E1", "message": "" }),
        json!({ "code": "", "error_code": "E1" }),
        json!({ "msg": "srm reads message, not msg" }),
        json!({}),
        json!("a string"),
        json!(["message"]),
        json!(null),
    ] {
        bodies.push((TaskApi::Srm, srm("ERROR", json!({ "error": error }))));
        bodies.push((TaskApi::Srm, srm("SUCCESS", json!({ "error": error }))));
        bodies.push((TaskApi::H4, json!({ "id": "h", "state": "FAILED", "error": error })));
    }
    bodies.push((
        TaskApi::H4,
        json!({ "id": "h", "state": "FAILED", "error": { "code": "Forbidden", "msg": "Permission denied.", "args": [] } }),
    ));
    // Results and descriptions.
    for result in [json!({ "pairing": "p" }), json!([1]), json!(0), json!(false), json!(""), json!(null)] {
        bodies.push((TaskApi::Srm, srm("SUCCESS", json!({ "result": result, "description": "Create pairing" }))));
    }
    bodies.push((TaskApi::Srm, srm("RUNNING", json!({ "description": "" }))));
    bodies.push((TaskApi::H4, json!({ "id": "h", "state": "SUCCEEDED", "description": 5, "result": { "siteId": "s" } })));
    // State names of each API, and what is no task.
    for status in ["QUEUED", "RUNNING", "SUCCESS", "ERROR", "CANCELLED", "PENDING", "SUCCEEDED", "FAILED", "CANCELED"] {
        bodies.push((TaskApi::Srm, srm(status, json!({}))));
        bodies.push((TaskApi::H4, json!({ "id": "h", "state": status })));
    }
    for status in ["success", "", "constructor", "__proto__", "toString", "say \"hi\"\n\u{1}\u{7f}é"] {
        bodies.push((TaskApi::Srm, srm(status, json!({}))));
        bodies.push((TaskApi::H4, json!({ "id": "h", "state": status })));
    }
    for body in [
        json!({ "status": "RUNNING" }),
        json!({ "id": "", "status": "RUNNING" }),
        json!({ "id": 7, "status": "RUNNING" }),
        json!({ "id": "t", "status": 1 }),
        json!({ "id": "t", "state": "RUNNING" }),
        json!(["id"]),
        json!("t"),
        json!(null),
    ] {
        bodies.push((TaskApi::Srm, body.clone()));
        bodies.push((TaskApi::H4, body));
    }
    assert!(bodies.len() > 250);
    for (api, body) in &bodies {
        assert_eq!(package(*api, body), native(*api, body), "{} task {body}", api.as_str());
    }
}
