//! Shared harness of the native integration tests: the typed client talks to the simulator's
//! axum Router in-process (`tower::ServiceExt::oneshot`, no socket).
#![allow(dead_code)]

use std::cell::Cell;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::Router;
use serde::Serialize;
use serde_json::Value;
use siterecovery::poll::{self, Clock, Polled, WaitOptions};
use siterecovery::session::{self, Credentials};
use siterecovery::task::{TaskApi, TaskView};
use siterecovery::{
    replication, srm, ApiClient, Error, HttpError, OperationRequest, Request, Response, ResponseValue, Transport, TransportError,
};
use siterecovery_sim::{RequestRecord, SimConfig, SimHandle};
use tower::ServiceExt;

/// Public base URL the simulator believes it has; the transport ignores scheme and host.
pub const BASE: &str = "http://sim.test";

/// `siterecovery::Transport` over the simulator's Router, in-process.
#[derive(Clone)]
pub struct InProcess {
    router: Router,
}

impl std::fmt::Debug for InProcess {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("InProcess")
    }
}

impl InProcess {
    pub fn new(router: Router) -> Self {
        InProcess { router }
    }
}

/// `http://host/path?query` -> `/path?query`.
pub fn path_and_query(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.find('/').map_or("/", |i| &rest[i..])
}

impl Transport for InProcess {
    async fn send(&self, request: Request) -> Result<Response, TransportError> {
        let mut builder = axum::http::Request::builder().method(request.method).uri(path_and_query(&request.url));
        for (name, value) in &request.headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        let body = Body::from(request.body.clone().unwrap_or_default());
        let http_request = builder.body(body).map_err(|e| TransportError::new(format!("bad request: {e}")))?;
        let response = match self.router.clone().oneshot(http_request).await {
            Ok(r) => r,
            Err(never) => match never {},
        };
        let status = response.status().as_u16();
        let headers = response.headers().iter().map(|(k, v)| (k.as_str().to_string(), v.to_str().unwrap_or("").to_string())).collect();
        let body = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .map_err(|e| TransportError::new(format!("connection dropped while reading the body: {e}")))?;
        Ok(Response { status, headers, body: body.to_vec() })
    }
}

/// A tokio-backed `Clock`: real time, xorshift jitter, an abort flag.
pub struct TokioClock {
    start: tokio::time::Instant,
    state: Cell<u64>,
    pub abort: Arc<AtomicBool>,
}

impl TokioClock {
    pub fn new() -> Self {
        Self::seeded(0x9E37_79B9_7F4A_7C15)
    }

    /// A clock with its own jitter sequence (many waits, each with `seeded(i)`, spread out
    /// as the waits of many clients would). Any seed; 0 becomes 1 (xorshift stays at 0).
    pub fn seeded(seed: u64) -> Self {
        TokioClock { start: tokio::time::Instant::now(), state: Cell::new(seed.max(1)), abort: Arc::default() }
    }
}

impl Default for TokioClock {
    fn default() -> Self {
        Self::new()
    }
}

impl Clock for TokioClock {
    fn now_ms(&self) -> f64 {
        self.start.elapsed().as_secs_f64() * 1000.0
    }
    fn random(&self) -> f64 {
        let mut x = self.state.get();
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.state.set(x);
        (x >> 11) as f64 / (1u64 << 53) as f64
    }
    async fn sleep(&self, ms: f64) -> Result<(), ()> {
        if self.aborted() {
            return Err(());
        }
        tokio::time::sleep(Duration::from_secs_f64(ms.max(0.0) / 1000.0)).await;
        if self.aborted() {
            Err(())
        } else {
            Ok(())
        }
    }
    fn aborted(&self) -> bool {
        self.abort.load(Ordering::SeqCst)
    }
}

/// Small delays for the 100–200 ms simulated tasks.
pub fn fast() -> WaitOptions {
    WaitOptions { timeout_ms: Some(5_000.0), min_delay_ms: 10.0, max_delay_ms: 50.0, max_poll_failures: 5 }
}

pub fn site_index(site: &str) -> usize {
    match site {
        "a" => 0,
        "b" => 1,
        other => panic!("no site {other:?}"),
    }
}

