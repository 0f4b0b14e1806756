//! Recovery plans: list/get, the remote-login requirement, the state machine
//! (test -> cleanup -> recovery -> reprotect), invalid states and cancel.
mod common;

use common::*;
use siterecovery::srm::params::GetAllRecoveryPlansParams;
use siterecovery::srm::types::{
    CleanupTestPlanSpec, RecoverPlanSpec, RecoveryPlanInfoDrResponseEntityStatus as Status, RecoveryPlanInfoStatus as ListStatus,
    ReprotectPlanSpec, TaskDrResponseEntityStatus, TestPlanSpec,
};
use siterecovery::task::TaskState;
use siterecovery::Error;

const DB_PLAN: &str = "Tier-1 Databases (Oracle RAC)";
const WEB_PLAN: &str = "Web Frontend Failover";

async fn plan_id(a: &Srm, pairing: &str, name: &str) -> String {
    let plans = a.get_all_recovery_plans(pairing, &Default::default()).await.unwrap().into_inner();
    plans.list.into_iter().find(|p| p.name == name).unwrap_or_else(|| panic!("no plan {name}")).id
}

async fn status(a: &Srm, pairing: &str, plan: &str) -> Status {
    a.get_recovery_plan(pairing, plan).await.unwrap().into_inner().status
}

#[tokio::test]
async fn plans_are_listed_and_readable() {
    let sim = Sim::new(150);
    let (a, pairing) = sim.paired().await;
    let r = a.get_all_recovery_plans(&pairing, &Default::default()).await.unwrap();
    assert_eq!(r.status, 200);
    let list = r.into_inner();
    let meta = list.meta.clone().unwrap();
    assert_eq!((meta.total, meta.offset), (Some(2), Some(0)));
    let names: Vec<&str> = list.list.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, vec![DB_PLAN, WEB_PLAN]);
    let db = &list.list[0];
    assert_eq!(db.status, ListStatus::ReadyState);
    assert_eq!(db.is_running, Some(false));
    assert_eq!(db.protected_site_name.as_deref(), Some(sim.srm_str("a", "/name").as_str()));
    assert_eq!(db.recovery_site_name.as_deref(), Some(sim.srm_str("b", "/name").as_str()));
    assert_eq!(db.protected_vc_guid.unwrap().to_string(), sim.srm_str("a", "/vc_guid"));
    assert_eq!(db.recovery_vc_guid.unwrap().to_string(), sim.srm_str("b", "/vc_guid"));
    assert_eq!(list.list[1].protected_site_name.as_deref(), Some(sim.srm_str("b", "/name").as_str()));

    let one = a.get_recovery_plan(&pairing, &db.id).await.unwrap().into_inner();
    assert_eq!((one.id.as_str(), one.name.as_str(), one.status), (db.id.as_str(), DB_PLAN, Status::ReadyState));
    assert_eq!((one.location.as_str(), one.description.as_deref()), (db.location.as_str(), db.description.as_deref()));

    // Query parameters: filter, sort descending, paging.
    let by_name = GetAllRecoveryPlansParams { filter_property: Some("name".into()), filter: vec![WEB_PLAN.into()], ..Default::default() };
    let filtered = a.get_all_recovery_plans(&pairing, &by_name).await.unwrap().into_inner();
    assert_eq!(filtered.list.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), vec![WEB_PLAN]);
    let sorted = GetAllRecoveryPlansParams {
        sort_by: Some("name".into()),
        order_by: Some("desc".into()),
        limit: Some("1".into()),
        ..Default::default()
    };
    let page = a.get_all_recovery_plans(&pairing, &sorted).await.unwrap().into_inner();
    assert_eq!(page.list.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), vec![WEB_PLAN]);
    assert_eq!(page.meta.unwrap().total, Some(2));

    // The plans are the same pairing's plans on site B.
    let b = sim.srm("b").await;
    assert_eq!(b.get_recovery_plan(&pairing, &db.id).await.unwrap().inner.name, DB_PLAN);
    // Unknown plan / pairing: 404 without body.
    let err = a.get_recovery_plan(&pairing, "no-such-plan").await.unwrap_err();
    assert_eq!((http_err(&err).status, http_err(&err).operation, http_err(&err).body.clone()), (404, "getRecoveryPlan", None));
    let err = a.get_all_recovery_plans("00000000-0000-4000-8000-000000000000", &Default::default()).await.unwrap_err();
    assert_eq!(http_err(&err).status, 404);
}

