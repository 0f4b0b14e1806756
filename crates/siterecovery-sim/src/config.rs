//! How a simulator is set up: task duration, timestamp style, seed, served directories.

use std::path::PathBuf;

/// How SRM task timestamps (`queued_time`, `start_time`, `complete_time`) are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TimestampStyle {
    /// Epoch milliseconds as JSON numbers (seeds 000/002).
    Int64,
    /// RFC 3339 strings with milliseconds, e.g. `2024-05-01T12:00:00.123Z` (seed 004).
    String,
}

/// Simulator configuration.
#[derive(Debug, Clone)]
pub struct SimConfig {
    /// Total duration of every task, from creation to its final state.
    pub task_duration_ms: u64,
    pub timestamps: TimestampStyle,
    /// Seed for every generated id, token and thumbprint.
    pub seed: u64,
    /// Directory served at `/` (the demo page).
    pub web_dir: Option<PathBuf>,
    /// Directory served at `/pkg/` (the built npm package).
    pub pkg_dir: Option<PathBuf>,
    /// Public base URL of this simulator (used in appliance `apiUrl`s, SRM urls and list links).
    pub base_url: String,
    /// Send [`crate::PAGE_CSP`] with the static files (default). Off for pages that are not
    /// ours, such as the benchmark's peers (zod probes `new Function`, which the policy forbids).
    pub csp: bool,
    /// Send `Cross-Origin-Opener-Policy: same-origin` and `Cross-Origin-Embedder-Policy:
    /// require-corp` with the static files, so the page is cross-origin isolated and its
    /// `performance.now()` ticks in 5 µs steps instead of 100 µs (the benchmark's per-call
    /// figure). Off by default: only the benchmark needs it, and COEP would make the page refuse
    /// any cross-origin resource that does not opt in.
    pub isolated: bool,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            task_duration_ms: 3000,
            timestamps: TimestampStyle::Int64,
            seed: 8470,
            web_dir: None,
            pkg_dir: None,
            base_url: "http://127.0.0.1:8470".to_string(),
            csp: true,
            isolated: false,
        }
    }
}