pub fn other_site(site: &str) -> &'static str {
    if site == "a" {
        "b"
    } else {
        "a"
    }
}

pub type Srm = srm::Client<InProcess>;
pub type Repl = replication::Client<InProcess>;

/// One simulator (two SRM sites, two appliances) and the info JSON it publishes.
pub struct Sim {
    pub handle: SimHandle,
    pub net: InProcess,
    pub info: Value,
}

impl Sim {
    pub fn new(task_duration_ms: u64) -> Sim {
        let config = SimConfig { task_duration_ms, base_url: BASE.to_string(), ..SimConfig::default() };
        let (router, handle) = siterecovery_sim::router(config);
        let info = handle.info();
        Sim { handle, net: InProcess::new(router), info }
    }

    pub fn srm_info(&self, site: &str) -> &Value {
        &self.info["srm"][site_index(site)]
    }

    pub fn vr_info(&self, site: &str) -> &Value {
        &self.info["replication"][site_index(site)]
    }

    pub fn srm_str(&self, site: &str, pointer: &str) -> String {
        self.srm_info(site).pointer(pointer).and_then(Value::as_str).unwrap_or_else(|| panic!("info srm {site} {pointer}")).to_string()
    }

    pub fn vr_str(&self, site: &str, key: &str) -> String {
        self.vr_info(site)[key].as_str().unwrap_or_else(|| panic!("info vr {site} {key}")).to_string()
    }

    pub fn srm_creds(&self, site: &str) -> Credentials {
        Credentials::new(&self.srm_str(site, "/username"), &self.srm_str(site, "/password")).unwrap()
    }

    pub fn vr_creds(&self, site: &str) -> Credentials {
        Credentials::new(&self.vr_str(site, "username"), &self.vr_str(site, "password")).unwrap()
    }

    /// SRM client at `base_url`, not logged in.
    pub fn srm_at(&self, base_url: &str) -> Srm {
        srm::Client::new(ApiClient::new(base_url, self.net.clone()).unwrap())
    }

    pub fn srm_anon(&self, site: &str) -> Srm {
        self.srm_at(&self.srm_str(site, "/url"))
    }

    /// SRM client logged in to `site` with the seeded credentials.
    pub async fn srm(&self, site: &str) -> Srm {
        let client = self.srm_anon(site);
        session::srm_login(&client, &self.srm_creds(site)).await.expect("srm login");
        client
    }

    pub fn repl_anon(&self, site: &str) -> Repl {
        replication::Client::new(ApiClient::new(&self.vr_str(site, "url"), self.net.clone()).unwrap())
    }

    pub async fn repl(&self, site: &str) -> Repl {
        let client = self.repl_anon(site);
        session::h4_login(&client, &self.vr_creds(site), None).await.expect("h4 login");
        client
    }

    /// PairingSpec pairing `from` with the other site, from the sim's info.
    pub fn pairing_spec(&self, from: &str) -> srm::types::PairingSpec {
        let remote = other_site(from);
        srm::types::PairingSpec {
            pair_vc_guid: self.srm_str(remote, "/vc_guid"),
            pair_psc_info: srm::types::PairingSpecPairPscInfo {
                url: self.srm_str(remote, "/psc/url"),
                port: self.srm_info(remote)["psc"]["port"].as_i64().unwrap() as i32,
                thumbprint: Some(self.srm_str(remote, "/psc/thumbprint")),
                username: self.srm_str(remote, "/username"),
                password: self.srm_str(remote, "/password").into(),
            },
            pair_srm_url: None,
            pair_srm_thumbprint: None,
        }
    }

    /// Site A logged in and paired with B (task waited for); returns (client A, pairing id).
    pub async fn paired(&self) -> (Srm, String) {
        let a = self.srm("a").await;
        let task = a.create_pairing(&self.pairing_spec("a")).await.expect("createPairing").into_inner();
        let pairing_id = task.entity.clone().expect("pairing task entity");
        wait_srm(&a, srm_view(&task)).await.expect("pairing task succeeds");
        (a, pairing_id)
    }

