//! SRM REST API: sessions, remote sessions, pairings and tasks (plans live in plans.rs).

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{json, Value};

use crate::http;
use crate::listing;
use crate::pairing_spec::{check_remote, Spec};
use crate::request::Call;
use crate::state::{other, Effect, Outcome, Owner, Sim, SiteIdx, SrmSession};
use crate::tasks::{self, NewTask};

/// The authenticated caller of an SRM request.
pub(crate) struct Begin {
    pub site: SiteIdx,
    pub token: String,
    pub username: String,
}

/// Bring tasks up to date and check `x-dr-session` (401 without body).
pub(crate) fn begin(sim: &mut Sim, call: &Call) -> Result<Begin, Response> {
    let site = call.site;
    tasks::advance(sim);
    let token = call.headers.get("x-dr-session").and_then(|v| v.to_str().ok()).unwrap_or("").trim().to_string();
    match sim.srm[site].sessions.get(&token) {
        Some(session) if !token.is_empty() => Ok(Begin { site, username: session.username.clone(), token }),
        _ => Err(http::empty(StatusCode::UNAUTHORIZED)),
    }
}

/// Operations with `x-dr-remote-site-connectivity-contract: not-authenticated: ERROR` need a
/// remote login for this pairing in the caller's session; without it they answer 401 (no body).
pub(crate) fn require_remote(sim: &Sim, begin: &Begin, pairing_id: &str) -> Result<(), Response> {
    let ok = sim.srm[begin.site].sessions.get(&begin.token).is_some_and(|s| s.remote.contains_key(pairing_id));
    if ok {
        Ok(())
    } else {
        Err(http::empty(StatusCode::UNAUTHORIZED))
    }
}

/// 202 with the task (TaskDrResponseEntity: `_meta.errors` only when there are soft errors).
pub(crate) fn task_response(sim: &Sim, owner: Owner, task_id: &str, meta_errors: Vec<Value>) -> Response {
    let Some(task) = tasks::find(sim, owner, task_id) else {
        return http::empty(StatusCode::NOT_FOUND);
    };
    let mut body = tasks::srm_json(sim, task);
    if !meta_errors.is_empty() {
        body["_meta"] = json!({ "errors": meta_errors });
    }
    http::json(StatusCode::ACCEPTED, &body)
}

// ---- sessions -------------------------------------------------------------------------

/// POST /session (HTTP Basic) -> 200 {session_id}; 401 without body on bad credentials.
pub(crate) fn login(sim: &mut Sim, call: &Call) -> Response {
    let site = call.site;
    let Some((user, password)) = http::basic_auth(&call.headers) else {
        return http::empty(StatusCode::UNAUTHORIZED);
    };
    let srm = &sim.srm[site];
    if !user.eq_ignore_ascii_case(&srm.username) || password != srm.password {
        return http::empty(StatusCode::UNAUTHORIZED);
    }
    let username = srm.username.clone();
    let token = sim.next_token();
    let session = SrmSession { username, remote: Default::default() };
    sim.srm[site].sessions.insert(token.clone(), session);
    http::json(StatusCode::OK, &json!({ "session_id": token }))
}

pub(crate) fn session_info(sim: &mut Sim, call: &Call) -> Response {
    match begin(sim, call) {
        Ok(b) => http::json(StatusCode::OK, &json!({ "username": b.username })),
        Err(resp) => resp,
    }
}

pub(crate) fn logout(sim: &mut Sim, call: &Call) -> Response {
    match begin(sim, call) {
        Ok(b) => {
            sim.srm[b.site].sessions.remove(&b.token);
            http::empty(StatusCode::NO_CONTENT)
        }
        Err(resp) => resp,
    }
}

