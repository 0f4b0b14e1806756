//! Admin API under `/_sim`: info, reset, config, faults, the request log, bulk tasks,
//! renaming what the servers call things, and the session tokens issued.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::config::TimestampStyle;
use crate::faults;
use crate::http;
use crate::state::{site_idx, site_key, Effect, Fault, Outcome, Owner, Shared, Sim};
use crate::tasks::{self, NewTask};

/// Everything needed to log in and pair the simulated servers.
pub(crate) fn info_json(sim: &Sim) -> Value {
    let srm: Vec<Value> = (0..2)
        .map(|i| {
            let s = &sim.srm[i];
            let key = site_key(i);
            json!({
                "site": key,
                "name": s.name,
                "url": sim.srm_url(i),
                "url_v1": format!("{}/srm/{key}/api/rest/srm/v1", sim.base_url),
                "username": s.username,
                "password": s.password,
                "vc_guid": s.vc_guid,
                "vc_name": s.vc_name,
                "srm_id": s.srm_id,
                "srm_thumbprint": s.srm_thumbprint,
                "psc": { "url": s.psc_host, "port": s.psc_port, "thumbprint": s.psc_thumbprint },
            })
        })
        .collect();
    let replication: Vec<Value> = (0..2)
        .map(|i| {
            let a = &sim.vr[i];
            json!({
                "site": site_key(i),
                "site_name": a.site_name,
                "id": a.id,
                "url": sim.vr_url(i),
                "api_url": sim.vr_url(i),
                "api_thumbprint": a.api_thumbprint,
                "username": a.username,
                "password": a.password,
            })
        })
        .collect();
    json!({
        "base_url": sim.base_url,
        "admin_url": format!("{}/_sim", sim.base_url),
        "seed": sim.seed,
        "config": config_json(sim),
        "srm": srm,
        "replication": replication,
    })
}

fn config_json(sim: &Sim) -> Value {
    json!({ "task_duration_ms": sim.task_duration_ms, "timestamps": sim.timestamps })
}

fn bad(message: String) -> Response {
    http::json(StatusCode::BAD_REQUEST, &json!({ "error": message }))
}

async fn info(State(shared): State<Arc<Shared>>) -> Response {
    http::json(StatusCode::OK, &info_json(&shared.lock()))
}

