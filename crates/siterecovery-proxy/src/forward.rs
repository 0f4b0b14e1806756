//! Forwarding one request to its upstream and its answer back.
//!
//! Request headers: only those the clients send are forwarded (an allowlist): the browser's
//! cookies, `Origin`, `Referer` and `Sec-Fetch-*` of the demo's origin are no business of the
//! appliance, and hop-by-hop headers end here. Answer headers: all but hop-by-hop ones, and
//! - `WWW-Authenticate`: on a same-origin 401 with a Basic challenge the browser would open
//!   its own login dialog and then remember those credentials for the front;
//! - `Set-Cookie`: the appliance's cookies are not the front's (the clients use headers);
//! - `Strict-Transport-Security` and `Access-Control-*`: about the appliance's origin, not
//!   the front's;
//! - `Content-Length`: set again for the body as sent.
//!
//! A `Location` into the upstream becomes the front's path for it.

use std::time::{Duration, Instant};

use axum::body::{to_bytes, Body};
use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderName, HeaderValue};
use axum::response::Response;

use crate::failure;
use crate::upstream::Upstream;

/// The request headers the SRM and h4 clients send (DESIGN.md: keep them minimal).
const REQUEST_HEADERS: [&str; 7] =
    ["accept", "accept-language", "content-type", "authorization", "x-dr-session", "x-vcav-auth", "operationid"];

/// Hop-by-hop headers (RFC 9110 7.6.1), never forwarded either way.
const HOP_BY_HOP: [&str; 9] = [
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "proxy-connection",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
];

/// Answer headers that stay at the front (see the module's text).
const DROPPED_ANSWER_HEADERS: [&str; 4] = ["www-authenticate", "set-cookie", "strict-transport-security", "content-length"];

/// The largest request body forwarded (the APIs' bodies are a few KB).
pub const MAX_BODY: usize = 16 << 20;

/// How long an upstream may take to accept a connection, and to answer.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
pub const ANSWER_TIMEOUT: Duration = Duration::from_secs(120);

/// The request headers to send upstream.
pub fn request_headers(headers: &HeaderMap) -> HeaderMap {
    let mut out = HeaderMap::new();
    for name in REQUEST_HEADERS {
        for value in headers.get_all(name) {
            out.append(HeaderName::from_static(name), value.clone());
        }
    }
    out
}

/// The answer headers to send back, `Location` rewritten by `location`.
pub fn answer_headers(headers: &HeaderMap, location: impl Fn(&str) -> String) -> HeaderMap {
    // Headers named by `Connection` are hop-by-hop too.
    let named: Vec<String> = headers
        .get_all(header::CONNECTION)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(',').map(|n| n.trim().to_ascii_lowercase()))
        .collect();
    let mut out = HeaderMap::new();
    for (name, value) in headers {
        let n = name.as_str();
        if HOP_BY_HOP.contains(&n)
            || DROPPED_ANSWER_HEADERS.contains(&n)
            || n.starts_with("access-control-")
            || named.iter().any(|h| h == n)
        {
            continue;
        }
        let value = match (n, value.to_str()) {
            ("location", Ok(text)) => match HeaderValue::from_str(&location(text)) {
                Ok(v) => v,
                Err(_) => continue,
            },
            _ => value.clone(),
        };
        out.append(name.clone(), value);
    }
    out
}