/// POST /pairings/{id}/remote-session with Basic credentials of the remote site -> 204.
pub(crate) fn remote_login(sim: &mut Sim, call: &Call) -> Response {
    let b = match begin(sim, call) {
        Ok(b) => b,
        Err(resp) => return resp,
    };
    let pairing_id = call.params.get("pairing_id").to_string();
    if sim.pairing(&pairing_id).is_none() {
        return http::empty(StatusCode::NOT_FOUND);
    }
    let remote = &sim.srm[other(b.site)];
    let valid = http::basic_auth(&call.headers).is_some_and(|(u, p)| u.eq_ignore_ascii_case(&remote.username) && p == remote.password);
    if !valid {
        return http::empty(StatusCode::UNAUTHORIZED);
    }
    let username = remote.username.clone();
    if let Some(session) = sim.srm[b.site].sessions.get_mut(&b.token) {
        session.remote.insert(pairing_id, username);
    }
    http::empty(StatusCode::NO_CONTENT)
}

/// GET /pairings/{id}/remote-session -> 200 {username} when logged in remotely, else 401
/// (no body; connectivity contract not-authenticated: ERROR).
pub(crate) fn remote_session_info(sim: &mut Sim, call: &Call) -> Response {
    let b = match begin(sim, call) {
        Ok(b) => b,
        Err(resp) => return resp,
    };
    let pairing_id = call.params.get("pairing_id");
    if sim.pairing(pairing_id).is_none() {
        return http::empty(StatusCode::NOT_FOUND);
    }
    let remote_user = sim.srm[b.site].sessions.get(&b.token).and_then(|s| s.remote.get(pairing_id).cloned());
    match remote_user {
        Some(username) => http::json(StatusCode::OK, &json!({ "username": username })),
        None => http::empty(StatusCode::UNAUTHORIZED),
    }
}

// ---- pairings -------------------------------------------------------------------------

fn vc_server(sim: &Sim, site: SiteIdx) -> Value {
    let s = &sim.srm[site];
    json!({
        "id": s.vc_guid,
        "url": format!("https://{}:{}", s.psc_host, s.psc_port),
        "name": s.vc_name,
        "server_status": "OK",
        "version": "8.0.3",
    })
}

fn srm_server(sim: &Sim, site: SiteIdx) -> Value {
    let s = &sim.srm[site];
    json!({
        "id": s.srm_id,
        "url": sim.srm_url(site),
        "name": s.name,
        "server_status": "OK",
        "version": "9.0.2",
    })
}

/// `Pairing` as seen from `site`.
pub(crate) fn pairing_json(sim: &Sim, site: SiteIdx, pairing_id: &str) -> Value {
    json!({
        "pairing_id": pairing_id,
        "local_vc_server": vc_server(sim, site),
        "remote_vc_server": vc_server(sim, other(site)),
        "local_srm_server": srm_server(sim, site),
        "remote_srm_server": srm_server(sim, other(site)),
    })
}

pub(crate) fn list_pairings(sim: &mut Sim, call: &Call) -> Response {
    let b = match begin(sim, call) {
        Ok(b) => b,
        Err(resp) => return resp,
    };
    let items = sim.pairings.iter().map(|p| pairing_json(sim, b.site, &p.id)).collect();
    listing::respond(sim, items, &call.query, &call.path)
}

pub(crate) fn get_pairing(sim: &mut Sim, call: &Call) -> Response {
    let b = match begin(sim, call) {
        Ok(b) => b,
        Err(resp) => return resp,
    };
    match sim.pairing(call.params.get("pairing_id")) {
        Some(p) => http::json(StatusCode::OK, &pairing_json(sim, b.site, &p.id)),
        None => http::empty(StatusCode::NOT_FOUND),
    }
}

