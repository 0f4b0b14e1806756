//! Tasks of both APIs: creating them, applying their side effects once they end, and
//! rendering them as SRM `Task` or h4 `ApiTask` (the types live in `state::task`).

use std::time::{Duration, Instant};

use serde_json::{json, Map, Value};

use crate::config::TimestampStyle;
use crate::state::{Effect, Outcome, Owner, Pairing, Phase, Sim, Task};

/// Apply the effects of every task that has ended since the last call, in creation order.
pub(crate) fn advance(sim: &mut Sim) {
    let now = sim.now();
    for i in 0..sim.tasks.len() {
        let task = &mut sim.tasks[i];
        if task.applied || task.cancelled.is_some() || !task.is_final(now) {
            continue;
        }
        task.applied = true;
        let ok = task.succeeded();
        let effect = std::mem::replace(&mut task.effect, Effect::None);
        apply(sim, effect, ok);
    }
}

fn apply(sim: &mut Sim, effect: Effect, ok: bool) {
    match effect {
        Effect::None => {}
        Effect::CreatePairing { pairing_id, plans } => {
            if ok && sim.pairing(&pairing_id).is_none() {
                sim.pairings.push(Pairing { id: pairing_id, plans });
            }
        }
        Effect::DeletePairing { pairing_id } => {
            if ok {
                sim.pairings.retain(|p| p.id != pairing_id);
                for site in sim.srm.iter_mut() {
                    for session in site.sessions.values_mut() {
                        session.remote.remove(&pairing_id);
                    }
                }
            }
        }
        Effect::PlanFinished { pairing_id, plan_id, action } => {
            sim.finish_plan(&pairing_id, &plan_id, action, ok);
        }
        Effect::RegisterPeer { appliance, peer, description } => {
            if ok {
                sim.vr[appliance].registered.insert(peer, description);
            }
        }
    }
}

/// Create and store a task; returns its id.
pub(crate) struct NewTask {
    pub owner: Owner,
    pub description: String,
    pub description_id: String,
    pub entity: Option<String>,
    pub entity_name: Option<String>,
    pub user: String,
    pub outcome: Outcome,
    pub effect: Effect,
}

pub(crate) fn create(sim: &mut Sim, new: NewTask) -> String {
    let duration = Duration::from_millis(sim.task_duration_ms);
    create_lasting(sim, new, duration)
}

/// `create` with a duration of its own instead of the configured one.
pub(crate) fn create_lasting(sim: &mut Sim, new: NewTask, duration: Duration) -> String {
    let id = sim.next_id();
    let task = Task {
        id: id.clone(),
        owner: new.owner,
        description: new.description,
        description_id: new.description_id,
        entity: new.entity,
        entity_name: new.entity_name,
        user: new.user,
        created: sim.now(),
        duration,
        outcome: new.outcome,
        effect: new.effect,
        applied: false,
        cancelled: None,
    };
    sim.tasks.push(task);
    // A zero duration ends the task at once.
    advance(sim);
    id
}

pub(crate) fn find<'a>(sim: &'a Sim, owner: Owner, id: &str) -> Option<&'a Task> {
    sim.tasks.iter().find(|t| t.owner == owner && t.id == id)
}

fn timestamp(sim: &Sim, at: Instant) -> Value {
    let ms = sim.epoch_ms(at);
    match sim.timestamps {
        TimestampStyle::Int64 => json!(ms),
        TimestampStyle::String => match chrono::DateTime::from_timestamp_millis(ms) {
            Some(t) => json!(t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)),
            None => json!(ms),
        },
    }
}

/// SRM `Task` JSON.
pub(crate) fn srm_json(sim: &Sim, task: &Task) -> Value {
    let now = sim.now();
    let phase = task.phase(now);
    let status = match phase {
        Phase::Queued => "QUEUED",
        Phase::Running => "RUNNING",
        Phase::Cancelled => "CANCELLED",
        Phase::Done if task.succeeded() => "SUCCESS",
        Phase::Done => "ERROR",
    };
    let mut out = Map::new();
    out.insert("id".into(), json!(task.id));
    out.insert("description".into(), json!(task.description));
    out.insert("description_id".into(), json!(task.description_id));
    out.insert("entity".into(), json!(task.entity));
    out.insert("entity_name".into(), json!(task.entity_name));
    out.insert("status".into(), json!(status));
    out.insert("progress".into(), json!(task.progress(now)));
    out.insert("queued_time".into(), timestamp(sim, task.created));
    let started = task.cancelled.is_none_or(|c| c >= task.start_at());
    if phase != Phase::Queued && started {
        out.insert("start_time".into(), timestamp(sim, task.start_at()));
    }
    match phase {
        Phase::Done => {
            out.insert("complete_time".into(), timestamp(sim, task.end_at()));
            match &task.outcome {
                Outcome::Success(result) => {
                    out.insert("result".into(), result.clone());
                }
                Outcome::Error { message, details, .. } => {
                    out.insert("error".into(), json!({ "message": message, "details": details }));
                }
            }
        }
        Phase::Cancelled => {
            let at = task.cancelled.unwrap_or(now);
            out.insert("complete_time".into(), timestamp(sim, at));
            out.insert("error".into(), json!({ "message": "The operation was cancelled by the user.", "details": "Cancelled" }));
        }
        Phase::Queued | Phase::Running => {}
    }
    Value::Object(out)
}

/// h4 `ApiTask` JSON (timestamps are always epoch milliseconds; `endTime` -1 until done).
pub(crate) fn h4_json(sim: &Sim, task: &Task) -> Value {
    let now = sim.now();
    let done = task.is_final(now);
    let state = match (done, task.succeeded()) {
        (false, _) => "RUNNING",
        (true, true) => "SUCCEEDED",
        (true, false) => "FAILED",
    };
    let mut out = json!({
        "id": task.id,
        "state": state,
        "progress": if task.phase(now) == Phase::Queued { 0 } else { task.progress(now) },
        "startTime": sim.epoch_ms(task.created),
        "lastUpdated": sim.epoch_ms(if done { task.end_at() } else { now }),
        "endTime": if done { sim.epoch_ms(task.end_at()) } else { -1 },
        "user": task.user,
        "warnings": [],
        "workflowInfo": { "type": task.description_id, "description": task.description },
    });
    if done {
        match &task.outcome {
            Outcome::Success(result) => {
                out["result"] = result.clone();
                out["resultType"] = json!("ManagerPeerInfo");
            }
            Outcome::Error { code, message, .. } => {
                out["error"] = crate::http::h4_error_body(code, message, None);
            }
        }
    }
    out
}
