//! The hand-written core the generated operations plug into: base URL + transport + session
//! header ([`ApiClient`]), request building ([`OperationRequest`]), results
//! ([`ResponseValue`]), operation metadata ([`OperationMeta`]) and JSON calls ([`JsonCall`]).
use std::fmt;
use std::sync::{Arc, Mutex};

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
// Percent-encoding (everything but RFC 3986 unreserved characters): the core crate's.
use siterecovery_core::request::{encode_component, push_component};
use siterecovery_schema::path_segment_problem;

use crate::transport::{find_header, RedactedHeaders, Request, Response, Transport};
use crate::Error;

/// What the typed client needs of one operation (everything else about it, and all of it
/// for the JSON path, is in the generated table: `srm::API`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OperationMeta {
    pub operation_id: &'static str,
    /// camelCase method name used by the JavaScript API.
    pub js_name: &'static str,
    pub method: &'static str,
    /// Path template relative to the base URL, e.g. `/pairings/{pairing_id}`.
    pub path: &'static str,
    pub path_params: &'static [&'static str],
    pub request_schema: Option<&'static str>,
    pub response_media_type: Option<&'static str>,
    pub success_statuses: &'static [u16],
}

/// A decoded success, with the status and headers it came with, and the body exactly as
/// the server sent it (`null` when there was none).
#[derive(Clone)]
pub struct ResponseValue<T> {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub inner: T,
    pub body: Value,
}

impl<T> ResponseValue<T> {
    pub fn into_inner(self) -> T {
        self.inner
    }
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
    /// `Retry-After` of this response, in milliseconds.
    pub fn retry_after_ms(&self) -> Option<u64> {
        crate::transport::retry_after_ms(&self.headers)
    }
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> ResponseValue<U> {
        ResponseValue { status: self.status, headers: self.headers, inner: f(self.inner), body: self.body }
    }
}

impl<T: Serialize> ResponseValue<T> {
    /// The same response with the typed value as JSON (`null` for no body): values the
    /// types normalise (e.g. timestamps) in their decoded form, and everything the types
    /// leave out (empty lists, `null`s, fields the spec does not know) as the server sent it.
    pub fn into_json(self) -> Result<ResponseValue<Value>, Error> {
        let status = self.status;
        let mut json =
            serde_json::to_value(&self.inner).map_err(|e| Error::Decode { status: Some(status), field: None, message: e.to_string() })?;
        fill_missing(&mut json, &self.body);
        Ok(self.map(|_| json))
    }
}

impl<T: fmt::Debug> fmt::Debug for ResponseValue<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResponseValue")
            .field("status", &self.status)
            .field("headers", &RedactedHeaders(&self.headers))
            .field("inner", &self.inner)
            .finish()
    }
}

/// Copy into `typed` what `sent` has and `typed` lacks, recursively.
fn fill_missing(typed: &mut Value, sent: &Value) {
    match (typed, sent) {
        (Value::Object(t), Value::Object(s)) => {
            for (key, value) in s {
                match t.get_mut(key) {
                    Some(existing) => fill_missing(existing, value),
                    None => {
                        t.insert(key.clone(), value.clone());
                    }
                }
            }
        }
        (Value::Array(t), Value::Array(s)) if t.len() == s.len() => {
            t.iter_mut().zip(s).for_each(|(t, s)| fill_missing(t, s));
        }
        (t @ Value::Null, s) => *t = s.clone(),
        _ => {}
    }
}

struct Auth {
    header: String,
    token: String,
}

/// Base URL + transport + the session header. Clones share the session, so a session set
/// once (or renewed after a 401) is used by every clone.
pub struct ApiClient<T> {
    base_url: Arc<str>,
    auth: Arc<Mutex<Option<Auth>>>,
    /// Headers added to every request of this handle only (e.g. one call's Basic auth).
    extra_headers: Vec<(String, String)>,
    transport: T,
}

impl<T: Clone> Clone for ApiClient<T> {
    fn clone(&self) -> Self {
        self.with_transport(self.transport.clone())
    }
}

