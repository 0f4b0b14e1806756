//! The task view of both APIs over JS values (the shared `TaskView`, its `raw` and `result`
//! as the server sent them), and its plain-object form: what `onProgress` receives,
//! `task.toJSON()` returns and a task error carries.
#[allow(unused_imports)]
use crate::prelude::*;
use siterecovery_core::task::{TaskApi, TaskView};
use wasm_bindgen::JsValue;

use crate::errors::Failure;
use crate::js::{num_or_null, set, str_or_null, Js};

pub type View = TaskView<JsValue>;

/// The task in an answer with `status` (a body that is no task is a `decode` error).
pub fn read(api: TaskApi, status: u16, raw: JsValue) -> Result<View, Failure> {
    TaskView::read(api, &Js(raw.clone()), raw, |j| j.0).map_err(|bad| Failure::decode(Some(status), Some(bad.field), &bad.message()))
}

/// Epoch milliseconds as a JS number (never BigInt), or null.
pub fn time(ms: Option<i64>) -> JsValue {
    num_or_null(ms.map(|v| v as f64))
}

/// `{ id, api, state, progress, description, startTime, endTime, error, result, raw }`.
pub fn view_to_js(v: &View) -> JsValue {
    let o = js_sys::Object::new();
    set(&o, "id", &JsValue::from_str(&v.id));
    set(&o, "api", &JsValue::from_str(v.api.as_str()));
    set(&o, "state", &JsValue::from_str(v.state.as_str()));
    set(&o, "progress", &JsValue::from(v.progress));
    set(&o, "description", &str_or_null(v.description.as_deref()));
    set(&o, "startTime", &time(v.start_time));
    set(&o, "endTime", &time(v.end_time));
    set(&o, "error", &failure(v));
    set(&o, "result", v.result.as_ref().unwrap_or(&JsValue::NULL));
    set(&o, "raw", &v.raw);
    o.into()
}

/// `{ code, message, details }` of a failed task, or null.
pub fn failure(v: &View) -> JsValue {
    let Some(e) = &v.error else { return JsValue::NULL };
    let o = js_sys::Object::new();
    set(&o, "code", &str_or_null(e.code.as_deref()));
    set(&o, "message", &JsValue::from_str(&e.message));
    set(&o, "details", &str_or_null(e.details.as_deref()));
    o.into()
}
