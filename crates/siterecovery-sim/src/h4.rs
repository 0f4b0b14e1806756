//! vSphere Replication ("h4") appliance API: sessions, sites (pairing) and tasks.
//!
//! Pairing is two-sided: after only A registered B, A lists B with
//! `state.incomingCommError` (code `NotPaired`); once B registered A too, neither side
//! shows a communication error.

use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use serde_json::{json, Value};

use crate::http::{self, h4_error, h4_json, operation_id, with_operation_id};
use crate::request::Call;
use crate::state::{site_idx, site_key, Effect, Outcome, Owner, Sim, SiteIdx};
use crate::tasks::{self, NewTask};

/// Every h4 handler ends here: echo the request's `operationID` header.
fn finish(resp: Response, headers: &HeaderMap) -> Response {
    with_operation_id(resp, operation_id(headers).as_deref())
}

fn not_found(what: &str, headers: &HeaderMap) -> Response {
    h4_error(StatusCode::NOT_FOUND, "NotFound", &format!("{what} not found."), operation_id(headers).as_deref())
}

/// Bring tasks up to date and check `X-VCAV-Auth`.
fn begin(sim: &mut Sim, call: &Call) -> Result<(SiteIdx, String), Response> {
    let (idx, headers) = (call.site, &call.headers);
    tasks::advance(sim);
    let token = headers.get("x-vcav-auth").and_then(|v| v.to_str().ok()).unwrap_or("").trim();
    if token.is_empty() || !sim.vr[idx].sessions.contains(token) {
        return Err(h4_error(
            StatusCode::UNAUTHORIZED,
            "NotAuthenticated",
            "The request is not authenticated: missing or invalid X-VCAV-Auth.",
            operation_id(headers).as_deref(),
        ));
    }
    Ok((idx, token.to_string()))
}

/// POST /sessions {type: "localUser", localUser, localPassword} -> 200, token in `X-VCAV-Auth`.
pub(crate) fn login(sim: &mut Sim, call: &Call) -> Response {
    let (idx, headers) = (call.site, &call.headers);
    let op = operation_id(headers);
    let field = |name: &str| {
        let value = call.body.as_ref().and_then(|b| b.get(name));
        value.and_then(Value::as_str).unwrap_or("")
    };
    let appliance = &sim.vr[idx];
    if field("type") != "localUser" || field("localUser") != appliance.username || field("localPassword") != appliance.password {
        let resp = h4_error(StatusCode::UNAUTHORIZED, "AuthenticationFailed", "Invalid credentials.", op.as_deref());
        return finish(resp, headers);
    }
    let user = appliance.username.clone();
    let token = sim.next_token();
    sim.vr[idx].sessions.insert(token.clone());
    let body = json!({ "user": user, "roles": ["ADMIN"] });
    let mut resp = h4_json(StatusCode::OK, &body);
    if let Ok(value) = HeaderValue::from_str(&token) {
        resp.headers_mut().insert("X-VCAV-Auth", value);
    }
    finish(resp, headers)
}

/// DELETE /sessions -> 204.
pub(crate) fn logout(sim: &mut Sim, call: &Call) -> Response {
    let headers = &call.headers;
    let resp = match begin(sim, call) {
        Ok((idx, token)) => {
            sim.vr[idx].sessions.remove(&token);
            http::empty(StatusCode::NO_CONTENT)
        }
        Err(resp) => resp,
    };
    finish(resp, headers)
}

fn local_info(sim: &Sim, idx: SiteIdx) -> Value {
    let a = &sim.vr[idx];
    json!({
        "id": a.id,
        "site": a.site_name,
        "description": format!("vSphere Replication appliance {}", site_key(idx).to_uppercase()),
        "apiUrl": sim.vr_url(idx),
        "apiPublicUrl": sim.vr_url(idx),
        "apiThumbprint": a.api_thumbprint,
        "isLocal": true,
        "state": {},
        "apiVersion": "4.7",
        "isProviderDeployment": false,
    })
}

/// `ManagerPeerInfo` of `peer` as seen from appliance `idx` (assumes `idx` registered `peer`).
fn peer_info(sim: &Sim, idx: SiteIdx, peer: SiteIdx, description: &str) -> Value {
    let mut info = local_info(sim, peer);
    info["isLocal"] = json!(false);
    info["description"] = json!(description);
    if !sim.vr[peer].registered.contains_key(&idx) {
        let msg = format!(
            "Site '{}' has not paired with site '{}' yet; register this site there too.",
            sim.vr[peer].site_name, sim.vr[idx].site_name
        );
        info["state"] = json!({ "incomingCommError": http::h4_error_body("NotPaired", &msg, None) });
    }
    info
}

