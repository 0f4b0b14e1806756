//! One HTTP exchange through the global `fetch` (browser, Worker, Node), optionally bound to
//! an AbortSignal: the status, the headers the client reads, and the body parsed as JSON.
use siterecovery_core::request::retry_after_ms;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, Headers, RequestInit, Response};

use crate::errors::Failure;
use crate::js::{get, is_blank, parse_json};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = fetch)]
    fn global_fetch(url: &str, init: &RequestInit) -> js_sys::Promise;
}

/// A request ready to send (checked, its URL and body made when the call was made).
#[derive(Clone)]
pub struct Outgoing {
    pub method: &'static str,
    pub url: String,
    pub headers: Vec<(&'static str, String)>,
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

fn failure(e: &JsValue, signal: Option<&AbortSignal>) -> Failure {
    let aborted = signal.is_some_and(AbortSignal::aborted) || get(e, "name").as_string().as_deref() == Some("AbortError");
    // As the JS engine shows it: `TypeError: Failed to fetch`.
    let (name, message) = (get(e, "name").as_string(), get(e, "message").as_string());
    let shown = match (name, message) {
        (Some(n), Some(m)) => crate::js::cat(&[&n, ": ", &m]),
        (_, Some(m)) => m,
        _ => String::from("fetch failed"),
    };
    Failure::network(&shown, aborted)
}

pub async fn send(out: &Outgoing, auth: Option<(&str, &str)>, signal: Option<&AbortSignal>, read_header: Option<&str>) -> Result<Answer, Failure> {
    if signal.is_some_and(AbortSignal::aborted) {
        return Err(Failure::network("the signal was already aborted", true));
    }
    let headers = Headers::new().map_err(|e| failure(&e, signal))?;
    for (name, value) in out.headers.iter().map(|(n, v)| (*n, v.as_str())).chain(auth) {
        headers.append(name, value).map_err(|e| failure(&e, signal))?;
    }
    let init = RequestInit::new();
    init.set_method(out.method);
    init.set_headers(&headers);
    if let Some(body) = &out.body {
        init.set_body(body);
    }
    if let Some(s) = signal {
        init.set_signal(Some(s));
    }
    let response: Response = JsFuture::from(global_fetch(&out.url, &init)).await.map_err(|e| failure(&e, signal))?.unchecked_into();
    let status = response.status();
    let header = |name: &str| response.headers().get(name).ok().flatten();
    let retry_after_ms = header("retry-after").as_deref().and_then(retry_after_ms);
    let read = read_header.and_then(header);
    let text = response.text().map_err(|e| failure(&e, signal))?;
    let text = JsFuture::from(text).await.map_err(|e| failure(&e, signal))?;
    // The caller checks the body next: in a burst of responses, take turns.
    crate::timer::turn().await;
    let blank = status == 204 || is_blank(&text);
    let body = (!blank).then(|| parse_json(&text));
    Ok(Answer { status, retry_after_ms, header: read, body })
}
