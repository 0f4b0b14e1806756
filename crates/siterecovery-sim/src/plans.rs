//! Recovery plan handlers: list, get, run an action, cancel (the plan and its state machine
//! live in `state::plan`).

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{json, Value};

use crate::http::{self, srm_error};
use crate::listing;
use crate::request::Call;
use crate::srm::{self, Begin};
use crate::state::{other, Effect, Outcome, Owner, Plan, PlanAction, Sim};
use crate::tasks::{self, NewTask};

/// `RecoveryPlanInfo` JSON.
pub(crate) fn plan_json(sim: &Sim, plan: &Plan) -> Value {
    let recovery = other(plan.protected);
    let now = sim.now();
    let running = plan.running_task.as_ref().and_then(|(owner, id)| tasks::find(sim, *owner, id)).filter(|t| !t.is_final(now));
    json!({
        "id": plan.id,
        "name": plan.name,
        "description": plan.description,
        "status": plan.status,
        "protected_site_name": sim.srm[plan.protected].name,
        "recovery_site_name": sim.srm[recovery].name,
        "protected_vc_guid": sim.srm[plan.protected].vc_guid,
        "recovery_vc_guid": sim.srm[recovery].vc_guid,
        "location": "recovery-plans-root",
        "location_name": "Recovery Plans",
        "progress": running.map_or(0, |t| t.progress(now)),
        "is_running": running.is_some(),
    })
}

/// GET .../recovery-management/plans
pub(crate) fn list(sim: &mut Sim, call: &Call) -> Response {
    if let Err(resp) = srm::begin(sim, call) {
        return resp;
    }
    let Some(pairing) = sim.pairing(call.params.get("pairing_id")) else {
        return http::empty(StatusCode::NOT_FOUND);
    };
    let items: Vec<Value> = pairing.plans.iter().map(|p| plan_json(sim, p)).collect();
    listing::respond(sim, items, &call.query, &call.path)
}

/// GET .../recovery-management/plans/{plan_id}
pub(crate) fn get(sim: &mut Sim, call: &Call) -> Response {
    if let Err(resp) = srm::begin(sim, call) {
        return resp;
    }
    let (pairing_id, plan_id) = (call.params.get("pairing_id"), call.params.get("plan_id"));
    match sim.plan(pairing_id, plan_id) {
        Some(plan) => http::json(StatusCode::OK, &plan_json(sim, plan)),
        None => http::empty(StatusCode::NOT_FOUND),
    }
}

/// The caller, pairing id and plan id of a plan action: 404 for an unknown pairing or plan,
/// 401 without a remote session for the pairing.
fn target(sim: &mut Sim, call: &Call) -> Result<(Begin, String, String), Response> {
    let begin = srm::begin(sim, call)?;
    let pairing_id = call.params.get("pairing_id").to_string();
    let plan_id = call.params.get("plan_id").to_string();
    if sim.pairing(&pairing_id).is_none() {
        return Err(http::empty(StatusCode::NOT_FOUND));
    }
    srm::require_remote(sim, &begin, &pairing_id)?;
    if sim.plan(&pairing_id, &plan_id).is_none() {
        return Err(http::empty(StatusCode::NOT_FOUND));
    }
    Ok((begin, pairing_id, plan_id))
}

/// POST .../plans/{plan_id}/actions/{test|cleanup|recovery|reprotect}
pub(crate) fn action(sim: &mut Sim, call: &Call, action: PlanAction) -> Response {
    let (begin, pairing_id, plan_id) = match target(sim, call) {
        Ok(t) => t,
        Err(resp) => return resp,
    };
    let Some(plan) = sim.plan(&pairing_id, &plan_id) else {
        return http::empty(StatusCode::NOT_FOUND);
    };
    let (plan_name, status) = (plan.name.clone(), plan.status);
    let (required, running, done) = action.transition();
    if status != required {
        let op = sim.next_op_id();
        let message = format!(
            "Cannot run {} on recovery plan '{plan_name}': its status is {status}, but {} requires {required}.",
            action.name(),
            action.name()
        );
        return srm_error(StatusCode::BAD_REQUEST, "INVALID_PLAN_STATE", &message, &op);
    }
    let (description, description_id) = action.description();
    let owner = Owner::Srm(begin.site);
    let task_id = tasks::create(
        sim,
        NewTask {
            owner,
            description: description.to_string(),
            description_id: description_id.to_string(),
            entity: Some(plan_id.clone()),
            entity_name: Some(plan_name),
            user: begin.username.clone(),
            outcome: Outcome::Success(json!({ "plan_id": plan_id, "status": done })),
            effect: Effect::PlanFinished { pairing_id: pairing_id.clone(), plan_id: plan_id.clone(), action },
        },
    );
    // Mark the plan running unless the task already ended (zero duration).
    let finished = tasks::find(sim, owner, &task_id).is_some_and(|t| t.applied);
    if !finished {
        if let Some(plan) = sim.plan_mut(&pairing_id, &plan_id) {
            plan.prev_status = status;
            plan.status = running;
            plan.running_task = Some((owner, task_id.clone()));
        }
    }
    srm::task_response(sim, owner, &task_id, Vec::new())
}

/// POST .../plans/{plan_id}/actions/cancel -> 204; 400 when nothing is running.
pub(crate) fn cancel(sim: &mut Sim, call: &Call) -> Response {
    let (_, pairing_id, plan_id) = match target(sim, call) {
        Ok(t) => t,
        Err(resp) => return resp,
    };
    let (pairing_id, plan_id) = (pairing_id.as_str(), plan_id.as_str());
    let now = sim.now();
    let running = sim.plan(pairing_id, plan_id).and_then(|p| p.running_task.clone());
    let live = running.filter(|(owner, id)| tasks::find(sim, *owner, id).is_some_and(|t| !t.is_final(now)));
    let Some((owner, task_id)) = live else {
        let status = sim.plan(pairing_id, plan_id).map_or("UNKNOWN_STATE", |p| p.status);
        let op = sim.next_op_id();
        let message = format!("Cannot cancel recovery plan: no operation is in progress (status {status}).");
        return srm_error(StatusCode::BAD_REQUEST, "INVALID_PLAN_STATE", &message, &op);
    };
    if let Some(task) = sim.tasks.iter_mut().find(|t| t.owner == owner && t.id == task_id) {
        task.cancelled = Some(now);
        task.applied = true;
    }
    if let Some(plan) = sim.plan_mut(pairing_id, plan_id) {
        plan.status = plan.prev_status;
        plan.running_task = None;
    }
    http::empty(StatusCode::NO_CONTENT)
}
