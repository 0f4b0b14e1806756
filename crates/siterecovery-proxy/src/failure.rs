//! The front's own answers when it cannot pass one on: a JSON body in the shape both clients
//! read (SRM's `{error_code, message}`; the h4 client reads the same names), naming the
//! upstream URL and the cause, never a credential (the URLs hold none: `Upstream::parse`
//! refuses them, and no request header or body is echoed).

use std::error::Error as StdError;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::forward::{ANSWER_TIMEOUT, CONNECT_TIMEOUT};

/// Set on every answer the front makes itself, to its `error_code` (tells a 502 of the front
/// from an upstream's).
pub const PROXY_ERROR_HEADER: &str = "x-siterecovery-proxy-error";

/// Why an upstream gave no answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cause {
    /// Its TLS certificate was not trusted (or did not name the host).
    Certificate,
    /// No answer in time.
    Timeout,
    /// No connection: refused, no route, unknown host, TLS handshake failed otherwise.
    Unreachable,
    /// The connection closed before a whole answer.
    Dropped,
}

impl Cause {
    pub fn name(self) -> &'static str {
        match self {
            Cause::Certificate => "certificate",
            Cause::Timeout => "timeout",
            Cause::Unreachable => "unreachable",
            Cause::Dropped => "dropped",
        }
    }

    fn code(self) -> &'static str {
        match self {
            Cause::Certificate => "PROXY_UPSTREAM_CERTIFICATE",
            Cause::Timeout => "PROXY_UPSTREAM_TIMEOUT",
            Cause::Unreachable => "PROXY_UPSTREAM_UNREACHABLE",
            Cause::Dropped => "PROXY_UPSTREAM_DROPPED",
        }
    }
}

/// Every error in `e`'s chain, including the ones an `io::Error` wraps (its `source()` skips
/// the error it carries).
fn chain<'a>(e: &'a (dyn StdError + 'static)) -> Vec<&'a (dyn StdError + 'static)> {
    let mut out = Vec::new();
    let mut next = Some(e);
    while let Some(e) = next {
        out.push(e);
        next = match e.downcast_ref::<std::io::Error>().and_then(|io| io.get_ref()) {
            Some(inner) => Some(inner as &(dyn StdError + 'static)),
            None => e.source(),
        };
    }
    out
}

/// Why `e` brought no answer, and the most specific words for it.
pub fn classify(e: &reqwest::Error) -> (Cause, String) {
    let errors = chain(e);
    let innermost = errors.last().map(|e| e.to_string()).unwrap_or_default();
    let certificate = errors.iter().find_map(|e| match e.downcast_ref::<rustls::Error>()? {
        c @ (rustls::Error::InvalidCertificate(_) | rustls::Error::NoCertificatesPresented | rustls::Error::UnsupportedNameType) => {
            Some(c.to_string())
        }
        _ => None,
    });
    let cause = if certificate.is_some() {
        Cause::Certificate
    } else if e.is_timeout() {
        Cause::Timeout
    } else if e.is_connect() {
        Cause::Unreachable
    } else {
        Cause::Dropped
    };
    (cause, certificate.unwrap_or(innermost))
}

/// The 502 for an upstream that gave no answer to a request for `url`.
pub fn no_answer(url: &str, e: &reqwest::Error) -> Response {
    let (cause, detail) = classify(e);
    let what = match cause {
        Cause::Certificate => format!(
            "its TLS certificate is not trusted ({detail}). Trust the CA that signed it with --ca-cert FILE, or, for a lab's self-signed certificate, start the demo with --insecure-tls (no verification)"
        ),
        Cause::Timeout => format!("no answer within {} s to connect or {} s to answer ({detail})", CONNECT_TIMEOUT.as_secs(), ANSWER_TIMEOUT.as_secs()),
        Cause::Unreachable => format!("{detail}. Is the appliance up, and is this address reachable from the machine that runs the demo?"),
        Cause::Dropped => format!("the connection closed before a whole answer ({detail})"),
    };
    answer(StatusCode::BAD_GATEWAY, cause.code(), &format!("the demo proxy got no answer from {url}: {what}"), Some((url, cause)))
}

/// A request body over `forward::MAX_BODY`.
pub fn too_large(url: &str) -> Response {
    answer(
        StatusCode::PAYLOAD_TOO_LARGE,
        "PROXY_BODY_TOO_LARGE",
        &format!("the demo proxy forwards bodies of up to {} MiB (to {url})", crate::forward::MAX_BODY >> 20),
        None,
    )
}

/// A path of an appliance the front was not given.
pub fn not_configured(prefix: &str, flag: &str) -> Response {
    answer(
        StatusCode::NOT_FOUND,
        "PROXY_NOT_CONFIGURED",
        &format!("the demo proxy has no server at {prefix}: start it with {flag} URL"),
        None,
    )
}

/// A request whose Host is not a local name (a DNS-rebinding page).
pub fn foreign_host() -> Response {
    answer(
        StatusCode::MISDIRECTED_REQUEST,
        "PROXY_HOST_NOT_LOCAL",
        "the demo proxy answers requests to 127.0.0.1, localhost or [::1] only",
        None,
    )
}

fn answer(status: StatusCode, code: &str, message: &str, upstream: Option<(&str, Cause)>) -> Response {
    let mut body = json!({ "error_code": code, "message": message });
    if let Some((url, cause)) = upstream {
        body["upstream"] = json!(url);
        body["cause"] = json!(cause.name());
    }
    let mut response = (status, [(header::CONTENT_TYPE, "application/json")], body.to_string()).into_response();
    if let Ok(code) = HeaderValue::from_str(code) {
        response.headers_mut().insert(PROXY_ERROR_HEADER, code);
    }
    response
}
