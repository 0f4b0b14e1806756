//! Every rejection is a `SiteRecoveryError` (js/error.js): `kind`, `status`, `code`, `opId`,
//! `field`, `taskId`, `message`. Built from `siterecovery::Error`, which never holds secrets.
use siterecovery::Error;
use wasm_bindgen::prelude::*;

use crate::convert::to_js;

#[wasm_bindgen(module = "/js/error.js")]
extern "C" {
    #[wasm_bindgen(js_name = makeError)]
    fn make_error(message: &str, fields: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = isAbortSignal)]
    pub fn is_abort_signal(value: &JsValue) -> bool;
}

fn set(o: &js_sys::Object, key: &str, value: JsValue) {
    if !value.is_undefined() {
        let _ = js_sys::Reflect::set(o, &JsValue::from_str(key), &value);
    }
}

fn opt_str(v: Option<&str>) -> JsValue {
    v.map(JsValue::from_str).unwrap_or(JsValue::UNDEFINED)
}

pub fn to_js_error(e: &Error) -> JsValue {
    let o = js_sys::Object::new();
    set(&o, "kind", JsValue::from_str(e.kind()));
    set(&o, "status", e.status().map(|s| JsValue::from(s as f64)).unwrap_or(JsValue::UNDEFINED));
    set(&o, "taskId", opt_str(e.task_id()));
    if let Some(h) = e.http() {
        set(&o, "code", opt_str(h.code.as_deref()));
        set(&o, "opId", opt_str(h.op_id.as_deref()));
        set(&o, "operation", JsValue::from_str(h.operation));
        set(&o, "retryAfterMs", h.retry_after_ms.map(|ms| JsValue::from(ms as f64)).unwrap_or(JsValue::UNDEFINED));
        if let Some(body) = &h.body {
            set(&o, "body", to_js(body));
        }
    }
    match e {
        Error::Validation { field, .. } => set(&o, "field", JsValue::from_str(field)),
        Error::Decode { field, .. } => set(&o, "field", opt_str(field.as_deref())),
        Error::Task(task) => {
            set(&o, "task", to_js(&**task));
            if let Some(failure) = &task.error {
                set(&o, "code", opt_str(failure.code.as_deref()));
            }
        }
        Error::Timeout { elapsed_ms, polls, .. } => {
            set(&o, "elapsedMs", JsValue::from(*elapsed_ms as f64));
            set(&o, "polls", JsValue::from(*polls));
        }
        _ => {}
    }
    make_error(&e.to_string(), &o)
}

/// A validation error as a JS value (for input checks done in this crate).
pub fn invalid(field: &str, message: impl Into<String>) -> JsValue {
    to_js_error(&Error::validation(field, message))
}
