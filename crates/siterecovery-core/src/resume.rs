//! Resume tokens: a short string naming the API, the base URL and the task id — no secret —
//! so a page can keep waiting after a reload (`client.resumeTask(token)`). The token is
//! base64url of `{"v":1,"api":…,"base":…,"id":…}`; reading its JSON is the platform's job.
use alloc::string::String;
use alloc::vec::Vec;

use siterecovery_schema::Json;

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

/// The JSON text inside a token (`None`: not base64url).
pub fn json_bytes(token: &str) -> Option<Vec<u8>> {
    decode_url(token.trim())
}

/// The task id of a token's JSON (`None`: it was not JSON), if it was made by a client of
/// the same API and base URL; else why not (the message of a validation error of `token`).
pub fn task_id<J: Json>(json: Option<&J>, api: TaskApi, base_url: &str) -> Result<String, String> {
    let bad = |m: &str| String::from(m);
    let json = json.ok_or_else(|| bad("is not a resume token"))?;
    let text = |k: &str| json.get(k).and_then(|v| v.as_str().map(|s| s.into_owned()));
    let (Some(token_api), Some(base), Some(id)) = (text("api"), text("base"), text("id")) else {
        return Err(bad("is not a resume token"));
    };
    let v1 = json.get("v").and_then(|v| v.as_number()).is_some_and(|n| n.as_f64() == 1.0);
    if !v1 || id.is_empty() {
        return Err(bad("is not a resume token of this version"));
    }
    if token_api != api.as_str() {
        let mut m = bad("belongs to a ");
        for part in [token_api.as_str(), " client, not ", api.as_str()] {
            m.push_str(part);
        }
        return Err(m);
    }
    if base.trim_end_matches('/') != base_url.trim_end_matches('/') {
        let mut m = bad("belongs to ");
        for part in [base.as_str(), ", not this client's ", base_url] {
            m.push_str(part);
        }
        return Err(m);
    }
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn read(token: &str, api: TaskApi, base: &str) -> Result<String, String> {
        let json: Option<Value> = json_bytes(token).and_then(|b| serde_json::from_slice(&b).ok());
        task_id(json.as_ref().as_ref(), api, base)
    }

    #[test]
    fn round_trip_and_mismatch() {
        let base = "http://127.0.0.1:8470/srm/a/api/rest/srm/v2";
        let t = token(TaskApi::Srm, base, "task-\"7");
        assert!(t.len() < 160 && t.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
        assert_eq!(read(&t, TaskApi::Srm, "http://127.0.0.1:8470/srm/a/api/rest/srm/v2/").unwrap(), "task-\"7");
        assert_eq!(read(&t, TaskApi::H4, base).unwrap_err(), "belongs to a srm client, not h4");
        assert!(read(&t, TaskApi::Srm, "http://127.0.0.1:8470/srm/b/api/rest/srm/v2").unwrap_err().starts_with("belongs to http"));
        assert_eq!(read("not a token!", TaskApi::Srm, "x").unwrap_err(), "is not a resume token");
        let v2 = crate::base64::encode_url(br#"{"v":2,"api":"srm","base":"x","id":"t"}"#);
        assert_eq!(read(&v2, TaskApi::Srm, "x").unwrap_err(), "is not a resume token of this version");
    }
}
