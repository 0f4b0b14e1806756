//! Real traffic: a whole session of the typed client with the simulator (every operation of
//! both APIs, successes and error answers, SRM timestamps as numbers and as strings),
//! recorded, so each request and response can be run through both paths afterwards.
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{json, Map, Value};
use siterecovery::replication::params::{GetTaskParams, PairSiteParams};
use siterecovery::schema::table::{Location, Operation};
use siterecovery::schema::Api;
use siterecovery::srm::types::{CleanupTestPlanSpec, RecoverPlanSpec, ReprotectPlanSpec, TestPlanSpec};
use siterecovery::{replication, session, srm, ApiClient, JsonCall, Request, Response, Transport, TransportError};
use siterecovery_sim::TimestampStyle;

use crate::common::{InProcess, Sim};

/// One request and the answer to it.
pub struct Exchange {
    pub base_url: String,
    pub request: Request,
    pub response: Response,
}

#[derive(Clone)]
struct Recording {
    inner: InProcess,
    base_url: String,
    log: Arc<Mutex<Vec<Exchange>>>,
}

impl Transport for Recording {
    async fn send(&self, request: Request) -> Result<Response, TransportError> {
        let response = self.inner.send(request.clone()).await?;
        let exchange = Exchange { base_url: self.base_url.clone(), request, response: response.clone() };
        self.log.lock().unwrap().push(exchange);
        Ok(response)
    }
}

fn recording(sim: &Sim, base_url: &str, log: &Arc<Mutex<Vec<Exchange>>>) -> ApiClient<Recording> {
    let transport = Recording { inner: sim.net.clone(), base_url: base_url.to_string(), log: Arc::clone(log) };
    ApiClient::new(base_url, transport).unwrap()
}

/// Every SRM operation, in an order the simulator's state machine accepts, plus answers
/// with error statuses. Outcomes are not checked here: every exchange is, afterwards.
pub async fn srm_session(timestamps: TimestampStyle) -> Vec<Exchange> {
    let sim = Sim::new(0);
    sim.handle.set_config(None, Some(timestamps));
    let log: Arc<Mutex<Vec<Exchange>>> = Arc::default();
    let a = srm::Client::new(recording(&sim, &sim.srm_str("a", "/url"), &log));
    session::srm_login(&a, &sim.srm_creds("a")).await.expect("login");
    let _ = a.get_current_session().await;
    let task = a.create_pairing(&sim.pairing_spec("a")).await.expect("createPairing").into_inner();
    settle(&a, &task.id).await;
    let pairing = task.entity.clone().expect("pairing id");
    let filtered = srm::params::GetPairingsParams {
        limit: Some("1".into()),
        filter_property: Some("name".into()),
        filter: vec!["x".into(), "y".into()],
        ..Default::default()
    };
    let _ = a.get_pairings(&filtered).await;
    let _ = a.get_pairing(&pairing).await;
    let _ = a.get_pairing("no-such-pairing").await;
    let _ = a.get_remote_session(&pairing).await; // 401 before the remote login
    session::srm_remote_login(&a, &pairing, &sim.srm_creds("b")).await.expect("remote login");
    let _ = a.get_remote_session(&pairing).await;
    let plans = a.get_all_recovery_plans(&pairing, &Default::default()).await.expect("plans").into_inner();
    let plan = plans.list[0].id.clone();
    let _ = a.get_recovery_plan(&pairing, &plan).await;
    let _ = a.cancel_recovery_plan(&pairing, &plan).await; // 400: nothing running
    if let Ok(t) = a.run_test_recovery(&pairing, &plan, &TestPlanSpec { sync_data: Some(false) }).await {
        settle(&a, &t.inner.id).await;
    }
    if let Ok(t) = a.run_cleanup_test_recovery(&pairing, &plan, &CleanupTestPlanSpec { forced: Some(false) }).await {
        settle(&a, &t.inner.id).await;
    }
    let _ = a.run_reprotect(&pairing, &plan, &ReprotectPlanSpec::default()).await; // 400: not recovered yet
    let recover = RecoverPlanSpec { planned_failover: Some(true), sync_data: Some(true), ..Default::default() };
    if let Ok(t) = a.run_recovery(&pairing, &plan, &recover).await {
        settle(&a, &t.inner.id).await;
    }
    if let Ok(t) = a.run_reprotect(&pairing, &plan, &ReprotectPlanSpec { forced: Some(false) }).await {
        settle(&a, &t.inner.id).await;
    }
    let _ = a.get_recent_tasks_info(&Default::default()).await;
    if let Ok(t) = a.reconnect_pairing(&pairing, &sim.pairing_spec("a")).await {
        settle(&a, &t.inner.id).await;
    }
    if let Ok(t) = a.delete_pairing(&pairing).await {
        settle(&a, &t.inner.id).await;
    }
    let _ = a.logout().await;
    let _ = a.get_current_session().await; // 401
    let exchanges = std::mem::take(&mut *log.lock().unwrap());
    exchanges
}

