//! Resume tokens: a short string naming the API, the base URL and the task id — no secret —
//! so a page can keep waiting after a reload (`client.resumeTask(token)`).
use serde::{Deserialize, Serialize};
use siterecovery::task::TaskApi;
use siterecovery::Error;

#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct Token {
    v: u8,
    api: String,
    base: String,
    id: String,
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn encode(bytes: &[u8]) -> String {
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = (chunk[0] as u32) << 16 | (*chunk.get(1).unwrap_or(&0) as u32) << 8 | *chunk.get(2).unwrap_or(&0) as u32;
        for i in 0..=chunk.len() {
            out.push(B64[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

fn decode(text: &str) -> Option<Vec<u8>> {
    let vals: Vec<u32> = text.bytes().map(|c| B64.iter().position(|&b| b == c).map(|p| p as u32)).collect::<Option<_>>()?;
    let mut out = Vec::new();
    for chunk in vals.chunks(4) {
        if chunk.len() < 2 {
            return None;
        }
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, v)| n | v << (18 - 6 * i));
        out.extend(n.to_be_bytes()[1..chunk.len()].iter());
    }
    Some(out)
}

pub fn token(api: TaskApi, base_url: &str, task_id: &str) -> String {
    let t = Token { v: 1, api: api.as_str().into(), base: base_url.into(), id: task_id.into() };
    encode(&serde_json::to_vec(&t).unwrap_or_default())
}

/// The task id in `token`, if it was made by a client of the same API and base URL.
pub fn task_id(token: &str, api: TaskApi, base_url: &str) -> Result<String, Error> {
    let bad = |m: &str| Error::validation("token", m);
    let bytes = decode(token.trim()).ok_or_else(|| bad("is not a resume token"))?;
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
        for n in 0..8 {
            let data: Vec<u8> = (0..n).collect();
            assert_eq!(decode(&encode(&data)).unwrap(), data);
        }
    }
}
