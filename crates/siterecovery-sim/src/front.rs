//! The validation front: every request to an operation of a served spec is checked against
//! that operation in the spec's table (path parameters, query, header parameters, body),
//! with the validator the client uses (as a server: `null` only where the spec allows it),
//! before any handler runs. A request that breaks the
//! spec answers 400 naming the field, with the API's own error body (SRM `ResponseError`,
//! h4 `ApiError`), and changes nothing. Handlers receive a [`Call`]: the site resolved, the
//! body parsed and valid.
//!
//! Query and header values arrive as text; each is read as its parameter's schema asks
//! (`"10"` is an integer for an integer parameter, a repeated parameter is an array), so that
//! `?limit=1&limit=2` for a single-valued parameter is refused as the spec says. Query
//! parameters and headers the operation does not declare are ignored, as HTTP servers do,
//! and so is a body sent to an operation that takes none.

use std::collections::HashMap;
use std::sync::LazyLock;

use axum::body::Bytes;
use axum::extract::{FromRequest, Path, Query, Request};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{Map, Number, Value};
use siterecovery_pattern::RegexPatterns;
use siterecovery_schema::table::{Kind, Location};
use siterecovery_schema::{validate_received, Api, Invalid, Operation, Place, Reason, Segment};

use crate::http::{self, operation_id, with_operation_id};
use crate::request::{Call, Params};
use crate::state::{site_idx, Sim, SiteIdx};

/// Which API a mounted spec is: how its sites are addressed and how it words an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    /// `/srm/{site}/api/rest/srm/{ver}`: `ResponseError` bodies, 404 without a body.
    Srm,
    /// `/vr/{site}`: `ApiError` bodies, the `operationID` header echoed.
    H4,
}

/// A request as it arrives, read once: path parameters, headers, query, path and body.
pub(crate) struct Raw {
    params: HashMap<String, String>,
    headers: HeaderMap,
    query: Vec<(String, String)>,
    path: String,
    body: Bytes,
}

impl<S: Send + Sync> FromRequest<S> for Raw {
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        use axum::extract::FromRequestParts;
        let (mut parts, body) = req.into_parts();
        let params = Path::<HashMap<String, String>>::from_request_parts(&mut parts, state).await.map(|Path(p)| p).unwrap_or_default();
        let query = Query::<Vec<(String, String)>>::try_from_uri(&parts.uri).map(|Query(q)| q).unwrap_or_default();
        let path = parts.uri.path().to_string();
        let headers = parts.headers.clone();
        let body = Bytes::from_request(Request::from_parts(parts, body), state).await.map_err(|_| http::empty(StatusCode::BAD_REQUEST))?;
        Ok(Raw { params, headers, query, path, body })
    }
}

/// Why a request was refused: the field as it is written on the wire, and why.
struct Refusal {
    /// SRM `error_code`.
    code: &'static str,
    field: String,
    reason: String,
}

impl Refusal {
    fn from_invalid(op: &Operation, invalid: &Invalid) -> Refusal {
        let code = match invalid.reason {
            Reason::Missing => "MISSING_REQUIRED_FIELD",
            _ => "INVALID_FIELD_VALUE",
        };
        Refusal { code, field: wire_field(op, invalid), reason: invalid.reason.to_string() }
    }

    fn message(&self) -> String {
        format!("Invalid request: '{}' {}.", self.field, self.reason)
    }
}

impl Dialect {
    fn site(self, params: &Params) -> Option<SiteIdx> {
        match self {
            Dialect::Srm if !matches!(params.get("ver"), "v1" | "v2") => None,
            _ => site_idx(params.get("site")),
        }
    }

    fn not_found(self, headers: &HeaderMap) -> Response {
        match self {
            Dialect::Srm => http::empty(StatusCode::NOT_FOUND),
            Dialect::H4 => {
                let op = operation_id(headers);
                let resp = http::h4_error(StatusCode::NOT_FOUND, "NotFound", "Resource not found.", op.as_deref());
                with_operation_id(resp, op.as_deref())
            }
        }
    }

    fn bad_request(self, sim: &mut Sim, headers: &HeaderMap, refusal: &Refusal) -> Response {
        let message = refusal.message();
        match self {
            Dialect::Srm => {
                let op = sim.next_op_id();
                http::srm_error(StatusCode::BAD_REQUEST, refusal.code, &message, &op)
            }
            Dialect::H4 => {
                let op = operation_id(headers);
                let mut body = http::h4_error_body("BadRequest", &message, op.as_deref());
                body["args"] = Value::from(vec![refusal.field.clone()]);
                let resp = http::h4_json(StatusCode::BAD_REQUEST, &body);
                with_operation_id(resp, op.as_deref())
            }
        }
    }
}

