//! In-memory simulator of two VMware Site Recovery Manager (SRM) sites and two
//! vSphere Replication ("h4") appliances, for tests and demos.
//!
//! One axum [`Router`] serves everything, routed by path prefix:
//! - SRM site A/B:   `/srm/{a|b}/api/rest/srm/{v2|v1}/...`
//! - appliance A/B:  `/vr/{a|b}/...`
//! - admin:          `/_sim/...` (info, reset, config, faults, request log)
//! - static files:   `web_dir` at `/`, `pkg_dir` at `/pkg/` when configured, sent with the
//!   Content-Security-Policy [`PAGE_CSP`] unless `csp` is off.
//!
//! The router works in-process (`tower::ServiceExt::oneshot`) and served on a socket.
//! State is deterministic for a given seed: ids and session tokens derive from the seed, a
//! counter and the number of resets (so none repeats across resets).

#![allow(clippy::result_large_err)] // handlers return axum Responses as their error type

use std::sync::Arc;

use axum::Router;

mod admin;
mod config;
mod faults;
mod front;
mod h4;
mod http;
mod listing;
mod pairing_spec;
mod plans;
mod request;
mod routes;
pub mod serve;
mod spec;
mod srm;
mod state;
mod tasks;

pub use config::{SimConfig, TimestampStyle};
pub use state::{Fault, FaultKind, RequestRecord};

/// The Content-Security-Policy sent with every static file (the demo page and the package):
/// - scripts only from this origin, no inline script or handlers, no `eval`;
///   `'wasm-unsafe-eval'` lets the package compile its WebAssembly module;
/// - styles, images and fonts from this origin (Clarity's CSS inlines its icons and fonts
///   as `data:` URLs, and the page's favicon is `data:,`);
/// - requests to this origin (the simulated servers) and to any `https:` server: the page
///   can be pointed at a real SRM or replication appliance;
/// - no plugins, no `<base>`, forms post only here;
/// - `frame-ancestors`: the page may be framed by itself and by local origins, the same
///   origins whose cross-origin calls the simulator accepts (CORS), so a plugin host on
///   another local port can embed it; any other site cannot (clickjacking).
pub const PAGE_CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
style-src 'self'; img-src 'self' data:; font-src 'self' data:; connect-src 'self' https:; \
object-src 'none'; base-uri 'none'; form-action 'self'; \
frame-ancestors 'self' http://127.0.0.1:* http://localhost:*";

/// Direct access to the simulator's admin actions from Rust tests.
#[derive(Clone)]
pub struct SimHandle {
    shared: Arc<state::Shared>,
}

impl SimHandle {
    /// Back to the seeded state: no pairings, sessions, tasks, faults or logged requests.
    /// The current task duration and timestamp style are kept.
    pub fn reset(&self) {
        self.shared.lock().reset();
    }

    /// Change the task duration and/or timestamp style (applies to tasks created afterwards
    /// for the duration; immediately for the timestamp style).
    pub fn set_config(&self, task_duration_ms: Option<u64>, timestamps: Option<TimestampStyle>) {
        let mut sim = self.shared.lock();
        if let Some(ms) = task_duration_ms {
            sim.task_duration_ms = ms;
        }
        if let Some(style) = timestamps {
            sim.timestamps = style;
        }
    }

    /// Add faults (and run the immediate ones: `expire_sessions` without a matcher, `vanish_task`).
    pub fn inject_faults(&self, faults: Vec<Fault>) {
        let mut sim = self.shared.lock();
        for fault in faults {
            faults::add(&mut sim, fault);
        }
    }

    /// Remove all pending faults.
    pub fn clear_faults(&self) {
        self.shared.lock().faults.clear();
    }

    /// Everything a user needs to log in and pair (same JSON as `GET /_sim/info`).
    pub fn info(&self) -> serde_json::Value {
        admin::info_json(&self.shared.lock())
    }

    /// Requests seen so far (admin requests excluded), oldest first.
    pub fn requests(&self) -> Vec<RequestRecord> {
        self.shared.lock().log.clone()
    }

    /// Forget the request log.
    pub fn clear_requests(&self) {
        self.shared.lock().log.clear();
    }
}

/// Build the simulator's router and a handle to its state.
pub fn router(config: SimConfig) -> (Router, SimHandle) {
    let shared = Arc::new(state::Shared::new(&config));
    let router = routes::build(shared.clone(), &config);
    (router, SimHandle { shared })
}
