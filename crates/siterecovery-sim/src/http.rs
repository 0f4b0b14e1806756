//! Small HTTP helpers shared by the SRM and h4 handlers: response builders, Basic auth.

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

/// Media type of every h4 (vSphere Replication) response body.
pub(crate) const H4_MEDIA_TYPE: &str = "application/vnd.vmware.h4-v4.7+json;charset=UTF-8";

/// A response with a status and no body at all (SRM 401/404, 204s).
pub(crate) fn empty(status: StatusCode) -> Response {
    let mut resp = Response::new(Body::empty());
    *resp.status_mut() = status;
    resp
}

/// `application/json` response.
pub(crate) fn json(status: StatusCode, value: &Value) -> Response {
    (status, [(header::CONTENT_TYPE, "application/json")], value.to_string()).into_response()
}

/// h4 response with the vendor media type.
pub(crate) fn h4_json(status: StatusCode, value: &Value) -> Response {
    (status, [(header::CONTENT_TYPE, H4_MEDIA_TYPE)], value.to_string()).into_response()
}

/// SRM `ResponseError {error_code, message, op_id}`.
pub(crate) fn srm_error(status: StatusCode, code: &str, message: &str, op_id: &str) -> Response {
    json(status, &json!({ "error_code": code, "message": message, "op_id": op_id }))
}

/// h4 `ApiError {code, msg, args, stacktrace}` body.
pub(crate) fn h4_error_body(code: &str, msg: &str, operation_id: Option<&str>) -> Value {
    let msg = match operation_id {
        Some(op) => format!("{msg} (operationID: {op})"),
        None => msg.to_string(),
    };
    json!({
        "code": code,
        "msg": msg,
        "args": [],
        "stacktrace": format!("com.vmware.h4.api.error.exceptions.{code}Exception: {msg}"),
    })
}

pub(crate) fn h4_error(status: StatusCode, code: &str, msg: &str, operation_id: Option<&str>) -> Response {
    h4_json(status, &h4_error_body(code, msg, operation_id))
}

/// The `operationID` request header, when present and printable.
pub(crate) fn operation_id(headers: &HeaderMap) -> Option<String> {
    headers.get("operationid").and_then(|v| v.to_str().ok()).map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

/// Echo the `operationID` request header on an h4 response.
pub(crate) fn with_operation_id(mut resp: Response, operation_id: Option<&str>) -> Response {
    if let Some(op) = operation_id {
        if let Ok(value) = HeaderValue::from_str(op) {
            resp.headers_mut().insert("operationID", value);
        }
    }
    resp
}

/// Decode `Authorization: Basic base64(user:password)`.
pub(crate) fn basic_auth(headers: &HeaderMap) -> Option<(String, String)> {
    use base64::Engine;
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, encoded) = value.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = base64::engine::general_purpose::STANDARD.decode(encoded.trim()).ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (user, password) = text.split_once(':')?;
    Some((user.to_string(), password.to_string()))
}
