//! One operation of a generated table ([`crate::srm::API`], ...) called with JSON arguments:
//! checked against the table before anything is sent, sent, and its answer checked against
//! the table. The same code for every operation of every spec: the wasm package calls
//! through here, so it carries table bytes per operation and schema, not code.
use serde_json::Value;
use siterecovery_schema::table::Location;
use siterecovery_schema::{Api, Operation, Patterns};

use crate::client::encode_component;
use crate::table::{check_request, check_response, decode_error, validation_error};
use crate::{decode, ApiClient, Error, JsonCall, Request, ResponseValue, Transport};

/// Call `op` of `api` (no retry: a POST is never repeated here). `Ok` for a documented 2xx
/// (or any 2xx when none is documented) with the body as received (`null` for none).
pub async fn call<T: Transport>(
    client: &ApiClient<T>,
    api: &Api,
    op: &Operation,
    call: &JsonCall,
    patterns: &dyn Patterns,
) -> Result<ResponseValue<Value>, Error> {
    if call.path.len() != op.path_params.len() {
        let field = op.path_params.get(call.path.len()).map_or("path", |p| p.js_name);
        return Err(Error::validation(field, "wrong number of path arguments"));
    }
    check_request(api, op, call, patterns).map_err(|e| validation_error(&e))?;
    let (request, correlation) = request(client, op, call)?;
    let response = client.transport().send(request).await?;
    let status = response.status;
    if !op.is_success(status) {
        let mut error = decode::http_error(op.operation_id, &response, correlation.clone());
        // An error body is checked like any answer: what a body that breaks its documented
        // schema says is not passed on as the error's code, message or op_id.
        if let Error::Http(h) = &mut error {
            if h.body.as_ref().is_some_and(|b| check_response(api, op, status, Some(b), patterns).is_err()) {
                **h = crate::HttpError { code: None, message: None, op_id: correlation, body: None, ..(**h).clone() };
            }
        }
        return Err(error);
    }
    let body = if decode::is_empty(&response) { None } else { Some(decode::parse_json(&response)?) };
    check_response(api, op, status, body.as_ref(), patterns).map_err(|e| decode_error(status, &e))?;
    let body = body.unwrap_or(Value::Null);
    Ok(ResponseValue { status, headers: response.headers, inner: body.clone(), body })
}

/// The HTTP request of a checked call, and the h4 `operationID` it carries (kept for errors).
fn request<T>(client: &ApiClient<T>, op: &Operation, call: &JsonCall) -> Result<(Request, Option<String>), Error> {
    let mut path = op.path.to_string();
    for (param, value) in op.path_params.iter().zip(&call.path) {
        path = path.replace(&format!("{{{}}}", param.name), &encode_component(value));
    }
    let mut query = Vec::new();
    let mut headers = Vec::new();
    let mut correlation = None;
    for param in op.params {
        let Some(value) = call.params.as_ref().and_then(|p| p.get(param.name)) else { continue };
        let values = param_values(value);
        match param.location {
            Location::Header => {
                // OpenAPI's `simple` style: an array is one comma-separated value.
                if let Some(v) = (!values.is_empty()).then(|| values.join(",")) {
                    if param.name.eq_ignore_ascii_case("operationID") {
                        correlation = Some(v.clone());
                    }
                    headers.push((param.name.to_string(), v));
                }
            }
            _ => query.extend(values.into_iter().map(|v| (param.name.to_string(), v))),
        }
    }
    let body = match (&op.body, &call.body) {
        (Some(spec), Some(value)) if !value.is_null() => {
            let bytes = serde_json::to_vec(value).map_err(|e| Error::validation("body", e.to_string()))?;
            Some((spec.media_type, bytes))
        }
        _ => None,
    };
    let accept = op.response_media_type.unwrap_or("application/json");
    Ok((client.request(op.method, &path, &query, &headers, accept, body), correlation))
}

/// A checked query or header value as strings: scalars once, arrays repeated (`a=1&a=2`),
/// `null` not sent.
fn param_values(value: &Value) -> Vec<String> {
    match value {
        Value::Null => Vec::new(),
        Value::String(s) => vec![s.clone()],
        Value::Array(items) => items.iter().flat_map(param_values).collect(),
        other => vec![other.to_string()],
    }
}
