//! JS values <-> JSON, and the option bags of the JS API, checked field by field.
use serde::Serialize;
use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::AbortSignal;

use crate::errors::{invalid, is_abort_signal};

/// Plain JS objects/arrays/numbers (never `Map`, never BigInt).
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> JsValue {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap_or(JsValue::UNDEFINED)
}

/// A JS argument as JSON; `field` names it in the error.
pub fn from_js(value: &JsValue, field: &str) -> Result<Value, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(Value::Null);
    }
    if value.is_function() || value.is_symbol() || value.is_bigint() {
        return Err(invalid(field, "must be a plain object"));
    }
    serde_wasm_bindgen::from_value::<Value>(value.clone()).map_err(|e| invalid(field, e.to_string()))
}

/// An optional JS argument, `undefined` when absent.
pub fn or_undefined(value: Option<JsValue>) -> JsValue {
    value.unwrap_or(JsValue::UNDEFINED)
}

/// A JS object argument (or absent).
pub fn object_arg(value: &JsValue, field: &str) -> Result<Option<Value>, JsValue> {
    match from_js(value, field)? {
        Value::Null => Ok(None),
        v @ Value::Object(_) => Ok(Some(v)),
        _ => Err(invalid(field, "must be an object")),
    }
}

/// A non-empty string argument (path parameters, ids).
pub fn string_arg(value: &JsValue, field: &str) -> Result<String, JsValue> {
    match value.as_string() {
        Some(s) if !s.trim().is_empty() => Ok(s),
        Some(_) => Err(invalid(field, "must not be empty")),
        None => Err(invalid(field, "must be a string")),
    }
}

/// `obj[key]`, or undefined when `obj` is not an object.
pub fn get(obj: &JsValue, key: &str) -> JsValue {
    if !obj.is_object() {
        return JsValue::UNDEFINED;
    }
    js_sys::Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

pub fn opt_string(obj: &JsValue, key: &str) -> Result<Option<String>, JsValue> {
    let v = get(obj, key);
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    v.as_string().map(Some).ok_or_else(|| invalid(key, "must be a string"))
}

pub fn opt_number(obj: &JsValue, key: &str) -> Result<Option<f64>, JsValue> {
    let v = get(obj, key);
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    match v.as_f64() {
        Some(n) if n.is_finite() && n >= 0.0 => Ok(Some(n)),
        _ => Err(invalid(key, "must be a non-negative number")),
    }
}

pub fn opt_function(obj: &JsValue, key: &str) -> Result<Option<js_sys::Function>, JsValue> {
    let v = get(obj, key);
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    v.dyn_into::<js_sys::Function>().map(Some).map_err(|_| invalid(key, "must be a function"))
}

pub fn opt_signal(obj: &JsValue) -> Result<Option<AbortSignal>, JsValue> {
    let v = get(obj, "signal");
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    if !is_abort_signal(&v) {
        return Err(invalid("signal", "must be an AbortSignal"));
    }
    Ok(Some(v.unchecked_into()))
}

/// Options of one call: `{ signal, operationId }`.
#[derive(Clone, Default)]
pub struct CallOptions {
    pub signal: Option<AbortSignal>,
    pub operation_id: Option<String>,
}

impl CallOptions {
    pub fn parse(options: &JsValue) -> Result<CallOptions, JsValue> {
        if !(options.is_undefined() || options.is_null() || options.is_object()) {
            return Err(invalid("options", "must be an object"));
        }
        Ok(CallOptions { signal: opt_signal(options)?, operation_id: opt_string(options, "operationId")? })
    }
}
