//! Resume tokens: a short string naming the API, the base URL and the task id — no secret —
//! so a page can keep waiting after a reload (`client.resumeTask(token)`). The token is
//! base64url of `{"v":1,"api":…,"base":…,"id":…}`.
use alloc::string::String;
use alloc::vec::Vec;
use core::iter::Peekable;
use core::str::Chars;

use crate::base64::{decode_url, encode_url};
use crate::task::TaskApi;
use crate::text::push_json_string;

pub fn token(api: TaskApi, base_url: &str, task_id: &str) -> String {
    let mut json = String::from("{\"v\":1,\"api\":");
    push_json_string(&mut json, api.as_str());
    json.push_str(",\"base\":");
    push_json_string(&mut json, base_url);
    json.push_str(",\"id\":");
    push_json_string(&mut json, task_id);
    json.push('}');
    encode_url(json.as_bytes())
}

/// The task id in `token`, if it was made by a client of the same API and base URL; else why
/// not (the message of a validation error of `token`). Read here, not by a JSON library: the
/// token is a flat object of strings and a version number.
pub fn task_id(token: &str, api: TaskApi, base_url: &str) -> Result<String, String> {
    let bad = |m: &str| String::from(m);
    let fields = decode_url(token.trim())
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .and_then(|text| flat_object(&text))
        .ok_or_else(|| bad("is not a resume token"))?;
    let text = |k: &str| fields.iter().find(|(key, _)| key == k).map(|(_, v)| v.as_str());
    let (Some(token_api), Some(base), Some(id)) = (text("api"), text("base"), text("id")) else {
        return Err(bad("is not a resume token"));
    };
    if text("v") != Some("1") || id.is_empty() {
        return Err(bad("is not a resume token of this version"));
    }
    if token_api != api.as_str() {
        let mut m = bad("belongs to a ");
        for part in [token_api, " client, not ", api.as_str()] {
            m.push_str(part);
        }
        return Err(m);
    }
    if base.trim_end_matches('/') != base_url.trim_end_matches('/') {
        let mut m = bad("belongs to ");
        for part in [base, ", not this client's ", base_url] {
            m.push_str(part);
        }
        return Err(m);
    }
    Ok(String::from(id))
}

/// A JSON object whose values are strings or unsigned integers, as (key, value text) pairs;
/// `None` for anything else.
fn flat_object(text: &str) -> Option<Vec<(String, String)>> {
    let mut chars = text.trim().chars().peekable();
    let mut fields = Vec::new();
    if chars.next()? != '{' {
        return None;
    }
    if chars.next_if_eq(&'}').is_some() {
        return chars.next().is_none().then_some(fields);
    }
    loop {
        if chars.next()? != '"' {
            return None;
        }
        let key = json_string(&mut chars)?;
        if chars.next()? != ':' {
            return None;
        }
        let value = match chars.next()? {
            '"' => json_string(&mut chars)?,
            d @ '0'..='9' => {
                let mut n = String::from(d);
                while let Some(d) = chars.next_if(char::is_ascii_digit) {
                    n.push(d);
                }
                n
            }
            _ => return None,
        };
        fields.push((key, value));
        match chars.next()? {
            ',' => {}
            '}' => return chars.next().is_none().then_some(fields),
            _ => return None,
        }
    }
}

/// The rest of a JSON string after its opening quote, unescaped.
fn json_string(chars: &mut Peekable<Chars<'_>>) -> Option<String> {
    let mut out = String::new();
    loop {
        match chars.next()? {
            '"' => return Some(out),
            '\\' => out.push(match chars.next()? {
                '"' => '"',
                '\\' => '\\',
                '/' => '/',
                'b' => '\u{8}',
                'f' => '\u{c}',
                'n' => '\n',
                'r' => '\r',
                't' => '\t',
                'u' => {
                    let high = hex4(chars)?;
                    if !(0xD800..0xDC00).contains(&high) {
                        char::from_u32(high)?
                    } else {
                        // A surrogate pair: the low half follows as its own escape.
                        if chars.next()? != '\\' || chars.next()? != 'u' {
                            return None;
                        }
                        let low = hex4(chars)?;
                        if !(0xDC00..0xE000).contains(&low) {
                            return None;
                        }
                        char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))?
                    }
                }
                _ => return None,
            }),
            c if u32::from(c) < 0x20 => return None,
            c => out.push(c),
        }
    }
}

fn hex4(chars: &mut Peekable<Chars<'_>>) -> Option<u32> {
    (0..4).try_fold(0, |n, _| Some(n * 16 + chars.next()?.to_digit(16)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_mismatch() {
        let base = "http://127.0.0.1:8470/srm/a/api/rest/srm/v2";
        for id in ["task-7", "quo\"te\\ \u{1}\n\u{8} é 😀"] {
            let t = token(TaskApi::Srm, base, id);
            assert!(t.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
            assert_eq!(task_id(&t, TaskApi::Srm, "http://127.0.0.1:8470/srm/a/api/rest/srm/v2/").unwrap(), id);
        }
        let t = token(TaskApi::Srm, base, "task-7");
        assert!(t.len() < 160);
        assert_eq!(task_id(&t, TaskApi::H4, base).unwrap_err(), "belongs to a srm client, not h4");
        assert!(task_id(&t, TaskApi::Srm, "http://127.0.0.1:8470/srm/b/api/rest/srm/v2").unwrap_err().starts_with("belongs to http"));
        assert_eq!(task_id("not a token!", TaskApi::Srm, "x").unwrap_err(), "is not a resume token");
        let made = |json: &str| crate::base64::encode_url(json.as_bytes());
        assert_eq!(
            task_id(&made(r#"{"v":2,"api":"srm","base":"x","id":"t"}"#), TaskApi::Srm, "x").unwrap_err(),
            "is not a resume token of this version"
        );
        // What serde_json writes is read the same: escapes, a surrogate pair, white space.
        let json = r#" { "v" :1,"api":"srm","base":"x","id":"a\u00e9\ud83d\ude00\/b" } "#.replace(' ', "");
        assert_eq!(task_id(&made(&json), TaskApi::Srm, "x").unwrap(), "aé😀/b");
        for bad in [
            r#"{"v":1,"api":"srm","base":"x","id":"t""#,
            r#"{"v":1,"api":"srm","base":"x","id":"t"}x"#,
            r#"{"v":[1],"api":"srm"}"#,
            r#"{"v":1,"id":"\ud800"}"#,
            "{}",
        ] {
            assert!(task_id(&made(bad), TaskApi::Srm, "x").is_err(), "{bad}");
        }
    }
}