impl<T> fmt::Debug for ApiClient<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiClient")
            .field("base_url", &self.base_url)
            .field("authenticated", &self.has_auth())
            .field("extra_headers", &RedactedHeaders(&self.extra_headers))
            .finish()
    }
}

impl<T> ApiClient<T> {
    /// `base_url` is the API root, e.g. `https://srm.example/api/rest/srm/v2` (any version:
    /// it is configuration) or an h4 appliance URL.
    pub fn new(base_url: &str, transport: T) -> Result<Self, Error> {
        let base = siterecovery_core::request::base_url(base_url).map_err(|m| Error::validation("baseUrl", m))?;
        Ok(ApiClient { base_url: Arc::from(base), auth: Arc::new(Mutex::new(None)), extra_headers: Vec::new(), transport })
    }

    /// The same client (same session) over another transport, e.g. one bound to a
    /// caller's abort signal.
    pub fn with_transport<U>(&self, transport: U) -> ApiClient<U> {
        ApiClient {
            base_url: Arc::clone(&self.base_url),
            auth: Arc::clone(&self.auth),
            extra_headers: self.extra_headers.clone(),
            transport,
        }
    }

    /// The same client with one more header on every request of the returned handle.
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.extra_headers.push((name.to_string(), value.to_string()));
        self
    }

    /// The same client without the session header (for logging in with other credentials).
    pub fn without_auth(mut self) -> Self {
        self.auth = Arc::new(Mutex::new(None));
        self
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    pub fn transport(&self) -> &T {
        &self.transport
    }

    /// Send `header: token` on every request from now on (`x-dr-session`, `X-VCAV-Auth`).
    pub fn set_auth(&self, header: &str, token: &str) {
        *self.lock() = Some(Auth { header: header.to_string(), token: token.to_string() });
    }

    pub fn clear_auth(&self) {
        *self.lock() = None;
    }

    pub fn has_auth(&self) -> bool {
        self.lock().is_some()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Auth>> {
        // A poisoned lock only means another thread panicked mid-assignment of an Option.
        self.auth.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The full request an [`OperationRequest`] becomes.
    pub fn build(&self, op: &OperationRequest) -> Request {
        let accept = op.meta.response_media_type.unwrap_or("application/json");
        let body = op.body.as_ref().map(|(media, bytes)| (media.as_str(), bytes.clone()));
        self.request(op.meta.method, &op.path, &op.query, &op.headers, accept, body)
    }

    /// A request to `path` (relative to the base URL, parameters filled in) with this
    /// client's session header and extra headers.
    pub fn request(
        &self,
        method: &'static str,
        path: &str,
        query: &[(String, String)],
        op_headers: &[(String, String)],
        accept: &str,
        body: Option<(&str, Vec<u8>)>,
    ) -> Request {
        let mut url = format!("{}{}", self.base_url, path);
        for (i, (k, v)) in query.iter().enumerate() {
            url.push(if i == 0 { '?' } else { '&' });
            push_component(&mut url, k);
            url.push('=');
            push_component(&mut url, v);
        }
        self.request_at(method, url, op_headers, accept, body)
    }

    /// A request to `url` (complete: base URL, path and query) with this client's session
    /// header and extra headers, then `op_headers`.
    pub fn request_at(
        &self,
        method: &'static str,
        url: String,
        op_headers: &[(String, String)],
        accept: &str,
        body: Option<(&str, Vec<u8>)>,
    ) -> Request {
        let mut headers = Vec::with_capacity(op_headers.len() + 4);
        headers.push(("accept".to_string(), accept.to_string()));
        if let Some((media, _)) = &body {
            headers.push(("content-type".to_string(), media.to_string()));
        }
        if let Some(auth) = self.lock().as_ref() {
            headers.push((auth.header.clone(), auth.token.clone()));
        }
        headers.extend(self.extra_headers.iter().cloned());
        headers.extend(op_headers.iter().cloned());
        Request { method, url, headers, body: body.map(|(_, b)| b) }
    }
}

impl<T: Transport> ApiClient<T> {
    /// Send one operation request as is (no retry: a POST is never repeated here).
    pub async fn execute(&self, op: OperationRequest) -> Result<(Response, Option<String>), Error> {
        let request = self.build(&op);
        let response = self.transport.send(request).await?;
        Ok((response, op.correlation_id))
    }
}

/// One operation call being built by generated code.
#[derive(Clone)]
pub struct OperationRequest {
    pub meta: &'static OperationMeta,
    path: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: Option<(String, Vec<u8>)>,
    /// The h4 `operationID` header value, kept for errors.
    correlation_id: Option<String>,
}

impl OperationRequest {
    pub fn new(meta: &'static OperationMeta) -> Self {
        OperationRequest { meta, path: meta.path.to_string(), query: Vec::new(), headers: Vec::new(), body: None, correlation_id: None }
    }

    /// Fill `{name}` in the path template; empty values, `.` and `..` are rejected (they would
    /// address another resource).
    pub fn path_param(&mut self, name: &str, value: &str) -> Result<(), Error> {
        if let Some(problem) = path_segment_problem(value) {
            return Err(Error::validation(name, problem.text()));
        }
        self.path = self.path.replace(&format!("{{{name}}}"), &encode_component(value));
        Ok(())
    }

    pub fn query(&mut self, name: &str, value: &impl ParamValue) {
        for v in value.values() {
            self.query.push((name.to_string(), v));
        }
    }

    pub fn header(&mut self, name: &str, value: &impl ParamValue) {
        if let Some(v) = value.values().into_iter().next() {
            if name.eq_ignore_ascii_case("operationID") {
                self.correlation_id = Some(v.clone());
            }
            self.headers.push((name.to_string(), v));
        }
    }

    pub fn json_body(&mut self, media_type: &str, body: &impl Serialize) -> Result<(), Error> {
        // Through a JSON value: one serializer flavour per type (as for responses).
        let value = serde_json::to_value(body).map_err(|e| Error::validation("body", e.to_string()))?;
        let bytes = serde_json::to_vec(&value).map_err(|e| Error::validation("body", e.to_string()))?;
        self.body = Some((media_type.to_string(), bytes));
        Ok(())
    }

    /// The path after parameter substitution (relative to the base URL).
    pub fn path(&self) -> &str {
        &self.path
    }
}

/// A query or header parameter value: scalars, `Option`s (absent = not sent), `Vec`s
/// (repeated, `a=1&a=2`).
pub trait ParamValue {
    fn values(&self) -> Vec<String>;
}

macro_rules! scalar_param {
    ($($t:ty),*) => {$(
        impl ParamValue for $t {
            fn values(&self) -> Vec<String> { vec![self.to_string()] }
        }
    )*};
}
scalar_param!(String, i32, i64, f64, bool);

impl<T: ParamValue> ParamValue for Option<T> {
    fn values(&self) -> Vec<String> {
        self.as_ref().map(ParamValue::values).unwrap_or_default()
    }
}

impl<T: ParamValue> ParamValue for Vec<T> {
    fn values(&self) -> Vec<String> {
        self.iter().flat_map(ParamValue::values).collect()
    }
}

/// An operation call with JSON arguments (what JavaScript passes), decoded into the typed
/// request before anything is sent.
#[derive(Debug, Clone, Default)]
pub struct JsonCall {
    /// Path parameters, in path-template order.
    pub path: Vec<String>,
    /// Query/header parameters as an object, wire names.
    pub params: Option<Value>,
    /// Request body, wire names.
    pub body: Option<Value>,
}

impl JsonCall {
    pub fn path_args<const N: usize>(&self, meta: &OperationMeta) -> Result<[String; N], Error> {
        if self.path.len() != N {
            let field = meta.path_params.get(self.path.len()).copied().unwrap_or("path");
            return Err(Error::validation(
                field,
                format!("{} takes {N} path parameter(s) ({}), got {}", meta.js_name, meta.path_params.join(", "), self.path.len()),
            ));
        }
        for (i, value) in self.path.iter().enumerate() {
            if let Some(problem) = path_segment_problem(value) {
                return Err(Error::validation(meta.path_params.get(i).copied().unwrap_or("path"), problem.text()));
            }
        }
        Ok(std::array::from_fn(|i| self.path.get(i).cloned().unwrap_or_default()))
    }

    pub fn body<T: DeserializeOwned>(&self, meta: &OperationMeta) -> Result<T, Error> {
        match &self.body {
            None | Some(Value::Null) => Err(Error::validation(
                "body",
                format!("{} requires a request body ({})", meta.js_name, meta.request_schema.unwrap_or("object")),
            )),
            Some(v) => from_json(v, ""),
        }
    }

    pub fn optional_body<T: DeserializeOwned>(&self) -> Result<Option<T>, Error> {
        match &self.body {
            None | Some(Value::Null) => Ok(None),
            Some(v) => from_json(v, "").map(Some),
        }
    }

    pub fn no_body(&self, meta: &OperationMeta) -> Result<(), Error> {
        match &self.body {
            None | Some(Value::Null) => Ok(()),
            Some(_) => Err(Error::validation("body", format!("{} takes no request body", meta.js_name))),
        }
    }

    pub fn params<T: DeserializeOwned>(&self) -> Result<T, Error> {
        match &self.params {
            None | Some(Value::Null) => from_json(&Value::Object(Default::default()), ""),
            Some(v) => from_json(v, ""),
        }
    }

    pub fn no_params(&self, meta: &OperationMeta) -> Result<(), Error> {
        match &self.params {
            None | Some(Value::Null) => Ok(()),
            Some(Value::Object(m)) if m.is_empty() => Ok(()),
            Some(_) => Err(Error::validation("params", format!("{} takes no query or header parameters", meta.js_name))),
        }
    }
}

/// Decode JSON into a typed value; errors name the field by its wire path
/// (`pair_psc_info.port`), including missing required fields.
pub(crate) fn from_json<T: DeserializeOwned>(value: &Value, prefix: &str) -> Result<T, Error> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let (field, message) = describe(e.path(), &e.inner().to_string(), prefix);
        Error::validation(field, message)
    })
}

