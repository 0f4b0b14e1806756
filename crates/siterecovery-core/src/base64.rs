//! Base64 without a dependency: standard with padding (HTTP Basic auth) and URL-safe without
//! padding (resume tokens).

use alloc::string::String;
use alloc::vec::Vec;

const STANDARD: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URL_SAFE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn encode(bytes: &[u8], alphabet: &[u8; 64], pad: bool) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let byte = |i: usize| u32::from(chunk.get(i).copied().unwrap_or(0));
        let n = byte(0) << 16 | byte(1) << 8 | byte(2);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(alphabet.get((n >> (18 - 6 * i) & 63) as usize).copied().unwrap_or(b'A') as char);
            } else if pad {
                out.push('=');
            }
        }
    }
    out
}

/// RFC 4648 base64 with `=` padding.
pub fn encode_standard(bytes: &[u8]) -> String {
    encode(bytes, STANDARD, true)
}

/// RFC 4648 base64url, unpadded.
pub fn encode_url(bytes: &[u8]) -> String {
    encode(bytes, URL_SAFE, false)
}

/// Decode unpadded base64url; `None` on any character outside the alphabet or a bad length.
pub fn decode_url(text: &str) -> Option<Vec<u8>> {
    if text.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(text.len() / 4 * 3 + 2);
    let (mut bits, mut count) = (0u32, 0u32);
    for c in text.bytes() {
        let value = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return None,
        };
        bits = (bits << 6 | u32::from(value)) & 0xFFFF;
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_alphabets_round_trip() {
        assert_eq!(encode_standard(b"ab"), "YWI=");
        assert_eq!(encode_standard(b"a"), "YQ==");
        assert_eq!(encode_url(&[0xfb, 0xff]), "-_8");
        for n in 0..8u8 {
            let data: Vec<u8> = (0..n).map(|i| i.wrapping_mul(97)).collect();
            assert_eq!(decode_url(&encode_url(&data)).unwrap(), data);
        }
        assert!(decode_url("a+b").is_none());
    }
}
