//! An injected fault, as the admin API takes it and the fault layer (`faults.rs`) applies it.

use serde::{Deserialize, Serialize};
use serde_json::Value;

fn one() -> u32 {
    1
}

/// One injected fault.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Fault {
    /// HTTP method to match (any when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// Substring of the request path to match (any non-admin path when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(flatten)]
    pub kind: FaultKind,
    /// How many matching requests this fault affects.
    #[serde(default = "one")]
    pub times: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FaultKind {
    /// Answer with this status (and `Retry-After` when set) instead of running the request.
    /// Default body: SRM `ResponseError` / h4 `ApiError`; none for SRM 401.
    Status {
        status: u16,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        retry_after_s: Option<u64>,
        /// `Retry-After` as an HTTP-date this many seconds from now (instead of seconds).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        retry_after_date_s: Option<i64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        body: Option<Value>,
    },
    /// Wait, then run the request normally.
    Latency { delay_ms: u64 },
    /// Abort the response: headers may go out, the body fails (connection dropped).
    Drop,
    /// 200 with a body that is not valid JSON.
    Malformed,
    /// 200 with a body of nothing but white space (Unicode's, U+3000 among it): no body.
    Blank,
    /// Invalidate all sessions of a site (`srm/a`, `srm/b`, `vr/a`, `vr/b`; all when absent).
    /// With a method/path matcher it fires on the matching request (site taken from its path).
    ExpireSessions {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        site: Option<String>,
    },
    /// Remove a task at once: it then answers 404.
    VanishTask { task_id: String },
}

impl FaultKind {
    pub(crate) fn name(&self) -> &'static str {
        match self {
            FaultKind::Status { .. } => "status",
            FaultKind::Latency { .. } => "latency",
            FaultKind::Drop => "drop",
            FaultKind::Malformed => "malformed",
            FaultKind::Blank => "blank",
            FaultKind::ExpireSessions { .. } => "expire_sessions",
            FaultKind::VanishTask { .. } => "vanish_task",
        }
    }
}
