//! The HTTP request of a checked call, from the table: the URL (path template filled, query
//! encoded), the operation's headers, and the h4 `operationID` correlation header. The npm
//! package makes the URL and headers in JS (js/package.js `requestTarget`), held to [`url`] and
//! [`params`] by a wasm-bindgen test.
use alloc::string::String;
use alloc::vec::Vec;

use siterecovery_schema::table::{Location, Param};
use siterecovery_schema::{Json, JsonKind, Number, Operation};

use crate::text::{push_i64, push_u64};

/// The h4 `operationID` header (log correlation): filled from `options.operationId` (or a
/// fresh id) on every call that has it.
pub fn is_correlation(param: &Param) -> bool {
    siterecovery_schema::methods::is_correlation(param.name)
}

/// Whether `s` can be sent as an HTTP header value: no NUL, CR or LF, and nothing beyond
/// U+00FF (fetch's ByteString; it would throw, with the value in its message).
pub fn is_header_value(s: &str) -> bool {
    // By bytes (no UTF-8 decoding in the wasm): U+0080 to U+00FF are the two-byte sequences
    // that start with 0xC2 or 0xC3, so a byte from 0xC4 up starts a character beyond U+00FF.
    for &b in s.as_bytes() {
        if b >= 0xC4 || matches!(b, b'\0' | b'\r' | b'\n') {
            return false;
        }
    }
    true
}

/// Append `s` percent-encoded (everything but RFC 3986 unreserved characters).
pub fn push_component(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => out.push(b as char),
            _ => {
                out.push('%');
                for nibble in &[b >> 4, b & 15] {
                    out.push(HEX.get(usize::from(*nibble)).copied().unwrap_or(b'0') as char);
                }
            }
        }
    }
}

/// `s` percent-encoded.
pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_component(&mut out, s);
    out
}

/// `base` + the path template of `op` with `args` encoded into its placeholders, in turn (a
/// table's path parameters are in template order).
pub fn url(base: &str, op: &Operation, args: &[String], query: &[(&str, String)]) -> String {
    let mut url = String::from(base);
    let mut args = args.iter();
    let mut rest = op.path;
    // Byte positions, not `str::find`: that is 0.7 KB of searcher in the wasm for two ASCII bytes.
    let find = |s: &str, byte: u8| s.bytes().position(|b| b == byte);
    while let Some(open) = find(rest, b'{') {
        let after = rest.get(open + 1..).unwrap_or_default();
        // An unclosed `{` is text, as the rest after it.
        let Some(close) = find(after, b'}') else { break };
        url.push_str(rest.get(..open).unwrap_or_default());
        push_component(&mut url, args.next().map_or("", String::as_str));
        rest = after.get(close + 1..).unwrap_or_default();
    }
    url.push_str(rest);
    for (i, (k, v)) in query.iter().enumerate() {
        url.push(if i == 0 { '?' } else { '&' });
        push_component(&mut url, k);
        url.push('=');
        push_component(&mut url, v);
    }
    url
}