/// (field path, message) for a serde error at `path`.
pub(crate) fn describe(path: &serde_path_to_error::Path, message: &str, prefix: &str) -> (String, String) {
    let mut segments: Vec<String> = path
        .iter()
        .filter_map(|s| match s {
            serde_path_to_error::Segment::Seq { index } => Some(format!("[{index}]")),
            serde_path_to_error::Segment::Map { key } | serde_path_to_error::Segment::Enum { variant: key } => Some(key.clone()),
            serde_path_to_error::Segment::Unknown => None,
        })
        .collect();
    // serde reports a missing field at its parent: name the field itself.
    if let Some(missing) = message.strip_prefix("missing field `").and_then(|m| m.split('`').next()) {
        segments.push(missing.to_string());
    }
    // (An unknown field is already the last segment of the path.)
    let mut field = prefix.to_string();
    for s in segments {
        if !field.is_empty() && !s.starts_with('[') {
            field.push('.');
        }
        field.push_str(&s);
    }
    if field.is_empty() {
        field = "body".into();
    }
    (field, message.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn typed_json_keeps_what_the_types_drop() {
        let mut typed = json!({"list": [{"id": "t", "queued_time": 5}], "_meta": {"total": 1}});
        let sent = json!({"list": [{"id": "t", "queued_time": "1970-01-01T00:00:00.005Z", "x": null}], "_meta": {"total": 1, "links": []}, "extra": 1});
        fill_missing(&mut typed, &sent);
        assert_eq!(typed, json!({"list": [{"id": "t", "queued_time": 5, "x": null}], "_meta": {"total": 1, "links": []}, "extra": 1}));
        let mut empty = json!({});
        fill_missing(&mut empty, &json!({"list": []}));
        assert_eq!(empty, json!({"list": []}));
    }
}
