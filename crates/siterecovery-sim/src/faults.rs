//! Fault injection and the request log, as one middleware in front of every non-admin route.
//!
//! A fault matches by HTTP method (optional, case-insensitive) and path substring (optional)
//! and fires `times` times (default 1). `expire_sessions` without a matcher and `vanish_task`
//! act immediately when added.

use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use bytes::Bytes;
use serde_json::{json, Value};

use crate::http::{self, H4_MEDIA_TYPE};
use crate::state::{Fault, FaultKind, RequestRecord, Shared, Sim};

/// Register a fault (immediate kinds act now).
pub(crate) fn add(sim: &mut Sim, fault: Fault) {
    match &fault.kind {
        FaultKind::VanishTask { task_id } => sim.tasks.retain(|t| &t.id != task_id),
        FaultKind::ExpireSessions { site } if fault.method.is_none() && fault.path.is_none() => expire(sim, site.as_deref()),
        _ if fault.times > 0 => sim.faults.push(fault),
        _ => {}
    }
}

/// Invalidate sessions: `srm/a`, `srm/b`, `vr/a`, `vr/b`, `a`/`b` (both APIs), or all.
pub(crate) fn expire(sim: &mut Sim, site: Option<&str>) {
    let site = site.unwrap_or("").trim_matches('/');
    for (i, key) in ["a", "b"].iter().enumerate() {
        let all = site.is_empty() || site == *key;
        if all || site == format!("srm/{key}") {
            sim.srm[i].sessions.clear();
        }
        if all || site == format!("vr/{key}") {
            sim.vr[i].sessions.clear();
        }
    }
}

fn take_matching(sim: &mut Sim, method: &Method, path: &str) -> Option<FaultKind> {
    let pos = sim.faults.iter().position(|f| {
        f.method.as_deref().is_none_or(|m| m.eq_ignore_ascii_case(method.as_str())) && f.path.as_deref().is_none_or(|p| path.contains(p))
    })?;
    let fault = &mut sim.faults[pos];
    fault.times = fault.times.saturating_sub(1);
    let kind = fault.kind.clone();
    if fault.times == 0 {
        sim.faults.remove(pos);
    }
    Some(kind)
}

/// A body whose first read fails: hyper aborts the connection.
struct BrokenBody;

impl http_body::Body for BrokenBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        let err = std::io::Error::new(std::io::ErrorKind::ConnectionAborted, "simulated dropped connection");
        Poll::Ready(Some(Err(err)))
    }
}

fn status_response(sim: &mut Sim, path: &str, status: u16, retry_after: (Option<u64>, Option<i64>), body: Option<Value>) -> Response {
    let code = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let reason = code.canonical_reason().unwrap_or("Simulated fault");
    let is_h4 = path.starts_with("/vr/");
    let mut resp = match body {
        Some(body) if is_h4 => http::h4_json(code, &body),
        Some(body) => http::json(code, &body),
        None if is_h4 => http::h4_error(
            code,
            if status >= 500 { "GeneralServerFailure" } else { "SimulatedFault" },
            &format!("Simulated fault: {reason}"),
            None,
        ),
        None if path.starts_with("/srm/") && status != 401 && status != 404 => {
            let op = sim.next_op_id();
            let error_code = reason.to_ascii_uppercase().replace([' ', '-'], "_");
            http::srm_error(code, &error_code, &format!("Simulated fault: {reason}"), &op)
        }
        None => http::empty(code),
    };
    if let Some(secs) = retry_after.0 {
        resp.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(secs));
    }
    if let Some(secs) = retry_after.1 {
        // IMF-fixdate, as RFC 9110 writes HTTP-dates.
        let at = chrono::Utc::now() + chrono::Duration::seconds(secs);
        let date = at.format("%a, %d %b %Y %H:%M:%S GMT").to_string();
        if let Ok(value) = HeaderValue::from_str(&date) {
            resp.headers_mut().insert(header::RETRY_AFTER, value);
        }
    }
    resp
}

/// Middleware: apply the first matching fault, run the request, log (method, path, status).
/// A request a reset overtook (held by a latency fault) is dropped and not logged.
pub(crate) async fn layer(State(shared): State<Arc<Shared>>, req: Request, next: Next) -> Response {
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    if path.starts_with("/_sim") {
        return next.run(req).await;
    }
    let operation_id = http::operation_id(req.headers());
    let (fault, resets) = {
        let mut sim = shared.lock();
        (take_matching(&mut sim, &method, &path), sim.resets)
    };
    let (resp, status) = match &fault {
        None => {
            let resp = next.run(req).await;
            let status = resp.status().as_u16();
            (resp, status)
        }
        Some(FaultKind::Status { status, retry_after_s, retry_after_date_s, body }) => {
            let resp = status_response(&mut shared.lock(), &path, *status, (*retry_after_s, *retry_after_date_s), body.clone());
            let status = resp.status().as_u16();
            (resp, status)
        }
        Some(FaultKind::Latency { delay_ms }) => {
            tokio::time::sleep(Duration::from_millis(*delay_ms)).await;
            // A request held across a reset (a test's poll that outlived its test) belongs to
            // the state before it: as with an appliance that restarted meanwhile, its
            // connection drops, and the new state's log does not show it.
            if shared.lock().resets != resets {
                return Response::new(Body::new(BrokenBody));
            }
            let resp = next.run(req).await;
            let status = resp.status().as_u16();
            (resp, status)
        }
        Some(FaultKind::Drop) => (Response::new(Body::new(BrokenBody)), 0),
        Some(kind @ (FaultKind::Malformed | FaultKind::Blank)) => {
            let content_type = if path.starts_with("/vr/") { H4_MEDIA_TYPE } else { "application/json" };
            let body = if *kind == FaultKind::Blank { " \r\n\t\u{3000} " } else { "{\"list\": [{\"id\": \"trunc" };
            let mut resp = Response::new(Body::from(body));
            resp.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
            (resp, 200)
        }
        Some(FaultKind::ExpireSessions { site }) => {
            {
                let mut sim = shared.lock();
                // "/srm/a/..." -> "srm/a", "/vr/b/..." -> "vr/b"
                let from_path: String = path.trim_start_matches('/').split('/').take(2).collect::<Vec<_>>().join("/");
                let from_path = Some(from_path);
                expire(&mut sim, site.as_deref().or(from_path.as_deref()));
            }
            let resp = next.run(req).await;
            let status = resp.status().as_u16();
            (resp, status)
        }
        Some(FaultKind::VanishTask { .. }) => {
            let resp = next.run(req).await;
            let status = resp.status().as_u16();
            (resp, status)
        }
    };
    let record =
        RequestRecord { method: method.to_string(), path, status, fault: fault.as_ref().map(|f| f.name().to_string()), operation_id };
    let mut sim = shared.lock();
    // Nor does the log of the state after a reset show it.
    if sim.resets == resets {
        sim.log.push(record);
    }
    resp
}

/// JSON of the pending faults (for `GET /_sim/faults`).
pub(crate) fn pending_json(sim: &Sim) -> Value {
    json!(sim.faults)
}