/// Query and header values of a checked parameters object.
#[derive(Debug, Default, PartialEq)]
pub struct Params {
    /// In table order; an array repeats its name (`a=1&a=2`).
    pub query: Vec<(&'static str, String)>,
    /// OpenAPI's `simple` style: an array is one comma-separated value.
    pub headers: Vec<(&'static str, String)>,
    /// The `operationID` header's value, kept for errors.
    pub correlation: Option<String>,
}

/// Sort the parameters object of `op` into query and headers. `float` writes a number with
/// a fraction as the platform does (`JSON.stringify` in JS); `null` is not sent.
pub fn params<J: Json>(op: &Operation, params: Option<&J>, float: &dyn Fn(f64) -> String) -> Params {
    let mut out = Params::default();
    for param in op.params {
        let Some(value) = params.and_then(|p| p.get(param.name)) else { continue };
        if param.location != Location::Header {
            scalars(param.name, &value, float, &mut out.query);
            continue;
        }
        let mut values = Vec::new();
        scalars(param.name, &value, float, &mut values);
        if values.is_empty() {
            continue;
        }
        // Not `join`: its overflow `expect` keeps `core::fmt`'s padding in the wasm.
        let mut joined = String::new();
        for (i, (_, v)) in values.iter().enumerate() {
            if i > 0 {
                joined.push(',');
            }
            joined.push_str(v);
        }
        if is_correlation(param) {
            out.correlation = Some(joined.clone());
        }
        out.headers.push((param.name, joined));
    }
    out
}

/// The values of `value` as `name`'s, into `out` (an array gives one per item).
fn scalars<J: Json>(name: &'static str, value: &J, float: &dyn Fn(f64) -> String, out: &mut Vec<(&'static str, String)>) {
    match value.kind() {
        JsonKind::Null | JsonKind::Object => {}
        JsonKind::String => {
            if let Some(s) = value.as_str() {
                out.push((name, s.into_owned()));
            }
        }
        JsonKind::Bool => out.push((name, String::from(if value.as_bool() == Some(true) { "true" } else { "false" }))),
        JsonKind::Number => {
            let mut s = String::new();
            match value.as_number() {
                Some(Number::Int(i)) => push_i64(&mut s, i),
                Some(Number::Uint(u)) => push_u64(&mut s, u),
                Some(Number::Float(f)) => s = float(f),
                None => return,
            }
            out.push((name, s));
        }
        JsonKind::Array => {
            for i in 0..value.array_len() {
                if let Some(item) = value.item(i) {
                    scalars(name, &item, float, out);
                }
            }
        }
    }
}

/// A client's base URL, trimmed (no trailing `/`), its scheme in lower case, if it is http(s)
/// and names a host; else why not (the message of a validation error of `baseUrl`).
pub fn base_url(text: &str) -> Result<String, &'static str> {
    let base = crate::text::without_trailing_slashes(text.trim_ascii());
    // A scheme is case-insensitive (RFC 3986 §3.1): `HTTPS://` is `https://`, as URL parsers
    // write it.
    let is = |scheme: &str| base.as_bytes().get(..scheme.len()).is_some_and(|p| p.eq_ignore_ascii_case(scheme.as_bytes()));
    let scheme = match (is("https://"), is("http://")) {
        (true, _) => "https://",
        (_, true) => "http://",
        _ => return Err("must start with https:// or http://"),
    };
    let rest = base.get(scheme.len()..).unwrap_or_default();
    // The first byte, not `starts_with('/')`, and the shared white space check, not
    // `contains(char::is_whitespace)`: the same answers with less code (this check was in the
    // wasm until the npm package came to make its API root in JS: js/package.js `apiRoot`).
    if matches!(rest.as_bytes().first(), None | Some(b'/')) || rest.chars().any(siterecovery_schema::is_white_space) {
        return Err("must name a host");
    }
    // Paths go after the base, so it can have no query or fragment; a user name and password
    // in it would show in every error.
    let mut in_host = true;
    for b in rest.bytes() {
        match b {
            b'/' => in_host = false,
            b'@' if in_host => return Err("must not hold a user name or password"),
            b'?' | b'#' => return Err("must not have a query or fragment"),
            _ => {}
        }
    }
    let mut url = String::from(scheme);
    url.push_str(rest);
    Ok(url)
}

/// The longest `Retry-After` honoured: a server asking for more waits this long.
pub const MAX_RETRY_AFTER_MS: u64 = 300_000;