async fn settle<T: Transport + Clone>(client: &srm::Client<T>, task_id: &str) {
    for _ in 0..200 {
        match client.get_task_info(task_id).await {
            Ok(t) if !matches!(t.inner.status, srm::types::TaskStatus::Queued | srm::types::TaskStatus::Running) => return,
            Err(_) => return,
            _ => tokio::time::sleep(Duration::from_millis(5)).await,
        }
    }
}

/// Every h4 operation on both appliances (pairing them), plus error answers.
pub async fn h4_session() -> Vec<Exchange> {
    let sim = Sim::new(0);
    let log: Arc<Mutex<Vec<Exchange>>> = Arc::default();
    let a = replication::Client::new(recording(&sim, &sim.vr_str("a", "url"), &log));
    let b = replication::Client::new(recording(&sim, &sim.vr_str("b", "url"), &log));
    session::h4_login(&a, &sim.vr_creds("a"), Some("op-login".into())).await.expect("login a");
    session::h4_login(&b, &sim.vr_creds("b"), None).await.expect("login b");
    let _ = a.get_sites(&Default::default()).await;
    for (from, to) in [(&a, "b"), (&b, "a")] {
        let request = serde_json::from_value(json!({
            "apiUrl": sim.vr_str(to, "api_url"), "apiThumbprint": sim.vr_str(to, "api_thumbprint"), "description": "peer",
        }))
        .unwrap();
        let params = PairSiteParams { operation_id: Some("op-pair".into()) };
        if let Ok(task) = from.pair_site(&request, &params).await {
            let id = task.inner.id.map(|id| id.to_string()).unwrap_or_default();
            for _ in 0..200 {
                let t = from.get_task(&id, &GetTaskParams::default()).await;
                if !matches!(&t, Ok(t) if t.inner.state == Some(replication::types::TaskState::Running)) {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        }
    }
    let _ = a.get_sites(&Default::default()).await;
    let _ = a.get_task("00000000-0000-4000-8000-000000000000", &GetTaskParams::default()).await; // 404
    let _ = a.logout(&Default::default()).await;
    let _ = a.get_sites(&Default::default()).await; // 401
    let exchanges = std::mem::take(&mut *log.lock().unwrap());
    exchanges
}

/// The operation a request was for, and the call (JSON arguments) it carried.
pub fn call_of(api: &'static Api, exchange: &Exchange) -> Option<(&'static Operation, JsonCall)> {
    let request = &exchange.request;
    let rest = request.url.strip_prefix(&exchange.base_url)?;
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    let segments: Vec<&str> = path.split('/').collect();
    let op = api.operations.iter().find(|op| {
        let template: Vec<&str> = op.path.split('/').collect();
        op.method == request.method
            && template.len() == segments.len()
            && template.iter().zip(&segments).all(|(t, s)| t.starts_with('{') || t == s)
    })?;
    let template: Vec<&str> = op.path.split('/').collect();
    let path = template.iter().zip(&segments).filter(|(t, _)| t.starts_with('{')).map(|(_, s)| decode(s)).collect();
    let mut params = Map::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let (k, v) = (decode(k), Value::String(decode(v)));
        let is_array = op.params.iter().any(|p| p.name == k && api.schema(p.schema).is_some_and(|s| s.items.is_some()));
        match params.get_mut(&k) {
            Some(Value::Array(values)) => values.push(v),
            _ if is_array => drop(params.insert(k, Value::Array(vec![v]))),
            _ => drop(params.insert(k, v)),
        }
    }
    for p in op.params.iter().filter(|p| p.location == Location::Header) {
        if let Some((_, v)) = request.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(p.name)) {
            params.insert(p.name.to_string(), Value::String(v.clone()));
        }
    }
    let body = request.body.as_ref().map(|b| serde_json::from_slice(b).expect("request bodies are JSON"));
    let params = (!op.params.is_empty()).then_some(Value::Object(params));
    Some((op, JsonCall { path, params, body }))
}

/// Percent-decoding of what `encode_component` wrote.
fn decode(s: &str) -> String {
    let mut out = Vec::new();
    let mut bytes = s.bytes();
    while let Some(b) = bytes.next() {
        if b == b'%' {
            let hex: String = bytes.by_ref().take(2).map(char::from).collect();
            out.push(u8::from_str_radix(&hex, 16).expect("percent escape"));
        } else {
            out.push(b);
        }
    }
    String::from_utf8(out).expect("UTF-8")
}