#[tokio::test]
async fn plan_actions_without_remote_login_are_401() {
    let sim = Sim::new(150);
    let (a, pairing) = sim.paired().await;
    let plan = plan_id(&a, &pairing, DB_PLAN).await;
    let err = a.run_test_recovery(&pairing, &plan, &TestPlanSpec { sync_data: Some(false) }).await.unwrap_err();
    let h = http_err(&err);
    assert_eq!((h.status, h.operation, h.body.is_none()), (401, "runTestRecovery", true));
    let err = a.run_recovery(&pairing, &plan, &RecoverPlanSpec::default()).await.unwrap_err();
    assert_eq!((http_err(&err).status, http_err(&err).operation), (401, "runRecovery"));
    let err = a.cancel_recovery_plan(&pairing, &plan).await.unwrap_err();
    assert_eq!((http_err(&err).status, http_err(&err).operation), (401, "cancelRecoveryPlan"));
    // Nothing started.
    assert_eq!(status(&a, &pairing, &plan).await, Status::ReadyState);
}

#[tokio::test]
async fn reprotect_before_recovery_is_400_invalid_plan_state() {
    let sim = Sim::new(150);
    let (a, pairing) = sim.paired_remote().await;
    let plan = plan_id(&a, &pairing, DB_PLAN).await;
    let err = a.run_reprotect(&pairing, &plan, &ReprotectPlanSpec { forced: Some(false) }).await.unwrap_err();
    let h = http_err(&err);
    assert_eq!((h.status, h.operation), (400, "runReprotect"));
    assert_eq!(h.code.as_deref(), Some("INVALID_PLAN_STATE"));
    let message = h.message.as_deref().unwrap();
    assert!(message.contains("READY_STATE") && message.contains("RECOVERY_COMPLETE"), "{message}");
    let op_id = h.op_id.as_deref().unwrap();
    assert!(is_uuid(op_id), "{op_id}");
    assert_eq!(h.body.as_ref().unwrap()["op_id"], op_id);
    // Cleanup without a test: the same error for runCleanupTestRecovery.
    let err = a.run_cleanup_test_recovery(&pairing, &plan, &CleanupTestPlanSpec::default()).await.unwrap_err();
    assert_eq!(http_err(&err).code.as_deref(), Some("INVALID_PLAN_STATE"));
    assert_ne!(http_err(&err).op_id.as_deref(), Some(op_id), "every error has its own op_id");
    assert_eq!(status(&a, &pairing, &plan).await, Status::ReadyState);
}

