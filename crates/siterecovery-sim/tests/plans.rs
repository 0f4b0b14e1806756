mod common;

use std::time::Duration;

use axum::http::StatusCode;
use common::*;
use serde_json::{json, Value};

async fn plan(sim: &Sim, s: &str, pairing: &str, plan: &str) -> Value {
    let r = sim.srm("GET", SRM_A, &format!("/pairings/{pairing}/recovery-management/plans/{plan}"), s, None).await;
    assert_eq!(r.status, StatusCode::OK);
    r.json()
}

async fn act(sim: &Sim, s: &str, pairing: &str, plan: &str, action: &str, body: Value) -> common::Resp {
    let path = format!("/pairings/{pairing}/recovery-management/plans/{plan}/actions/{action}");
    sim.srm("POST", SRM_A, &path, s, Some(body)).await
}

async fn setup(sim: &Sim) -> (String, String, String) {
    let (sa, pairing) = sim.paired().await;
    sim.remote_login(&sa, &pairing).await;
    let id = sim.plan_ids(&sa, &pairing).await[0].clone();
    (sa, pairing, id)
}

#[tokio::test]
async fn full_state_machine_with_zero_duration() {
    let sim = Sim::new(0);
    let (sa, pairing, id) = setup(&sim).await;
    let before = plan(&sim, &sa, &pairing, &id).await;
    assert_eq!(before["status"], "READY_STATE");
    assert!(before["name"].as_str().unwrap().len() > 3);

    // Reprotect before recovery -> 400 with a clear message.
    let r = act(&sim, &sa, &pairing, &id, "reprotect", json!({"forced": false})).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let err = r.json();
    assert_eq!(err["error_code"], "INVALID_PLAN_STATE");
    let msg = err["message"].as_str().unwrap();
    assert!(msg.contains("READY_STATE") && msg.contains("RECOVERY_COMPLETE"), "{msg}");
    assert!(uuid::Uuid::parse_str(err["op_id"].as_str().unwrap()).is_ok());
    // Cleanup before test -> 400 as well.
    let r = act(&sim, &sa, &pairing, &id, "cleanup", json!({})).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);

    for (action, body, expect) in [
        ("test", json!({"sync_data": true}), "TEST_COMPLETE"),
        ("cleanup", json!({"forced": false}), "READY_STATE"),
        ("recovery", json!({"planned_failover": true, "sync_data": true}), "RECOVERY_COMPLETE"),
    ] {
        let r = act(&sim, &sa, &pairing, &id, action, body).await;
        assert_eq!(r.status, StatusCode::ACCEPTED, "{action}");
        assert_eq!(r.json()["status"], "SUCCESS");
        assert_eq!(plan(&sim, &sa, &pairing, &id).await["status"], expect, "after {action}");
    }
    let r = act(&sim, &sa, &pairing, &id, "reprotect", json!({"forced": false})).await;
    assert_eq!(r.status, StatusCode::ACCEPTED);
    let after = plan(&sim, &sa, &pairing, &id).await;
    assert_eq!(after["status"], "READY_STATE");
    assert_eq!(after["protected_site_name"], before["recovery_site_name"]);
    assert_eq!(after["recovery_vc_guid"], before["protected_vc_guid"]);
}

#[tokio::test]
async fn plan_actions_need_remote_login_and_valid_bodies() {
    let sim = Sim::new(0);
    let (sa, pairing) = sim.paired().await;
    let id = sim.plan_ids(&sa, &pairing).await[1].clone();
    let r = act(&sim, &sa, &pairing, &id, "test", json!({})).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(r.body.is_empty());
    sim.remote_login(&sa, &pairing).await;
    let r = act(&sim, &sa, &pairing, &id, "test", json!({"sync_data": "yes"})).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.json()["message"].as_str().unwrap().contains("sync_data"));
    let r = act(&sim, &sa, &pairing, "no-such-plan", "test", json!({})).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = act(&sim, &sa, &pairing, &id, "explode", json!({})).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn in_progress_states_and_cancel() {
    let sim = Sim::new(0);
    let (sa, pairing, id) = setup(&sim).await;
    sim.handle.set_config(Some(400), None);
    let r = act(&sim, &sa, &pairing, &id, "recovery", json!({})).await;
    assert_eq!(r.status, StatusCode::ACCEPTED);
    let task_id = r.json()["id"].as_str().unwrap().to_string();
    let p = plan(&sim, &sa, &pairing, &id).await;
    assert_eq!(p["status"], "RECOVERY_IN_PROGRESS");
    assert_eq!(p["is_running"], true);
    // A second action while running is invalid.
    let r = act(&sim, &sa, &pairing, &id, "test", json!({})).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);

    let r = act(&sim, &sa, &pairing, &id, "cancel", json!({})).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert!(r.body.is_empty());
    let p = plan(&sim, &sa, &pairing, &id).await;
    assert_eq!(p["status"], "READY_STATE");
    assert_eq!(p["is_running"], false);
    tokio::time::sleep(Duration::from_millis(450)).await;
    let t = sim.srm("GET", SRM_A, &format!("/tasks/{task_id}"), &sa, None).await.json();
    assert_eq!(t["status"], "CANCELLED");
    assert_eq!(plan(&sim, &sa, &pairing, &id).await["status"], "READY_STATE", "cancelled task has no effect");
    // Nothing to cancel now.
    let r = act(&sim, &sa, &pairing, &id, "cancel", json!({})).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);

    // Test runs to completion over time.
    let r = act(&sim, &sa, &pairing, &id, "test", json!({})).await;
    assert_eq!(r.status, StatusCode::ACCEPTED);
    assert_eq!(plan(&sim, &sa, &pairing, &id).await["status"], "TEST_IN_PROGRESS");
    tokio::time::sleep(Duration::from_millis(450)).await;
    assert_eq!(plan(&sim, &sa, &pairing, &id).await["status"], "TEST_COMPLETE");
}
