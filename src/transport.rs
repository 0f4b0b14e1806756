//! The one seam between generated code and the network: `send(Request) -> Response`.
//! Natively it can be an in-process simulator; in the browser it is `fetch` (gloo-net).
use std::fmt;

/// Headers whose values are secrets; `Debug` never prints them.
const SECRET_HEADERS: [&str; 4] = ["authorization", "x-dr-session", "x-vcav-auth", "cookie"];

pub fn is_secret_header(name: &str) -> bool {
    SECRET_HEADERS.iter().any(|s| s.eq_ignore_ascii_case(name))
}

/// A fully built HTTP request.
#[derive(Clone)]
pub struct Request {
    pub method: &'static str,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<Vec<u8>>,
}

/// What came back.
#[derive(Clone)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    /// First header of that name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

/// `Retry-After` in milliseconds: seconds or an HTTP-date, clamped (the core crate's rule).
pub fn retry_after_ms(headers: &[(String, String)]) -> Option<u64> {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0.0, |d| d.as_millis() as f64);
    siterecovery_core::request::retry_after_ms(find_header(headers, "retry-after")?, now, &siterecovery_core::time::http_date)
}

pub(crate) fn find_header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
}

/// The request never got an HTTP answer (connection refused, CORS, aborted, ...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransportError {
    pub message: String,
    /// The caller's abort signal fired.
    pub aborted: bool,
}

impl TransportError {
    pub fn new(message: impl Into<String>) -> Self {
        TransportError { message: message.into(), aborted: false }
    }
}

/// Sends one request. Single-threaded by design (the browser is), hence no `Send` bound.
#[allow(async_fn_in_trait)]
pub trait Transport {
    async fn send(&self, request: Request) -> Result<Response, TransportError>;
}

impl<T: Transport + ?Sized> Transport for &T {
    async fn send(&self, request: Request) -> Result<Response, TransportError> {
        (**self).send(request).await
    }
}

impl<T: Transport + ?Sized> Transport for std::rc::Rc<T> {
    async fn send(&self, request: Request) -> Result<Response, TransportError> {
        (**self).send(request).await
    }
}

pub(crate) struct RedactedHeaders<'a>(pub &'a [(String, String)]);

impl fmt::Debug for RedactedHeaders<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.0.iter().map(|(k, v)| (k, if is_secret_header(k) { "<redacted>" } else { v.as_str() }))).finish()
    }
}

impl fmt::Debug for Request {
    // Bodies may carry passwords (pair_psc_info.password, localPassword): never printed.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &RedactedHeaders(&self.headers))
            .field("body_bytes", &self.body.as_ref().map(Vec::len))
            .finish()
    }
}

impl fmt::Debug for Response {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Response")
            .field("status", &self.status)
            .field("headers", &RedactedHeaders(&self.headers))
            .field("body_bytes", &self.body.len())
            .finish()
    }
}