#[tokio::test]
async fn test_cleanup_recovery_reprotect_lifecycle() {
    let sim = Sim::new(150);
    let (a, pairing) = sim.paired_remote().await;
    let plan = plan_id(&a, &pairing, DB_PLAN).await;

    let t = a.run_test_recovery(&pairing, &plan, &TestPlanSpec { sync_data: Some(true) }).await.unwrap();
    assert_eq!(t.status, 202);
    assert_eq!(t.inner.description_id.as_deref(), Some("com.vmware.dr.recovery.plan.test"));
    assert_eq!(t.inner.entity.as_deref(), Some(plan.as_str()));
    let running = a.get_recovery_plan(&pairing, &plan).await.unwrap().into_inner();
    assert_eq!((running.status, running.is_running), (Status::TestInProgress, Some(true)));
    // A second action while one runs: 400.
    let err = a.run_recovery(&pairing, &plan, &RecoverPlanSpec::default()).await.unwrap_err();
    assert_eq!(http_err(&err).code.as_deref(), Some("INVALID_PLAN_STATE"));
    let done = wait_srm(&a, srm_view(&t.inner)).await.unwrap();
    assert_eq!(done.result.as_ref().unwrap()["status"], "TEST_COMPLETE");
    assert_eq!(status(&a, &pairing, &plan).await, Status::TestComplete);

    let t = a.run_cleanup_test_recovery(&pairing, &plan, &CleanupTestPlanSpec { forced: Some(false) }).await.unwrap();
    assert_eq!(status(&a, &pairing, &plan).await, Status::CleanupInProgress);
    wait_srm(&a, srm_view(&t.inner)).await.unwrap();
    assert_eq!(status(&a, &pairing, &plan).await, Status::ReadyState);

    let spec = RecoverPlanSpec {
        planned_failover: Some(true),
        sync_data: Some(true),
        migrate_eligible_vms: Some(false),
        skip_protection_site_operations: Some(false),
    };
    let t = a.run_recovery(&pairing, &plan, &spec).await.unwrap();
    assert_eq!(status(&a, &pairing, &plan).await, Status::RecoveryInProgress);
    wait_srm(&a, srm_view(&t.inner)).await.unwrap();
    assert_eq!(status(&a, &pairing, &plan).await, Status::RecoveryComplete);

    let r = a.run_reprotect(&pairing, &plan, &ReprotectPlanSpec { forced: Some(false) }).await.unwrap();
    assert_eq!(r.status, 202);
    assert!(r.inner.meta.is_none());
    assert!(matches!(r.inner.status, TaskDrResponseEntityStatus::Queued | TaskDrResponseEntityStatus::Running));
    assert_eq!(status(&a, &pairing, &plan).await, Status::ReprotectInProgress);
    let done = wait_srm(&a, srm_view(&r.inner)).await.unwrap();
    assert_eq!(done.state, TaskState::Succeeded);
    let after = a.get_recovery_plan(&pairing, &plan).await.unwrap().into_inner();
    assert_eq!((after.status, after.is_running), (Status::ReadyState, Some(false)));
    // Sites swapped: B now protects, A recovers.
    assert_eq!(after.protected_site_name.as_deref(), Some(sim.srm_str("b", "/name").as_str()));
    assert_eq!(after.recovery_site_name.as_deref(), Some(sim.srm_str("a", "/name").as_str()));
    assert_eq!(after.protected_vc_guid.unwrap().to_string(), sim.srm_str("b", "/vc_guid"));
    assert_eq!(after.recovery_vc_guid.unwrap().to_string(), sim.srm_str("a", "/vc_guid"));
    // The other plan was untouched.
    let web = plan_id(&a, &pairing, WEB_PLAN).await;
    assert_eq!(status(&a, &pairing, &web).await, Status::ReadyState);
}

#[tokio::test]
async fn cancel_a_running_recovery() {
    let sim = Sim::new(150);
    let (a, pairing) = sim.paired_remote().await;
    let plan = plan_id(&a, &pairing, WEB_PLAN).await;
    // Nothing running: cancel is a 400.
    let err = a.cancel_recovery_plan(&pairing, &plan).await.unwrap_err();
    let h = http_err(&err);
    assert_eq!((h.status, h.code.as_deref()), (400, Some("INVALID_PLAN_STATE")));

    sim.handle.set_config(Some(3_000), None);
    let t = a.run_recovery(&pairing, &plan, &RecoverPlanSpec::default()).await.unwrap().into_inner();
    assert_eq!(status(&a, &pairing, &plan).await, Status::RecoveryInProgress);
    let r = a.cancel_recovery_plan(&pairing, &plan).await.unwrap();
    assert_eq!(r.status, 204);
    let started = std::time::Instant::now();
    let err = wait_srm(&a, srm_view(&t)).await.unwrap_err();
    assert!(started.elapsed().as_millis() < 1_000, "cancel ends the task at once");
    let Error::Task(view) = &err else { panic!("expected Error::Task, got {err:?}") };
    assert_eq!((view.id.as_str(), view.state), (t.id.as_str(), TaskState::Cancelled));
    assert_eq!(view.raw["status"], "CANCELLED");
    assert_eq!(view.raw["error"]["message"], "The operation was cancelled by the user.");
    assert!(view.end_time.is_some());
    assert!(err.to_string().contains("cancelled"), "{err}");
    // Plan back to where it started, not running.
    let after = a.get_recovery_plan(&pairing, &plan).await.unwrap().into_inner();
    assert_eq!((after.status, after.is_running), (Status::ReadyState, Some(false)));
}
