//! One HTTP exchange through the global `fetch` (js/package.js), optionally bound to an
//! AbortSignal: the status, the headers the client reads, and the body parsed as JSON.
use crate::builtins;
use crate::builtins::AbortSignal;
#[allow(unused_imports)]
use crate::prelude::*;
use wasm_bindgen::prelude::*;

use crate::errors::{Failure, Kind};
use crate::js::cat;

#[wasm_bindgen(module = "/js/package.js")]
extern "C" {
    /// One exchange of `request` (what [`request`] makes), answered with `[status,
    /// Retry-After in ms (js/package.js `retryAfterMs`, siterecovery-core's
    /// `request::retry_after_ms`), the header asked for, whether there is a body (not a 204,
    /// not only white space), the body parsed as JSON (undefined when it is not JSON)]` (read
    /// by [`answer`]).
    pub fn exchange(request: &builtins::Array, read_header: Option<&str>) -> builtins::Promise;
    /// `[head, body, signal]`.
    #[wasm_bindgen(js_name = requestOf)]
    fn request_of(head: &str, body: &JsValue, signal: Option<AbortSignal>) -> builtins::Array;
}

/// A request ready to send (checked, its URL and body made when the call was made).
pub struct Outgoing {
    pub method: &'static str,
    pub url: String,
    /// Each header as `\nname\nvalue` (neither holds a line break: names are the table's HTTP
    /// tokens, which the generator checks, values pass `is_header_value`); the session header
    /// is added when it is sent.
    pub headers: String,
    /// JSON text.
    pub body: Option<JsValue>,
}

pub struct Answer {
    pub status: u16,
    pub retry_after_ms: Option<u64>,
    /// The response header the caller asked for (a login's session token).
    pub header: Option<String>,
    /// `None`: no body (204, or only white space); `Some(undefined)`: a body that is not JSON.
    pub body: Option<JsValue>,
}

/// Why an exchange got no answer: `exchange`'s rejection, `[aborted, message, url]`
/// (js/package.js `noAnswer`, which says it).
pub fn failure(e: &JsValue) -> Failure {
    let e: &builtins::Array = e.unchecked_ref();
    let kind = if e.get(0).as_bool() == Some(true) { Kind::Aborted } else { Kind::Network };
    Failure::said(kind, e.get(1)).with("url", &e.get(2))
}

/// Append a header to [`Outgoing::headers`].
pub fn push_header(headers: &mut String, name: &str, value: &str) {
    for part in &["\n", name, "\n", value] {
        headers.push_str(part);
    }
}

/// `out`'s request as js/package.js's `exchange` takes it: `[head, body, signal]`, the head
/// `method\nurl` then the headers, with `auth` added (the prepared request is sent again, with
/// the new session, after a re-login): one string to cross into JS, not one per part (no
/// part holds a line break: the URL has no white space, see `Outgoing::headers`). Nothing,
/// when the signal has already aborted.
pub fn request(out: &Outgoing, auth: Option<(&str, &str)>, signal: Option<&AbortSignal>) -> Result<builtins::Array, Failure> {
    if signal.is_some_and(AbortSignal::aborted) {
        return Err(Failure::request_aborted("the signal was already aborted"));
    }
    let mut head = cat(&[out.method, "\n", &out.url, &out.headers]);
    if let Some((name, value)) = auth {
        push_header(&mut head, name, value);
    }
    Ok(request_of(&head, out.body.as_ref().unwrap_or(&JsValue::UNDEFINED), signal.cloned()))
}

/// What `exchange` answered: `[status, Retry-After in ms, header, has a body, body]`.
pub fn answer(answer: &builtins::Array) -> Answer {
    let status = crate::js::number_of(&answer.get(0)) as u16;
    // A number, or undefined (NaN) for none.
    let retry_after_ms = Some(crate::js::number_of(&answer.get(1))).filter(|ms| !ms.is_nan()).map(|ms| ms as u64);
    let header = crate::js::string(&answer.get(2));
    let body = (answer.get(3).as_bool() == Some(true)).then(|| answer.get(4));
    Answer { status, retry_after_ms, header, body }
}