/// Forward `request` (its path starts with `upstream.prefix`) and return the upstream's answer,
/// or a 502 that names the upstream URL and why it gave none.
pub async fn forward(client: &reqwest::Client, upstream: &Upstream, request: Request) -> Response {
    let started = Instant::now();
    let (parts, body) = request.into_parts();
    let url = upstream.url_for(parts.uri.path(), parts.uri.query());
    let shown = format!("{} {}", parts.method, parts.uri.path());
    let body = match to_bytes(body, MAX_BODY).await {
        Ok(b) => b,
        Err(_) => return failure::too_large(&url),
    };
    let mut headers = request_headers(&parts.headers);
    if body.is_empty() && parts.headers.contains_key(header::CONTENT_LENGTH) {
        // Sent as it came: hyper writes no length for an empty body, and some servers answer
        // a POST without one with 411.
        headers.insert(header::CONTENT_LENGTH, HeaderValue::from_static("0"));
    }
    let sent = client.request(parts.method, &url).headers(headers).body(body).send().await;
    let response = match sent {
        Ok(answer) => {
            let status = answer.status();
            let headers = answer_headers(answer.headers(), |l| upstream.front_location(l));
            match answer.bytes().await {
                Ok(body) => {
                    let mut response = Response::new(Body::from(body));
                    *response.status_mut() = status;
                    *response.headers_mut() = headers;
                    response
                }
                Err(e) => failure::no_answer(&url, &e),
            }
        }
        Err(e) => failure::no_answer(&url, &e),
    };
    // One line per call, for the admin: no headers, bodies or query (nothing secret).
    let ms = started.elapsed().as_millis();
    let note = response
        .headers()
        .get(failure::PROXY_ERROR_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(|code| format!(" {code}"))
        .unwrap_or_default();
    println!("{shown} -> {} {}{note} ({ms} ms)", upstream.target, response.status().as_u16());
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut m = HeaderMap::new();
        for (k, v) in pairs {
            m.append(HeaderName::from_bytes(k.as_bytes()).unwrap(), HeaderValue::from_str(v).unwrap());
        }
        m
    }

    #[test]
    fn requests_carry_only_the_clients_headers() {
        let sent = map(&[
            ("content-type", "application/json"),
            ("accept", "application/json"),
            ("authorization", "Basic YTpi"),
            ("x-dr-session", "s1"),
            ("X-VCAV-Auth", "t1"),
            ("operationID", "op-1"),
            ("cookie", "demo=1"),
            ("origin", "http://127.0.0.1:8470"),
            ("referer", "http://127.0.0.1:8470/"),
            ("sec-fetch-mode", "cors"),
            ("connection", "keep-alive"),
            ("host", "127.0.0.1:8470"),
            ("accept-encoding", "gzip"),
        ]);
        let out = request_headers(&sent);
        let names: Vec<_> = out.keys().map(|k| k.as_str()).collect();
        assert_eq!(names, ["accept", "content-type", "authorization", "x-dr-session", "x-vcav-auth", "operationid"]);
        assert_eq!(out["x-vcav-auth"], "t1");
    }

    #[test]
    fn answers_keep_what_the_clients_read_and_drop_the_rest() {
        let got = map(&[
            ("content-type", "application/vnd.vmware.h4-v4.7+json;charset=UTF-8"),
            ("x-vcav-auth", "t1"),
            ("retry-after", "3"),
            ("operationid", "op-1"),
            ("x-custom", "kept"),
            ("connection", "close, x-hop"),
            ("x-hop", "named by connection"),
            ("transfer-encoding", "chunked"),
            ("www-authenticate", "Basic realm=\"srm\""),
            ("set-cookie", "JSESSIONID=1; Secure"),
            ("strict-transport-security", "max-age=1"),
            ("access-control-allow-origin", "*"),
            ("content-length", "12"),
            ("location", "https://srm-a.lab/api/rest/srm/v2/tasks/1"),
        ]);
        let up = Upstream::parse(crate::upstream::Kind::Srm, "a", "https://srm-a.lab").unwrap();
        let out = answer_headers(&got, |l| up.front_location(l));
        let names: Vec<_> = out.keys().map(|k| k.as_str()).collect();
        assert_eq!(names, ["content-type", "x-vcav-auth", "retry-after", "operationid", "x-custom", "location"]);
        assert_eq!(out["location"], "/srm/a/api/rest/srm/v2/tasks/1");
    }
}
