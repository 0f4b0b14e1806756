//! Resume tokens: a short string naming the API, the base URL and the task id — no secret —
//! so a page can keep waiting after a reload (`client.resumeTask(token)`). The token is
//! base64url of `{"v":1,"api":…,"base":…,"id":…}`. The npm package writes and reads tokens in
//! JS (js/package.js `resumeToken`, `tokenTaskId`), held to [`token`] and [`task_id`] by
//! wasm-bindgen tests.
use alloc::string::String;
use alloc::vec::Vec;
use siterecovery_schema::{Json, JsonKind, Number};

use crate::base64::{decode_url, encode_url};
use crate::task::TaskApi;
use crate::text::{push_json_string, without_trailing_slashes};

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

/// A token's bytes (its JSON text, if it is a token); `None` when it is not base64url.
pub fn token_bytes(token: &str) -> Option<Vec<u8>> {
    decode_url(token.trim_ascii())
}

/// A token's JSON text; `None` when it is not base64url of UTF-8.
pub fn json_text(token: &str) -> Option<String> {
    token_bytes(token).and_then(|bytes| String::from_utf8(bytes).ok())
}

/// What [`task_id`] checks of a token's JSON object: `api`, `base` and `id` as Unicode text
/// (`None`: absent, no string, or one with a lone surrogate, which has no Rust form), and `v`
/// as a number.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Fields {
    pub api: Option<String>,
    pub base: Option<String>,
    pub id: Option<String>,
    pub version: Option<f64>,
}

/// The [`Fields`] of a token's JSON as the caller parsed it; `None` when it is no object. (The
/// npm package reads and checks tokens in JS, js/package.js `tokenTaskId`: the engine's `atob`
/// and `JSON.parse`, then [`task_id`]'s checks; a wasm-bindgen test holds the two together.)
pub fn fields<J: Json>(value: Option<J>) -> Option<Fields> {
    let value = value.filter(|v| v.kind() == JsonKind::Object)?;
    let text = |k: &str| {
        let v = value.get(k)?;
        let s = String::from(v.as_str()?);
        v.is_unicode(&s).then_some(s)
    };
    // 1 however it is written (`1.0` is 1 to `JSON.parse`).
    let version = value.get("v").and_then(|v| v.as_number()).map(Number::as_f64);
    Some(Fields { api: text("api"), base: text("base"), id: text("id"), version })
}

/// The task id in a token, given its [`Fields`] (`None`: there was no JSON object: not
/// base64url, or not JSON), if it was made by a client of the same API and base URL; else why
/// not (the message of a validation error of `token`).
pub fn task_id(fields: Option<Fields>, api: TaskApi, base_url: &str) -> Result<String, String> {
    let bad = |m: &str| String::from(m);
    let Some(Fields { api: Some(token_api), base: Some(base), id: Some(id), version }) = fields else {
        return Err(bad("is not a resume token"));
    };
    // An id that would address another resource (blank, `.`, `..`) was never a task's.
    if version != Some(1.0) || siterecovery_schema::path_segment_problem(&id).is_some() {
        return Err(bad("is not a resume token of this version"));
    }
    if token_api != api.as_str() {
        let mut m = bad("belongs to a ");
        for part in &[token_api.as_str(), " client, not ", api.as_str()] {
            m.push_str(part);
        }
        return Err(m);
    }
    if without_trailing_slashes(&base) != without_trailing_slashes(base_url) {
        let mut m = bad("belongs to ");
        for part in &[base.as_str(), ", not this client's ", base_url] {
            m.push_str(part);
        }
        return Err(m);
    }
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task_id(token: &str, api: TaskApi, base_url: &str) -> Result<String, String> {
        let value = json_text(token).and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok());
        super::task_id(fields(value.as_ref()), api, base_url)
    }

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
        for other in [r#"{"v":2,"api":"srm","base":"x","id":"t"}"#, r#"{"v":"1","api":"srm","base":"x","id":"t"}"#] {
            assert_eq!(task_id(&made(other), TaskApi::Srm, "x").unwrap_err(), "is not a resume token of this version", "{other}");
        }
        // Any JSON writer's form is read the same: escapes, a surrogate pair, white space.
        let json = r#" { "v" :1,"api":"srm","base":"x","id":"a\u00e9\ud83d\ude00\/b" } "#.replace(' ', "");
        assert_eq!(task_id(&made(&json), TaskApi::Srm, "x").unwrap(), "aé😀/b");
        for bad in [
            r#"{"v":1,"api":"srm","base":"x","id":"t""#,
            r#"{"v":1,"api":"srm","base":"x","id":"t"}x"#,
            r#"{"v":[1],"api":"srm"}"#,
            r#"{"v":1,"id":"\ud800"}"#,
            r#"["v",1]"#,
            r#"{"v":1,"api":"srm","base":"x","id":7}"#,
            r#"{"v":1,"api":"srm","base":"x","id":" "}"#,
            r#"{"v":1,"api":"srm","base":"x","id":".."}"#,
            "{}",
        ] {
            assert!(task_id(&made(bad), TaskApi::Srm, "x").is_err(), "{bad}");
        }
    }
}
