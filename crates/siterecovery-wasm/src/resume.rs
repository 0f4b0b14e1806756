//! Resume tokens: a short string naming the API, the base URL and the task id — no secret —
//! so a page can keep waiting after a reload (`client.resumeTask(token)`).
use serde::{Deserialize, Serialize};
use siterecovery::task::TaskApi;
use siterecovery::base64::{decode_url, encode_url};
use siterecovery::Error;

#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct Token {
    v: u8,
    api: String,
    base: String,
    id: String,
}

pub fn token(api: TaskApi, base_url: &str, task_id: &str) -> String {
    let t = Token { v: 1, api: api.as_str().into(), base: base_url.into(), id: task_id.into() };
    encode_url(&serde_json::to_vec(&t).unwrap_or_default())
}

/// The task id in `token`, if it was made by a client of the same API and base URL.
pub fn task_id(token: &str, api: TaskApi, base_url: &str) -> Result<String, Error> {
    let bad = |m: &str| Error::validation("token", m);
    let bytes = decode_url(token.trim()).ok_or_else(|| bad("is not a resume token"))?;
    let t: Token = serde_json::from_slice(&bytes).map_err(|_| bad("is not a resume token"))?;
    if t.v != 1 || t.id.is_empty() {
        return Err(bad("is not a resume token of this version"));
    }
    if t.api != api.as_str() {
        return Err(bad(&format!("belongs to a {} client, not {}", t.api, api.as_str())));
    }
    if t.base.trim_end_matches('/') != base_url.trim_end_matches('/') {
        return Err(bad(&format!("belongs to {}, not this client's {base_url}", t.base)));
    }
    Ok(t.id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_mismatch() {
        let t = token(TaskApi::Srm, "http://127.0.0.1:8470/srm/a/api/rest/srm/v2", "task-7");
        assert!(t.len() < 160 && t.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
        assert_eq!(task_id(&t, TaskApi::Srm, "http://127.0.0.1:8470/srm/a/api/rest/srm/v2/").unwrap(), "task-7");
        assert!(task_id(&t, TaskApi::H4, "http://127.0.0.1:8470/srm/a/api/rest/srm/v2").is_err());
        assert!(task_id(&t, TaskApi::Srm, "http://127.0.0.1:8470/srm/b/api/rest/srm/v2").is_err());
        assert!(task_id("not a token!", TaskApi::Srm, "x").is_err());
    }
}
