//! The arguments and option bags of the JS API, checked field by field (errors name it).
use crate::builtins;
use crate::builtins::AbortSignal;
#[allow(unused_imports)]
use crate::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::errors::{is_abort_signal, Failure};
use crate::js::{get, text};
use crate::session::NOT_A_HEADER_VALUE;
use siterecovery_core::request::is_header_value;

fn absent(v: &JsValue) -> bool {
    v.is_undefined() || v.is_null()
}

/// A plain object argument (or absent): never an array, a function or a primitive.
pub fn object_arg(value: JsValue, field: &str) -> Result<Option<JsValue>, Failure> {
    if absent(&value) {
        return Ok(None);
    }
    if !crate::js::is_json_object(&value) {
        return Err(Failure::invalid(field, "must be an object"));
    }
    Ok(Some(value))
}

/// A non-empty string argument (path parameters, ids).
pub fn string_arg(value: &JsValue, field: &str) -> Result<String, Failure> {
    match text(value) {
        Some(Some(s)) if !crate::js::is_blank(&s) => Ok(s),
        Some(Some(_)) => Err(Failure::invalid(field, "must not be empty")),
        Some(None) => Err(not_unicode(field)),
        None => Err(Failure::invalid(field, "must be a string")),
    }
}

fn not_unicode(field: &str) -> Failure {
    Failure::invalid(field, "must be Unicode text (it holds a lone UTF-16 surrogate)")
}

pub fn opt_string(obj: &JsValue, key: &str) -> Result<Option<String>, Failure> {
    let v = get(obj, key);
    if absent(&v) {
        return Ok(None);
    }
    match text(&v) {
        Some(Some(s)) => Ok(Some(s)),
        Some(None) => Err(not_unicode(key)),
        None => Err(Failure::invalid(key, "must be a string")),
    }
}

pub fn opt_number(obj: &JsValue, key: &str) -> Result<Option<f64>, Failure> {
    let v = get(obj, key);
    if absent(&v) {
        return Ok(None);
    }
    match crate::js::number_of(&v) {
        // Anything but a number is NaN.
        n if n.is_finite() && n >= 0.0 => Ok(Some(n)),
        _ => Err(Failure::invalid(key, "must be a non-negative number")),
    }
}

pub fn opt_function(obj: &JsValue, key: &str) -> Result<Option<builtins::Function>, Failure> {
    let v = get(obj, key);
    if absent(&v) {
        return Ok(None);
    }
    v.dyn_into::<builtins::Function>().map(Some).map_err(|_| Failure::invalid(key, "must be a function"))
}

pub fn opt_signal(obj: &JsValue) -> Result<Option<AbortSignal>, Failure> {
    let v = get(obj, "signal");
    if absent(&v) {
        return Ok(None);
    }
    if !is_abort_signal(&v) {
        return Err(Failure::invalid("signal", "must be an AbortSignal"));
    }
    Ok(Some(v.unchecked_into()))
}

/// An options argument: an object or absent.
pub fn options_arg(options: &JsValue) -> Result<(), Failure> {
    if absent(options) || options.is_object() {
        Ok(())
    } else {
        Err(Failure::invalid("options", "must be an object"))
    }
}

/// Options of one call: `{ signal, operationId }`.
#[derive(Clone, Default)]
pub struct CallOptions {
    pub signal: Option<AbortSignal>,
    pub operation_id: Option<String>,
}

impl CallOptions {
    pub fn parse(options: &JsValue) -> Result<CallOptions, Failure> {
        options_arg(options)?;
        let operation_id = opt_string(options, "operationId")?;
        // Sent as the h4 `operationID` header.
        if operation_id.as_deref().is_some_and(|id| !is_header_value(id)) {
            return Err(Failure::invalid("operationId", NOT_A_HEADER_VALUE));
        }
        Ok(CallOptions { signal: opt_signal(options)?, operation_id })
    }
}