    /// `paired()` plus the remote-site login needed for plan actions.
    pub async fn paired_remote(&self) -> (Srm, String) {
        let (a, pairing_id) = self.paired().await;
        session::srm_remote_login(&a, &pairing_id, &self.srm_creds("b")).await.expect("remote login");
        (a, pairing_id)
    }

    /// Logged requests with this method whose path contains `path`.
    pub fn requests(&self, method: &str, path: &str) -> Vec<RequestRecord> {
        self.handle.requests().into_iter().filter(|r| r.method == method && r.path.contains(path)).collect()
    }
}

/// A task-shaped typed value as a `TaskView` (no response at hand: a decode error has no status).
pub fn srm_view<T: Serialize>(task: &T) -> TaskView {
    siterecovery::task::view(TaskApi::Srm, serde_json::to_value(task).unwrap(), None).expect("srm task view")
}

pub fn h4_view<T: Serialize>(task: &T) -> TaskView {
    siterecovery::task::view(TaskApi::H4, serde_json::to_value(task).unwrap(), None).expect("h4 task view")
}

/// A poll's answer as a `TaskView`; a task the view cannot read is a decode error with the
/// poll's status.
fn polled<T: Serialize>(api: TaskApi, r: ResponseValue<T>) -> Polled {
    let ra = r.retry_after_ms();
    Ok((siterecovery::task::view(api, serde_json::to_value(&r.inner).unwrap(), Some(r.status))?, ra))
}

pub async fn poll_srm(client: Srm, id: String) -> Polled {
    polled(TaskApi::Srm, client.get_task_info(&id).await?)
}

pub async fn poll_h4(client: Repl, id: String) -> Polled {
    polled(TaskApi::H4, client.get_task(&id, &replication::params::GetTaskParams::default()).await?)
}

/// `poll::wait` on an SRM task with any clock/options; progress reports land in `seen`.
pub async fn wait_srm_with(
    clock: &TokioClock,
    options: &WaitOptions,
    client: &Srm,
    first: TaskView,
    seen: &mut Vec<TaskView>,
) -> Result<TaskView, Error> {
    let id = first.id.clone();
    poll::wait(clock, options, first, || poll_srm(client.clone(), id.clone()), |v| seen.push(v.clone())).await
}

pub async fn wait_srm(client: &Srm, first: TaskView) -> Result<TaskView, Error> {
    wait_srm_with(&TokioClock::new(), &fast(), client, first, &mut Vec::new()).await
}

pub async fn wait_h4(client: &Repl, first: TaskView, seen: &mut Vec<TaskView>) -> Result<TaskView, Error> {
    let id = first.id.clone();
    let clock = TokioClock::new();
    poll::wait(&clock, &fast(), first, || poll_h4(client.clone(), id.clone()), |v| seen.push(v.clone())).await
}

/// The `HttpError` inside, or a panic naming what came instead.
pub fn http_err(e: &Error) -> &HttpError {
    match e {
        Error::Http(h) => h,
        other => panic!("expected Error::Http, got {other:?}"),
    }
}

/// Unwrap `Err` of a result, panicking with the success value otherwise.
pub fn expect_err<T: std::fmt::Debug>(r: Result<T, Error>) -> Error {
    match r {
        Ok(v) => panic!("expected an error, got {v:?}"),
        Err(e) => e,
    }
}

pub fn op(ops: &'static [siterecovery::OperationMeta], id: &str) -> &'static siterecovery::OperationMeta {
    ops.iter().find(|m| m.operation_id == id).unwrap_or_else(|| panic!("no operation {id}"))
}

/// GET /tasks/{id} as raw JSON (to see the wire form of timestamps).
pub async fn raw_srm_task(client: &Srm, task_id: &str) -> Value {
    let mut req = OperationRequest::new(op(srm::OPERATIONS, "getTaskInfo"));
    req.path_param("taskId", task_id).unwrap();
    let (response, _) = client.api().execute(req).await.unwrap();
    assert_eq!(response.status, 200);
    serde_json::from_slice(&response.body).unwrap()
}

pub fn is_uuid(s: &str) -> bool {
    uuid::Uuid::parse_str(s).is_ok()
}