/// The pattern engine of every check (patterns compiled once, on first use).
static PATTERNS: LazyLock<RegexPatterns> = LazyLock::new(RegexPatterns::new);

/// Check `raw` against `op` of `api`: the call for the handler, or the response that refuses
/// it (404 for a site that does not exist, 400 naming the field).
pub(crate) fn check(sim: &mut Sim, dialect: Dialect, api: &Api, op: &Operation, raw: Raw) -> Result<Call, Response> {
    let params = Params(raw.params);
    let Some(site) = dialect.site(&params) else {
        return Err(dialect.not_found(&raw.headers));
    };
    let refuse = |sim: &mut Sim, refusal: Refusal| dialect.bad_request(sim, &raw.headers, &refusal);
    let sent = if op.body.is_some() { &raw.body[..] } else { &[] };
    let body = match read_body(sent) {
        Ok(body) => body,
        Err(reason) => {
            let refusal = Refusal { code: "INVALID_REQUEST_BODY", field: "body".to_string(), reason };
            return Err(refuse(sim, refusal));
        }
    };
    let path: Vec<Value> = op.path_params.iter().map(|p| Value::String(params.get(p.name).to_string())).collect();
    let path: Vec<&Value> = path.iter().collect();
    let values = parameters(api, op, &raw.query, &raw.headers);
    let checked = validate_received(api, op, &path, Some(&&values), body.as_ref().as_ref(), &*PATTERNS);
    if let Err(invalid) = checked {
        return Err(refuse(sim, Refusal::from_invalid(op, &invalid)));
    }
    Ok(Call { site, params, headers: raw.headers, query: raw.query, path: raw.path, body })
}

/// The body as JSON; `None` when empty (a required body is then missing).
fn read_body(bytes: &[u8]) -> Result<Option<Value>, String> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    serde_json::from_slice(bytes).map(Some).map_err(|e| format!("is not valid JSON ({e})"))
}

/// The operation's query and header parameters that were sent, as the validator's
/// parameters object (keys are wire names).
fn parameters(api: &Api, op: &Operation, query: &[(String, String)], headers: &HeaderMap) -> Value {
    let mut object = Map::new();
    for param in op.params {
        let texts: Vec<String> = match param.location {
            Location::Query => query.iter().filter(|(k, _)| k == param.name).map(|(_, v)| v.clone()).collect(),
            // Header bytes beyond ASCII read as ISO-8859-1, as HTTP/1.1 servers read them.
            Location::Header => headers.get_all(param.name).iter().map(|v| v.as_bytes().iter().map(|&b| char::from(b)).collect()).collect(),
            Location::Path => continue,
        };
        if texts.is_empty() {
            continue;
        }
        let kind = |id| api.schema(id).map_or(Kind::Any, |s| s.kind);
        let value = match (kind(param.schema), texts.as_slice()) {
            (Kind::Array, _) => {
                let items = api.schema(param.schema).and_then(|s| s.items).map_or(Kind::Any, kind);
                Value::Array(texts.iter().map(|t| typed(items, t)).collect())
            }
            (single, [text]) => typed(single, text),
            // Given more than once: a list where the spec wants one value.
            (_, many) => Value::Array(many.iter().cloned().map(Value::String).collect()),
        };
        object.insert(param.name.to_string(), value);
    }
    Value::Object(object)
}

/// A text parameter read as `kind`; left a string when it is not one (the validator then
/// names it).
fn typed(kind: Kind, text: &str) -> Value {
    let number = match kind {
        Kind::Integer => text.parse::<i64>().map(Number::from).or_else(|_| text.parse::<u64>().map(Number::from)).ok(),
        Kind::Number => text.parse::<f64>().ok().and_then(Number::from_f64),
        Kind::Boolean => match text {
            "true" => return Value::Bool(true),
            "false" => return Value::Bool(false),
            _ => None,
        },
        _ => None,
    };
    number.map_or_else(|| Value::String(text.to_string()), Value::Number)
}

/// The field an error names, as the wire writes it: the validator names a path parameter
/// as the JS API's argument (`pairingId`); the simulator names it as the URL template does.
fn wire_field(op: &Operation, invalid: &Invalid) -> String {
    if let (Place::Path, Some(Segment::Name(js))) = (invalid.place, invalid.path.first()) {
        if let Some(param) = op.path_params.iter().find(|p| p.js_name == *js) {
            let mut renamed = invalid.clone();
            renamed.path[0] = Segment::Name(param.name);
            return renamed.field();
        }
    }
    invalid.field()
}
