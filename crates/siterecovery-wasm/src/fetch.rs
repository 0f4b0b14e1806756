//! The browser/Node transport: `fetch` through gloo-net, optionally bound to an AbortSignal.
use gloo_net::http::{Method, RequestBuilder};
use siterecovery::{Request, Response, Transport, TransportError};
use web_sys::AbortSignal;

#[derive(Clone, Default)]
pub struct FetchTransport {
    signal: Option<AbortSignal>,
}

impl FetchTransport {
    pub fn with_signal(signal: Option<AbortSignal>) -> Self {
        FetchTransport { signal }
    }
}

fn failure(e: gloo_net::Error, signal: Option<&AbortSignal>) -> TransportError {
    let aborted = signal.is_some_and(AbortSignal::aborted)
        || matches!(&e, gloo_net::Error::JsError(js) if js.name == "AbortError");
    TransportError { message: e.to_string(), aborted }
}

impl Transport for FetchTransport {
    async fn send(&self, request: Request) -> Result<Response, TransportError> {
        let signal = self.signal.as_ref();
        if signal.is_some_and(AbortSignal::aborted) {
            return Err(TransportError { message: "the signal was already aborted".into(), aborted: true });
        }
        let method = Method::from_bytes(request.method.as_bytes())
            .map_err(|_| TransportError::new(format!("bad method {}", request.method)))?;
        let mut builder = RequestBuilder::new(&request.url).method(method).abort_signal(signal);
        for (name, value) in &request.headers {
            builder = builder.header(name, value);
        }
        let built = match request.body {
            Some(bytes) => builder.body(js_sys::Uint8Array::from(bytes.as_slice())),
            None => builder.build(),
        }
        .map_err(|e| failure(e, signal))?;
        let response = built.send().await.map_err(|e| failure(e, signal))?;
        let status = response.status();
        let headers = response.headers().entries().collect();
        let body = response.binary().await.map_err(|e| failure(e, signal))?;
        // The caller decodes the body next: in a burst of responses, take turns.
        crate::timer::turn().await;
        Ok(Response { status, headers, body })
    }
}
