//! Turning a [`Response`] into the operation's result or an [`Error`]; used by generated code.
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::client::describe;
use crate::{Error, HttpError, OperationMeta, Response, ResponseValue};

type Exchange = (Response, Option<String>);

fn is_success(meta: &OperationMeta, status: u16) -> bool {
    meta.success_statuses.contains(&status) || (meta.success_statuses.is_empty() && (200..300).contains(&status))
}

/// A success with a JSON body of type `T`. Unknown fields are ignored.
pub fn json<T: DeserializeOwned>(meta: &OperationMeta, (response, correlation): Exchange) -> Result<ResponseValue<T>, Error> {
    if !is_success(meta, response.status) {
        return Err(http_error(meta.operation_id, &response, correlation));
    }
    let (inner, body) = body::<T>(&response)?;
    Ok(ResponseValue { status: response.status, headers: response.headers, inner, body })
}

/// A success that may or may not carry a body (e.g. 200 with one, 204 without).
pub fn optional_json<T: DeserializeOwned>(
    meta: &OperationMeta,
    (response, correlation): Exchange,
) -> Result<ResponseValue<Option<T>>, Error> {
    if !is_success(meta, response.status) {
        return Err(http_error(meta.operation_id, &response, correlation));
    }
    let (inner, body) = if is_empty(&response) {
        (None, Value::Null)
    } else {
        let (inner, body) = body::<T>(&response)?;
        (Some(inner), body)
    };
    Ok(ResponseValue { status: response.status, headers: response.headers, inner, body })
}

/// A success without a body (204).
pub fn empty(meta: &OperationMeta, (response, correlation): Exchange) -> Result<ResponseValue<()>, Error> {
    if !is_success(meta, response.status) {
        return Err(http_error(meta.operation_id, &response, correlation));
    }
    Ok(ResponseValue { status: response.status, headers: response.headers, inner: (), body: Value::Null })
}

/// The body as JSON; a body that is not JSON is a decode error with the response's status.
pub(crate) fn parse_json(response: &Response) -> Result<Value, Error> {
    serde_json::from_slice(&response.body).map_err(|e| Error::Decode {
        status: Some(response.status),
        field: None,
        message: format!("not JSON: {e}"),
    })
}

/// Whether a success carries no body (204, or nothing but white space).
pub(crate) fn is_empty(response: &Response) -> bool {
    response.status == 204 || response.body.iter().all(u8::is_ascii_whitespace)
}

fn body<T: DeserializeOwned>(response: &Response) -> Result<(T, Value), Error> {
    let status = response.status;
    // JSON first, then the typed value from it: one deserializer flavour (the same as for
    // request bodies) per generated type keeps the wasm small.
    let json = parse_json(response)?;
    let typed = serde_path_to_error::deserialize(&json).map_err(|e| {
        let (field, message) = describe(e.path(), &e.inner().to_string(), "");
        Error::Decode { status: Some(status), field: (field != "body").then_some(field), message }
    })?;
    Ok((typed, json))
}

fn text_field(body: &Value, names: &[&str]) -> Option<String> {
    names.iter().find_map(|n| match body.get(*n) {
        Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
        _ => None,
    })
}

/// The error an HTTP answer outside the success statuses becomes. Knows both APIs' error
/// bodies; a missing or non-JSON body still gives status and operation.
pub fn http_error(operation: &'static str, response: &Response, correlation: Option<String>) -> Error {
    let body: Option<Value> = serde_json::from_slice(&response.body).ok().filter(Value::is_object);
    let field = |names: &[&str]| body.as_ref().and_then(|b| text_field(b, names));
    let retry_after_ms = crate::transport::retry_after_ms(&response.headers);
    Error::Http(Box::new(HttpError {
        status: response.status,
        operation,
        code: field(&["error_code", "code"]),
        message: field(&["message", "msg"]),
        op_id: field(&["op_id"]).or(correlation),
        body,
        retry_after_ms,
    }))
}
