//! Numbers and JSON strings written into a `String` without `core::fmt` (its machinery is
//! several KB of wasm).
use alloc::string::String;

/// Append the decimal digits of `n`.
pub fn push_u64(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        if let Some(d) = digits.get_mut(at) {
            *d = b'0' + (n % 10) as u8;
        }
        n /= 10;
        if n == 0 || at == 0 {
            break;
        }
    }
    for &d in digits.get(at..).unwrap_or_default() {
        out.push(d as char);
    }
}

/// Append the decimal digits of `n`, with a `-` when negative.
pub fn push_i64(out: &mut String, n: i64) {
    if n < 0 {
        out.push('-');
    }
    push_u64(out, n.unsigned_abs());
}

/// `n` in decimal.
pub fn u64_text(n: u64) -> String {
    let mut s = String::new();
    push_u64(&mut s, n);
    s
}

/// Append `s` as a JSON string literal (quotes and escapes included).
pub fn push_json_string(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => {
                out.push_str("\\u00");
                for shift in &[4, 0] {
                    out.push(HEX.get((c as usize >> shift) & 15).copied().unwrap_or(b'0') as char);
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// `s` without the `/`s it ends with (bytes from the end: no reverse UTF-8 decoding, as
/// `trim_end_matches` would bring into the wasm, nor an iterator adapter).
pub fn without_trailing_slashes(s: &str) -> &str {
    let mut bytes = s.as_bytes();
    while let [rest @ .., b'/'] = bytes {
        bytes = rest;
    }
    s.get(..bytes.len()).unwrap_or(s)
}

/// Parse a decimal integer (optional sign, digits only; `None` on overflow).
pub fn parse_i64(s: &str) -> Option<i64> {
    let (negative, digits) = match s.as_bytes().first() {
        Some(b'-') => (true, s.get(1..)?),
        Some(b'+') => (false, s.get(1..)?),
        _ => (false, s),
    };
    if digits.is_empty() {
        return None;
    }
    let mut n: i64 = 0;
    for b in digits.bytes() {
        if !b.is_ascii_digit() {
            return None;
        }
        // Accumulated with its sign: the magnitude of `i64::MIN` is no `i64`.
        let digit = i64::from(b - b'0');
        // Range-checked, not `checked_mul`: on wasm32 that is a 128-bit multiply (`__multi3`).
        if !(i64::MIN / 10..=i64::MAX / 10).contains(&n) {
            return None;
        }
        n *= 10;
        n = if negative { n.checked_sub(digit)? } else { n.checked_add(digit)? };
    }
    Some(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn numbers_and_strings() {
        for n in [0u64, 7, 10, 1_699_999_999_999, u64::MAX] {
            assert_eq!(u64_text(n), alloc::format!("{n}"));
        }
        let mut s = String::new();
        push_i64(&mut s, i64::MIN);
        assert_eq!(s, i64::MIN.to_string());
        for text in ["plain", "quo\"te\\", "line\nbreak\t", "\u{1}ctl\u{8}\u{c}\u{1f}", "ünï"] {
            let mut s = String::new();
            push_json_string(&mut s, text);
            assert_eq!(s, serde_json::to_string(text).unwrap());
        }
        assert_eq!(parse_i64("-42"), Some(-42));
        assert_eq!(parse_i64("99999999999999999999"), None);
        assert_eq!((parse_i64("-9223372036854775808"), parse_i64("9223372036854775808")), (Some(i64::MIN), None));
        assert_eq!((parse_i64("9223372036854775807"), parse_i64("-9223372036854775809")), (Some(i64::MAX), None));
        assert_eq!(parse_i64("1e3"), None);
        assert_eq!(parse_i64(""), None);
        for (text, trimmed) in [("a//", "a"), ("", ""), ("///", ""), ("a/b", "a/b"), ("/é/", "/é"), ("h:8/", "h:8")] {
            assert_eq!(without_trailing_slashes(text), trimmed);
        }
    }
}