/// POST /pairings (createPairing) and POST /pairings/{id}/actions/reconnect (reconnectPairing).
pub(crate) fn pair(sim: &mut Sim, call: &Call, reconnect: bool) -> Response {
    let b = match begin(sim, call) {
        Ok(b) => b,
        Err(resp) => return resp,
    };
    let existing = call.params.get("pairing_id").to_string();
    if reconnect && sim.pairing(&existing).is_none() {
        return http::empty(StatusCode::NOT_FOUND);
    }
    let spec = Spec::read(call.body.as_ref());
    let mut problem = check_remote(sim, b.site, &spec);
    // Only two sites exist: a second pairing (done or still being created) would duplicate.
    let pairing_pending = sim.tasks.iter().any(|t| !t.applied && matches!(t.effect, Effect::CreatePairing { .. }));
    if !reconnect && problem.is_none() && (!sim.pairings.is_empty() || pairing_pending) {
        problem = Some((
            format!("This Site Recovery Manager server is already paired with '{}'.", sim.srm[other(b.site)].name),
            "Delete the existing pairing first.".into(),
        ));
    }
    let pairing_id = if reconnect { existing } else { sim.next_id() };
    let (outcome, effect) = match problem {
        Some((message, details)) => (Outcome::Error { code: "PairingFailed".into(), message, details }, Effect::None),
        None if reconnect => (Outcome::Success(pairing_json(sim, b.site, &pairing_id)), Effect::None),
        None => {
            let plans = sim.seed_plans(b.site);
            (Outcome::Success(pairing_json(sim, b.site, &pairing_id)), Effect::CreatePairing { pairing_id: pairing_id.clone(), plans })
        }
    };
    let (description, description_id) = if reconnect {
        ("Reconnect to remote Site Recovery Manager server", "com.vmware.dr.pairing.reconnect")
    } else {
        ("Pair with remote Site Recovery Manager server", "com.vmware.dr.pairing.create")
    };
    let owner = Owner::Srm(b.site);
    let new = NewTask {
        owner,
        description: description.into(),
        description_id: description_id.into(),
        entity: Some(pairing_id),
        entity_name: Some(sim.srm[other(b.site)].name.clone()),
        user: b.username.clone(),
        outcome,
        effect,
    };
    let task_id = tasks::create(sim, new);
    task_response(sim, owner, &task_id, spec.meta_errors)
}

/// DELETE /pairings/{id} (needs a remote session) -> 202 task; the pairing leaves both sites.
pub(crate) fn delete_pairing(sim: &mut Sim, call: &Call) -> Response {
    let b = match begin(sim, call) {
        Ok(b) => b,
        Err(resp) => return resp,
    };
    let pairing_id = call.params.get("pairing_id").to_string();
    if sim.pairing(&pairing_id).is_none() {
        return http::empty(StatusCode::NOT_FOUND);
    }
    if let Err(resp) = require_remote(sim, &b, &pairing_id) {
        return resp;
    }
    let owner = Owner::Srm(b.site);
    let new = NewTask {
        owner,
        description: "Delete pairing with remote Site Recovery Manager server".into(),
        description_id: "com.vmware.dr.pairing.delete".into(),
        entity: Some(pairing_id.clone()),
        entity_name: Some(sim.srm[other(b.site)].name.clone()),
        user: b.username.clone(),
        outcome: Outcome::Success(json!({})),
        effect: Effect::DeletePairing { pairing_id },
    };
    let task_id = tasks::create(sim, new);
    task_response(sim, owner, &task_id, Vec::new())
}

// ---- tasks ----------------------------------------------------------------------------

pub(crate) fn get_task(sim: &mut Sim, call: &Call) -> Response {
    let b = match begin(sim, call) {
        Ok(b) => b,
        Err(resp) => return resp,
    };
    match tasks::find(sim, Owner::Srm(b.site), call.params.get("taskId")) {
        Some(task) => http::json(StatusCode::OK, &tasks::srm_json(sim, task)),
        None => http::empty(StatusCode::NOT_FOUND),
    }
}

pub(crate) fn list_tasks(sim: &mut Sim, call: &Call) -> Response {
    let b = match begin(sim, call) {
        Ok(b) => b,
        Err(resp) => return resp,
    };
    let owner = Owner::Srm(b.site);
    let items = sim.tasks.iter().filter(|t| t.owner == owner).map(|t| tasks::srm_json(sim, t)).collect();
    listing::respond(sim, items, &call.query, &call.path)
}
