//! One operation of a generated table ([`crate::srm::API`], ...) called with JSON arguments:
//! checked against the table before anything is sent, sent, and its answer checked against
//! the table. The same code for every operation of every spec: the wasm package calls
//! through here, so it carries table bytes per operation and schema, not code.
use serde_json::Value;
use siterecovery_schema::{Api, Operation, Patterns};

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

/// The HTTP request of a checked call, and the h4 `operationID` it carries (kept for errors):
/// URL, query and headers as the core crate builds them from the table (the wasm package's
/// too), numbers written as `serde_json` writes them.
fn request<T>(client: &ApiClient<T>, op: &Operation, call: &JsonCall) -> Result<(Request, Option<String>), Error> {
    let float = |f: f64| Value::from(f).to_string();
    let params = siterecovery_core::request::params(op, call.params.as_ref().as_ref(), &float);
    let url = siterecovery_core::request::url(client.base_url(), op, &call.path, &params.query);
    let headers: Vec<(String, String)> = params.headers.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
    let body = match (&op.body, &call.body) {
        (Some(spec), Some(value)) if !value.is_null() => {
            let bytes = serde_json::to_vec(value).map_err(|e| Error::validation("body", e.to_string()))?;
            Some((spec.media_type, bytes))
        }
        _ => None,
    };
    let accept = op.response_media_type.unwrap_or("application/json");
    Ok((client.request_at(op.method, url, &headers, accept, body), params.correlation))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use siterecovery_schema::table::Param;

    const PATH: [Param; 1] = [Param::path("plan_id", "planId", 0)];
    const PARAMS: [Param; 3] = [Param::query("limit", 0, false), Param::query("filter", 0, false), Param::header("operationID", 0, false)];
    const OP: Operation = Operation::get("/plans/{plan_id}/x", &PATH, &PARAMS);

    #[test]
    fn the_request_of_a_table_call() {
        let client = ApiClient::new("https://h/api/", ()).unwrap();
        client.set_auth("x-dr-session", "s");
        let params = json!({"limit": 1e20, "filter": [2.5, "a&b", -3, null], "operationID": ["o", 1]});
        let call = JsonCall { path: vec!["p/1".into()], params: Some(params), body: None };
        let (request, correlation) = request(&client, &OP, &call).unwrap();
        // Numbers as serde_json writes them: 1e+20 (Rust's Display would give 21 digits).
        assert_eq!(request.url, "https://h/api/plans/p%2F1/x?limit=1e%2B20&filter=2.5&filter=a%26b&filter=-3");
        let headers: Vec<(&str, &str)> = request.headers.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(headers, [("accept", "application/json"), ("x-dr-session", "s"), ("operationID", "o,1")]);
        assert_eq!((request.method, request.body, correlation.as_deref()), ("GET", None, Some("o,1")));
    }
}
