//! The simulator's whole in-memory state (one Mutex), its deterministic id source, and every
//! data type it holds (tasks, plans, faults in the submodules). Handlers depend on this
//! module; it depends on none of them.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Mutex, MutexGuard};
use std::time::Instant;

use serde::Serialize;

use crate::config::{SimConfig, TimestampStyle};

mod fault;
mod plan;
mod task;

pub use fault::{Fault, FaultKind};
pub(crate) use plan::{Plan, PlanAction};
pub(crate) use task::{Effect, Outcome, Owner, Phase, Task};

/// Index of a site or appliance: 0 = "a", 1 = "b".
pub(crate) type SiteIdx = usize;

pub(crate) fn site_key(idx: SiteIdx) -> &'static str {
    if idx == 0 {
        "a"
    } else {
        "b"
    }
}

pub(crate) fn site_idx(key: &str) -> Option<SiteIdx> {
    match key {
        "a" => Some(0),
        "b" => Some(1),
        _ => None,
    }
}

pub(crate) fn other(idx: SiteIdx) -> SiteIdx {
    1 - idx
}

/// One logged request (never carries credentials, tokens or query strings).
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq)]
pub struct RequestRecord {
    pub method: String,
    pub path: String,
    /// HTTP status sent; 0 when the connection was dropped by a `drop` fault.
    pub status: u16,
    /// Name of the fault kind that shaped this response, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fault: Option<String>,
    /// The `operationID` request header, when sent (h4 log correlation).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operation_id: Option<String>,
}

pub(crate) struct SrmSession {
    pub username: String,
    /// Pairings for which this session has logged in to the remote site.
    pub remote: BTreeMap<String, String>,
}

pub(crate) struct SrmSite {
    pub name: String,
    pub username: String,
    pub password: String,
    pub vc_guid: String,
    pub vc_name: String,
    pub srm_id: String,
    pub srm_thumbprint: String,
    pub psc_host: String,
    pub psc_port: i64,
    pub psc_thumbprint: String,
    pub sessions: HashMap<String, SrmSession>,
}

pub(crate) struct Appliance {
    pub id: String,
    pub site_name: String,
    pub username: String,
    pub password: String,
    pub api_thumbprint: String,
    pub sessions: BTreeSet<String>,
    /// Peers this appliance registered (POST /sites succeeded): peer index -> description.
    pub registered: BTreeMap<SiteIdx, String>,
}

/// An SRM pairing; always between site A and site B (the only two sites).
pub(crate) struct Pairing {
    pub id: String,
    pub plans: Vec<Plan>,
}

pub(crate) struct Shared {
    sim: Mutex<Sim>,
}

impl Shared {
    pub fn new(config: &SimConfig) -> Self {
        Shared { sim: Mutex::new(Sim::new(config)) }
    }

    pub fn lock(&self) -> MutexGuard<'_, Sim> {
        // A panic while holding the lock cannot leave the state half-written in a way
        // that matters for a simulator, so recover from poisoning instead of failing.
        self.sim.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

pub(crate) struct Sim {
    pub seed: u64,
    counter: u64,
    op_counter: u64,
    token_counter: u64,
    pub base_url: String,
    pub task_duration_ms: u64,
    pub timestamps: TimestampStyle,
    start: Instant,
    start_epoch_ms: i64,
    pub srm: [SrmSite; 2],
    pub vr: [Appliance; 2],
    pub pairings: Vec<Pairing>,
    pub tasks: Vec<Task>,
    pub faults: Vec<Fault>,
    pub log: Vec<RequestRecord>,
    /// Resets so far. Ids and session tokens are numbered within a reset (`numbered`), so a
    /// request left over from before one (a test's poll that outlived its test) names no task
    /// and no session of the new state; a request held (latency fault) across a reset is
    /// dropped (`faults::layer`).
    pub resets: u64,
}

impl Sim {
    fn new(config: &SimConfig) -> Self {
        let seed = config.seed;
        Sim {
            seed,
            counter: 0,
            op_counter: 0,
            token_counter: 0,
            base_url: config.base_url.trim_end_matches('/').to_string(),
            task_duration_ms: config.task_duration_ms,
            timestamps: config.timestamps,
            start: Instant::now(),
            start_epoch_ms: chrono::Utc::now().timestamp_millis(),
            srm: [srm_site(seed, 0), srm_site(seed, 1)],
            vr: [appliance(seed, 0), appliance(seed, 1)],
            pairings: Vec::new(),
            tasks: Vec::new(),
            faults: Vec::new(),
            log: Vec::new(),
            resets: 0,
        }
    }

    /// Back to the seeded state; keeps base URL, task duration and timestamp style.
    pub fn reset(&mut self) {
        self.counter = 0;
        self.op_counter = 0;
        self.token_counter = 0;
        self.srm = [srm_site(self.seed, 0), srm_site(self.seed, 1)];
        self.vr = [appliance(self.seed, 0), appliance(self.seed, 1)];
        self.pairings.clear();
        self.tasks.clear();
        self.faults.clear();
        self.log.clear();
        self.resets += 1;
    }