/// GET /sites -> local site first, then registered peers.
pub(crate) fn sites(sim: &mut Sim, call: &Call) -> Response {
    let headers = &call.headers;
    let resp = match begin(sim, call) {
        Ok((idx, _)) => {
            let mut list = vec![local_info(sim, idx)];
            for (peer, description) in &sim.vr[idx].registered {
                list.push(peer_info(sim, idx, *peer, description));
            }
            h4_json(StatusCode::OK, &Value::Array(list))
        }
        Err(resp) => resp,
    };
    finish(resp, headers)
}

/// Which simulated appliance an `apiUrl` points to (by its `/vr/{a|b}` path; host ignored).
fn appliance_of(url: &str) -> Option<SiteIdx> {
    let rest = url.trim().split_once("://").map(|(_, r)| r)?;
    let path = rest.split_once('/').map_or("", |(_, p)| p).trim_end_matches('/');
    let key = path.strip_prefix("vr/")?;
    site_idx(key)
}

fn same_thumbprint(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        let s = s.trim();
        let s = s.strip_prefix("SHA-256:").or_else(|| s.strip_prefix("sha-256:")).unwrap_or(s);
        s.chars().filter(|c| c.is_ascii_hexdigit()).collect::<String>().to_ascii_uppercase()
    };
    norm(a) == norm(b)
}

/// POST /sites {apiUrl, apiThumbprint, description} -> 202 ApiTask of ManagerPeerInfo.
pub(crate) fn register(sim: &mut Sim, call: &Call) -> Response {
    let headers = &call.headers;
    let idx = match begin(sim, call) {
        Ok((idx, _)) => idx,
        Err(resp) => return finish(resp, headers),
    };
    // Every field is optional in the spec (and seed 003): a missing apiUrl fails the task.
    let field = |name: &str| {
        let value = call.body.as_ref().and_then(|b| b.get(name));
        value.and_then(Value::as_str).unwrap_or("").to_string()
    };
    let (url, thumbprint, description) = (field("apiUrl"), field("apiThumbprint"), field("description"));
    let (outcome, effect) = match appliance_of(&url) {
        _ if url.trim().is_empty() => (
            Outcome::Error { code: "InvalidArgument".into(), message: "apiUrl is required.".to_string(), details: String::new() },
            Effect::None,
        ),
        None => (
            Outcome::Error {
                code: "RemoteSiteUnreachable".into(),
                message: format!("Cannot connect to the peer site at '{url}'."),
                details: String::new(),
            },
            Effect::None,
        ),
        Some(peer) if peer == idx => (
            Outcome::Error {
                code: "CannotPairWithSelf".into(),
                message: "A site cannot be paired with itself.".into(),
                details: String::new(),
            },
            Effect::None,
        ),
        Some(peer) if !same_thumbprint(&thumbprint, &sim.vr[peer].api_thumbprint) => (
            Outcome::Error {
                code: "ThumbprintMismatch".into(),
                message: format!("The certificate thumbprint of '{url}' does not match '{thumbprint}'."),
                details: String::new(),
            },
            Effect::None,
        ),
        Some(peer) => {
            (Outcome::Success(peer_info(sim, idx, peer, &description)), Effect::RegisterPeer { appliance: idx, peer, description })
        }
    };
    let owner = Owner::Vr(idx);
    let user = sim.vr[idx].username.clone();
    let new = NewTask {
        owner,
        description: "Pair site".into(),
        description_id: "PAIR_SITE".into(),
        entity: None,
        entity_name: None,
        user,
        outcome,
        effect,
    };
    let task_id = tasks::create(sim, new);
    let resp = match tasks::find(sim, owner, &task_id) {
        Some(task) => h4_json(StatusCode::ACCEPTED, &tasks::h4_json(sim, task)),
        None => not_found("Task", headers),
    };
    finish(resp, headers)
}

/// GET /tasks/{id}.
pub(crate) fn get_task(sim: &mut Sim, call: &Call) -> Response {
    let headers = &call.headers;
    let resp = match begin(sim, call) {
        Ok((idx, _)) => match tasks::find(sim, Owner::Vr(idx), call.params.get("id")) {
            Some(task) => h4_json(StatusCode::OK, &tasks::h4_json(sim, task)),
            None => not_found(&format!("Task '{}'", call.params.get("id")), headers),
        },
        Err(resp) => resp,
    };
    finish(resp, headers)
}