async fn reset(State(shared): State<Arc<Shared>>) -> Response {
    let mut sim = shared.lock();
    sim.reset();
    http::json(StatusCode::OK, &info_json(&sim))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigBody {
    task_duration_ms: Option<u64>,
    timestamps: Option<TimestampStyle>,
}

async fn config(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let parsed: ConfigBody = match serde_json::from_slice(&body) {
        Ok(c) => c,
        Err(e) => return bad(format!("invalid config: {e}; expected {{task_duration_ms, timestamps: \"int64\"|\"string\"}}")),
    };
    let mut sim = shared.lock();
    if let Some(ms) = parsed.task_duration_ms {
        sim.task_duration_ms = ms;
    }
    if let Some(style) = parsed.timestamps {
        sim.timestamps = style;
    }
    http::json(StatusCode::OK, &config_json(&sim))
}

async fn get_config(State(shared): State<Arc<Shared>>) -> Response {
    http::json(StatusCode::OK, &config_json(&shared.lock()))
}

#[derive(Deserialize)]
#[serde(untagged)]
enum FaultsBody {
    Many(Vec<Fault>),
    One(Fault),
}

async fn add_faults(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let faults = match serde_json::from_slice::<FaultsBody>(&body) {
        Ok(FaultsBody::Many(list)) => list,
        Ok(FaultsBody::One(fault)) => vec![fault],
        Err(e) => return bad(format!("invalid faults: {e}")),
    };
    let mut sim = shared.lock();
    for fault in faults {
        faults::add(&mut sim, fault);
    }
    http::json(StatusCode::OK, &json!({ "pending": faults::pending_json(&sim) }))
}

async fn list_faults(State(shared): State<Arc<Shared>>) -> Response {
    http::json(StatusCode::OK, &json!({ "pending": faults::pending_json(&shared.lock()) }))
}

async fn clear_faults(State(shared): State<Arc<Shared>>) -> Response {
    shared.lock().faults.clear();
    http::empty(StatusCode::NO_CONTENT)
}

/// Most tasks one `POST /_sim/tasks` may create.
const MAX_BULK_TASKS: u32 = 10_000;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TasksBody {
    /// SRM site `a` or `b`: the tasks are visible there (`GET /tasks/{id}`).
    site: String,
    count: u32,
    /// How long each task runs; the configured task duration when absent.
    duration_ms: Option<u64>,
}

/// `POST /_sim/tasks {site, count, duration_ms?}` -> `{ids}`: `count` SRM tasks that run
/// for `duration_ms` and succeed with no effect. Load for the benchmarks' waits at scale.
async fn create_tasks(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let parsed: TasksBody = match serde_json::from_slice(&body) {
        Ok(b) => b,
        Err(e) => return bad(format!("invalid tasks: {e}; expected {{site: \"a\"|\"b\", count, duration_ms?}}")),
    };
    let Some(site) = site_idx(&parsed.site) else {
        return bad(format!("site: `{}` is not `a` or `b`", parsed.site));
    };
    if parsed.count == 0 || parsed.count > MAX_BULK_TASKS {
        return bad(format!("count: {} is not within 1..={MAX_BULK_TASKS}", parsed.count));
    }
    let mut sim = shared.lock();
    let duration = std::time::Duration::from_millis(parsed.duration_ms.unwrap_or(sim.task_duration_ms));
    let user = sim.srm[site].username.clone();
    let ids: Vec<String> = (0..parsed.count)
        .map(|_| {
            let new = NewTask {
                owner: Owner::Srm(site),
                description: "Simulated load task".into(),
                description_id: "com.vmware.dr.sim.load".into(),
                entity: None,
                entity_name: None,
                user: user.clone(),
                outcome: Outcome::Success(json!({})),
                effect: Effect::None,
            };
            tasks::create_lasting(&mut sim, new, duration)
        })
        .collect();
    http::json(StatusCode::OK, &json!({ "ids": ids }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RenameBody {
    /// SRM site names by site (`a`, `b`): a pairing's `remote_srm_server.name`, the plans'
    /// protected and recovery site names.
    #[serde(default)]
    srm_sites: BTreeMap<String, String>,
    /// Replication appliance site names by site: `site` in h4 `GET /sites`.
    #[serde(default)]
    vr_sites: BTreeMap<String, String>,
    /// Recovery plans of every pairing: current name -> new name.
    #[serde(default)]
    plans: BTreeMap<String, String>,
    /// Tasks of both APIs: current description -> new description.
    #[serde(default)]
    tasks: BTreeMap<String, String>,
}

/// `POST /_sim/rename {srm_sites?, vr_sites?, plans?, tasks?}` -> how many were renamed of
/// each. Puts any text where the servers name things (HTML, script, long or odd text), to
/// test that clients show it as text. A reset brings the seeded names back.
async fn rename(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let parsed: RenameBody = match serde_json::from_slice(&body) {
        Ok(b) => b,
        Err(e) => return bad(format!("invalid rename: {e}; expected {{srm_sites?: {{a?, b?}}, vr_sites?: {{a?, b?}}, plans?: {{name: new}}, tasks?: {{description: new}}}}")),
    };
    let sites = |names: &BTreeMap<String, String>| -> Result<Vec<(usize, String)>, Response> {
        names
            .iter()
            .map(|(key, name)| site_idx(key).map(|i| (i, name.clone())).ok_or_else(|| bad(format!("site: `{key}` is not `a` or `b`"))))
            .collect()
    };
    let (srm_sites, vr_sites) = match (sites(&parsed.srm_sites), sites(&parsed.vr_sites)) {
        (Ok(srm), Ok(vr)) => (srm, vr),
        (Err(e), _) | (_, Err(e)) => return e,
    };
    let mut sim = shared.lock();
    for (i, name) in &srm_sites {
        sim.srm[*i].name = name.clone();
    }
    for (i, name) in &vr_sites {
        sim.vr[*i].site_name = name.clone();
    }
    let mut plans = 0;
    for plan in sim.pairings.iter_mut().flat_map(|p| p.plans.iter_mut()) {
        if let Some(name) = parsed.plans.get(&plan.name) {
            plan.name = name.clone();
            plans += 1;
        }
    }
    let mut tasks = 0;
    for task in sim.tasks.iter_mut() {
        if let Some(description) = parsed.tasks.get(&task.description) {
            task.description = description.clone();
            tasks += 1;
        }
    }
    let renamed = json!({ "srm_sites": srm_sites.len(), "vr_sites": vr_sites.len(), "plans": plans, "tasks": tasks });
    http::json(StatusCode::OK, &json!({ "renamed": renamed }))
}

async fn requests(State(shared): State<Arc<Shared>>) -> Response {
    http::json(StatusCode::OK, &json!(shared.lock().log))
}

/// `GET /_sim/tokens` -> `{tokens}`: the session tokens issued since the last reset, so that
/// tests can search what a client showed or stored for them.
async fn tokens(State(shared): State<Arc<Shared>>) -> Response {
    http::json(StatusCode::OK, &json!({ "tokens": shared.lock().issued_tokens() }))
}

async fn clear_requests(State(shared): State<Arc<Shared>>) -> Response {
    shared.lock().log.clear();
    http::empty(StatusCode::NO_CONTENT)
}

pub(crate) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/_sim/info", get(info))
        .route("/_sim/reset", post(reset))
        .route("/_sim/config", get(get_config).post(config))
        .route("/_sim/faults", get(list_faults).post(add_faults).delete(clear_faults))
        .route("/_sim/requests", get(requests).delete(clear_requests))
        .route("/_sim/tasks", post(create_tasks))
        .route("/_sim/rename", post(rename))
        .route("/_sim/tokens", get(tokens))
}