/// `Retry-After` in milliseconds, in either form (RFC 9110 §10.2.3): delay-seconds, or an
/// HTTP-date, read by `http_date` to epoch ms ([`crate::time::http_date`] natively), as far
/// from `now_ms`. A date in the past or a negative number is 0; anything above
/// [`MAX_RETRY_AFTER_MS`] is that. The npm package reads the header in JS (js/package.js
/// `retryAfterMs`, with the JS engine's `Date.parse`), held to this by a wasm-bindgen test.
pub fn retry_after_ms(value: &str, now_ms: f64, http_date: &dyn Fn(&str) -> Option<i64>) -> Option<u64> {
    // Optional white space around a header value is SP and HTAB (RFC 9110 §5.6.3).
    let value = value.trim_ascii();
    let ms = match crate::text::parse_i64(value) {
        // In f64, not `saturating_mul`: on wasm32 that is a 128-bit multiply (`__multi3`).
        Some(seconds) => seconds as f64 * 1000.0,
        None => http_date(value)? as f64 - now_ms,
    };
    Some(ms.clamp(0.0, MAX_RETRY_AFTER_MS as f64) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;
    use alloc::vec;
    use serde_json::{json, Value};
    use siterecovery_schema::table::Param;

    const PATH: [Param; 2] = [Param::path("pairing_id", "pairingId", 0), Param::path("plan_id", "planId", 0)];
    const PARAMS: [Param; 3] = [Param::query("limit", 0, false), Param::query("filter", 0, false), Param::header("operationID", 0, false)];

    fn op() -> Operation {
        Operation::get("/pairings/{pairing_id}/plans/{plan_id}", &PATH, &PARAMS)
    }

    #[test]
    fn url_query_and_headers() {
        let float = |f: f64| f.to_string();
        let given = json!({"limit": 1.5, "filter": ["a b", 7, true, null], "operationID": ["x", "y"], "other": 1});
        let p = params(&op(), Some(&&given), &float);
        assert_eq!(
            p.query,
            vec![("limit", "1.5".to_string()), ("filter", "a b".into()), ("filter", "7".into()), ("filter", "true".into())]
        );
        assert_eq!((p.headers, p.correlation), (vec![("operationID", "x,y".to_string())], Some("x,y".into())));
        let u = url("https://h/api", &op(), &["p/1".into(), "ü".into()], &p.query);
        assert_eq!(u, "https://h/api/pairings/p%2F1/plans/%C3%BC?limit=1.5&filter=a%20b&filter=7&filter=true");
        assert_eq!(params(&op(), None::<&&Value>, &float), Params::default());
        // A `{` never closed is text, written once.
        const UNCLOSED: Operation = Operation::get("/a/{pairing_id}/b/{open", &PATH, &[]);
        assert_eq!(url("https://h", &UNCLOSED, &["p".into(), "q".into()], &[]), "https://h/a/p/b/{open");
        let now = 1_699_999_999_000.0; // 2023-11-14T22:13:19Z
        let retry_after_ms = |v: &str, now: f64| retry_after_ms(v, now, &crate::time::http_date);
        assert_eq!((retry_after_ms(" 3 ", now), retry_after_ms("soon", now)), (Some(3000), None));
        assert_eq!((retry_after_ms("-1", now), retry_after_ms("99999999999", now)), (Some(0), Some(MAX_RETRY_AFTER_MS)));
        for date in ["Tue, 14 Nov 2023 22:13:49 GMT", "Tuesday, 14-Nov-23 22:13:49 GMT", "Tue Nov 14 22:13:49 2023"] {
            assert_eq!(retry_after_ms(date, now), Some(30_000), "{date}");
        }
        assert_eq!(retry_after_ms("Tue, 14 Nov 2023 22:00:00 GMT", now), Some(0), "a date in the past");
        assert_eq!(retry_after_ms("Fri, 14 Nov 2025 22:00:00 GMT", now), Some(MAX_RETRY_AFTER_MS));
        assert!(is_header_value("sr-0a1b tab\there é ÿ") && is_header_value(""));
        for bad in ["a\nb", "a\r", "\0", "Ā", "操作", "🙂"] {
            assert!(!is_header_value(bad), "{bad:?}");
        }
        // The byte test is the character rule, for every character.
        let mut buf = [0u8; 4];
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let rule = c <= '\u{ff}' && !matches!(c, '\0' | '\r' | '\n');
            assert_eq!(is_header_value(c.encode_utf8(&mut buf)), rule, "{c:?}");
        }
        assert_eq!(base_url(" https://h/api/ "), Ok("https://h/api".into()));
        assert_eq!(base_url("HTTPS://H/api"), Ok("https://H/api".into()));
        assert_eq!(base_url("Http://h:8080"), Ok("http://h:8080".into()));
        assert_eq!(base_url("HTTPX://h"), Err("must start with https:// or http://"));
        assert_eq!(base_url("httpé://h"), Err("must start with https:// or http://"));
        assert_eq!(base_url("ftp://h"), Err("must start with https:// or http://"));
        for bad in ["http:///x", "http://a b", "http://a\u{a0}b", "https://h/\u{3000}x", "http://a\tb"] {
            assert_eq!(base_url(bad), Err("must name a host"), "{bad}");
        }
        for bad in ["https://admin:secret@h/api", "https://admin@h", "http://a:b@[::1]:8443/x"] {
            assert_eq!(base_url(bad), Err("must not hold a user name or password"), "{bad}");
        }
        for bad in ["https://h/api?x=1", "https://h/api#top", "https://h?", "https://h/a#"] {
            assert_eq!(base_url(bad), Err("must not have a query or fragment"), "{bad}");
        }
        // An `@` in the path is a path character, not a user name.
        assert_eq!(base_url("https://h/sites/@local"), Ok("https://h/sites/@local".into()));
    }
}