    /// Number `n` of a counter within this reset: deterministic for a seed and a sequence of
    /// resets, and never the same in two resets (the first, before any reset, numbers as
    /// plain `n`).
    fn numbered(&self, n: u64) -> u64 {
        (self.resets << 32) ^ n
    }

    /// Next deterministic id (uuid format) from the seed and a counter.
    pub fn next_id(&mut self) -> String {
        self.counter += 1;
        derive_uuid(self.seed, 1, self.numbered(self.counter))
    }

    /// Next `op_id` for an error body (own counter, so errors do not shift entity ids).
    pub fn next_op_id(&mut self) -> String {
        self.op_counter += 1;
        derive_uuid(self.seed, 2, self.numbered(self.op_counter))
    }

    /// Next deterministic session token (opaque string, base64 like real SRM session ids).
    pub fn next_token(&mut self) -> String {
        self.token_counter += 1;
        session_token(self.seed, self.numbered(self.token_counter))
    }

    /// Every session token (SRM and h4) issued since the last reset, oldest first, also those
    /// ended since: what tests search their output for.
    pub fn issued_tokens(&self) -> Vec<String> {
        (1..=self.token_counter).map(|n| session_token(self.seed, self.numbered(n))).collect()
    }

    pub fn now(&self) -> Instant {
        Instant::now()
    }

    /// Epoch milliseconds of an instant.
    pub fn epoch_ms(&self, at: Instant) -> i64 {
        let since = at.saturating_duration_since(self.start).as_millis() as i64;
        self.start_epoch_ms + since
    }

    pub fn pairing(&self, id: &str) -> Option<&Pairing> {
        self.pairings.iter().find(|p| p.id == id)
    }

    pub fn pairing_mut(&mut self, id: &str) -> Option<&mut Pairing> {
        self.pairings.iter_mut().find(|p| p.id == id)
    }

    /// URL of an SRM site's v2 API base.
    pub fn srm_url(&self, site: SiteIdx) -> String {
        format!("{}/srm/{}/api/rest/srm/v2", self.base_url, site_key(site))
    }

    /// URL of an appliance's API base.
    pub fn vr_url(&self, idx: SiteIdx) -> String {
        format!("{}/vr/{}", self.base_url, site_key(idx))
    }
}

fn srm_site(seed: u64, idx: SiteIdx) -> SrmSite {
    let key = site_key(idx);
    let upper = key.to_uppercase();
    SrmSite {
        name: format!("Site {upper}"),
        username: "administrator@vsphere.local".to_string(),
        password: format!("site-{key}-secret"),
        vc_guid: derive_uuid(seed, 10 + idx as u64, 0),
        vc_name: format!("vc-{key}.srm-sim.local"),
        srm_id: derive_uuid(seed, 20 + idx as u64, 0),
        srm_thumbprint: thumbprint(seed, 30 + idx as u64, 20),
        psc_host: format!("vc-{key}.srm-sim.local"),
        psc_port: 443,
        psc_thumbprint: thumbprint(seed, 40 + idx as u64, 20),
        sessions: HashMap::new(),
    }
}

fn appliance(seed: u64, idx: SiteIdx) -> Appliance {
    let key = site_key(idx);
    Appliance {
        id: derive_uuid(seed, 50 + idx as u64, 0),
        site_name: format!("vr-site-{key}"),
        username: "admin".to_string(),
        password: format!("vr-{key}-secret"),
        api_thumbprint: format!("SHA-256:{}", thumbprint(seed, 60 + idx as u64, 32)),
        sessions: BTreeSet::new(),
        registered: BTreeMap::new(),
    }
}

fn splitmix64(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

fn derived_bytes(seed: u64, stream: u64, n: u64, len: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(len + 8);
    let mut state = splitmix64(seed ^ splitmix64(stream.wrapping_mul(0x1000_0000_01B3) ^ n));
    while out.len() < len {
        state = splitmix64(state);
        out.extend_from_slice(&state.to_le_bytes());
    }
    out.truncate(len);
    out
}

/// The `n`th session token of a seed.
fn session_token(seed: u64, n: u64) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(derive_uuid(seed, 3, n).as_bytes())
}

/// A version-4-shaped uuid derived from (seed, stream, n).
pub(crate) fn derive_uuid(seed: u64, stream: u64, n: u64) -> String {
    let bytes = derived_bytes(seed, stream, n, 16);
    let mut raw = [0u8; 16];
    raw.copy_from_slice(&bytes);
    uuid::Builder::from_random_bytes(raw).into_uuid().to_string()
}

/// `len` upper-case hex pairs separated by `:`.
fn thumbprint(seed: u64, stream: u64, len: usize) -> String {
    derived_bytes(seed, stream, 0, len).iter().map(|b| format!("{b:02X}")).collect::<Vec<_>>().join(":")
}
