//! Errors and resilience against injected faults: error bodies, Retry-After, malformed and
//! dropped responses, extra fields, polling retries, vanished tasks, POSTs never retried.
mod common;

use std::time::Instant;

use common::*;
use serde_json::json;
use siterecovery::poll::WaitOptions;
use siterecovery::srm::types::TaskDrResponseEntityStatus;
use siterecovery::task::TaskState;
use siterecovery::{EpochMillis, Error};
use siterecovery_sim::{Fault, FaultKind};

fn fault(method: &str, path: &str, kind: FaultKind, times: u32) -> Fault {
    Fault { method: Some(method.into()), path: Some(path.into()), kind, times }
}

fn status(status: u16, retry_after_s: Option<u64>, body: Option<serde_json::Value>) -> FaultKind {
    FaultKind::Status { status, retry_after_s, retry_after_date_s: None, body }
}

#[tokio::test]
async fn server_error_body_is_decoded() {
    let sim = Sim::new(150);
    let a = sim.srm("a").await;
    let op_id = "3f2b8c4e-9d1a-4e7b-8c55-0a1b2c3d4e5f";
    let body = json!({"error_code": "INTERNAL_ERROR", "message": "Database is on fire.", "op_id": op_id});
    sim.handle.inject_faults(vec![fault("GET", "/pairings", status(500, None, Some(body.clone())), 1)]);
    let err = a.get_pairings(&Default::default()).await.unwrap_err();
    let h = http_err(&err);
    assert_eq!((h.status, h.operation), (500, "getPairings"));
    assert_eq!(
        (h.code.as_deref(), h.message.as_deref(), h.op_id.as_deref()),
        (Some("INTERNAL_ERROR"), Some("Database is on fire."), Some(op_id))
    );
    assert_eq!(h.body.as_ref(), Some(&body));
    assert_eq!(h.retry_after_ms, None);
    assert!(err.is_transient());
    assert_eq!(err.to_string(), format!("getPairings failed with HTTP 500 INTERNAL_ERROR: Database is on fire. (op_id {op_id})"));
    // The sim's default fault body is a ResponseError too.
    sim.handle.inject_faults(vec![fault("GET", "/session", status(403, None, None), 1)]);
    let err = a.get_current_session().await.unwrap_err();
    let h = http_err(&err);
    assert_eq!((h.status, h.code.as_deref()), (403, Some("FORBIDDEN")));
    assert_eq!(h.message.as_deref(), Some("Simulated fault: Forbidden"));
    assert!(is_uuid(h.op_id.as_deref().unwrap()));
    assert!(!err.is_transient());
    // Fault used up: the next call works.
    assert_eq!(a.get_current_session().await.unwrap().status, 200);
}

#[tokio::test]
async fn too_many_requests_carries_retry_after() {
    let sim = Sim::new(150);
    let a = sim.srm("a").await;
    sim.handle.inject_faults(vec![fault("GET", "/tasks", status(429, Some(3), None), 1)]);
    let err = a.get_recent_tasks_info(&Default::default()).await.unwrap_err();
    let h = http_err(&err);
    assert_eq!((h.status, h.retry_after_ms), (429, Some(3_000)));
    assert_eq!(err.retry_after_ms(), Some(3_000));
    assert!(err.is_transient());
    // h4 too (ApiError body).
    let r = sim.repl("a").await;
    sim.handle.inject_faults(vec![fault("GET", "/vr/a/sites", status(503, Some(1), None), 1)]);
    let err = r.get_sites(&Default::default()).await.unwrap_err();
    let h = http_err(&err);
    assert_eq!((h.status, h.retry_after_ms, h.code.as_deref()), (503, Some(1_000), Some("GeneralServerFailure")));
}

#[tokio::test]
async fn malformed_json_on_success_is_a_decode_error() {
    let sim = Sim::new(150);
    let a = sim.srm("a").await;
    sim.handle.inject_faults(vec![fault("GET", "/pairings", FaultKind::Malformed, 1)]);
    let err = a.get_pairings(&Default::default()).await.unwrap_err();
    assert!(matches!(&err, Error::Decode { status: Some(200), .. }), "{err:?}");
    assert_eq!((err.kind(), err.status()), ("decode", Some(200)));
    // A well-formed body of the wrong shape names the field.
    let body = json!({"list": [{"pairing_id": "not-a-uuid"}], "_meta": {"total": 1}});
    sim.handle.inject_faults(vec![fault("GET", "/pairings", status(200, None, Some(body)), 1)]);
    let err = a.get_pairings(&Default::default()).await.unwrap_err();
    match &err {
        Error::Decode { status, field, .. } => assert_eq!((*status, field.as_deref()), (Some(200), Some("list[0].pairing_id"))),
        other => panic!("expected Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn dropped_connection_is_a_network_error() {
    let sim = Sim::new(150);
    let a = sim.srm("a").await;
    sim.handle.inject_faults(vec![fault("GET", "/pairings", FaultKind::Drop, 1)]);
    let err = a.get_pairings(&Default::default()).await.unwrap_err();
    match &err {
        Error::Network { message } => assert!(message.contains("dropped"), "{message}"),
        other => panic!("expected Network, got {other:?}"),
    }
    assert_eq!((err.kind(), err.status()), ("network", None));
    assert!(err.is_transient() && !err.is_aborted());
    let log = sim.requests("GET", "/pairings");
    assert_eq!((log.len(), log[0].status, log[0].fault.as_deref()), (1, 0, Some("drop")));
}

/// A transport whose caller's signal has fired: every request ends aborted.
struct Aborting;

impl siterecovery::Transport for Aborting {
    async fn send(&self, _: siterecovery::Request) -> Result<siterecovery::Response, siterecovery::TransportError> {
        Err(siterecovery::TransportError { message: "The operation was aborted.".into(), aborted: true })
    }
}

#[tokio::test]
async fn an_aborted_request_is_an_aborted_error() {
    let a = siterecovery::srm::Client::new(siterecovery::ApiClient::new(BASE, Aborting).unwrap());
    let err = a.get_pairings(&Default::default()).await.unwrap_err();
    assert_eq!(err, Error::Aborted { task_id: None });
    assert!(err.is_aborted() && !err.is_transient());
    assert_eq!((err.kind(), err.status(), err.task_id()), ("aborted", None, None));
}

#[tokio::test]
async fn unknown_extra_fields_are_ignored() {
    let sim = Sim::new(150);
    let a = sim.srm("a").await;
    let pairing = json!({
        "pairing_id": "5b0c9f5e-1d2e-4f3a-9b8c-7d6e5f4a3b2c",
        "brand_new_field": {"nested": [1, 2, 3]},
        "local_vc_server": {"id": "6c1d0a6f-2e3f-4a4b-8c9d-8e7f6a5b4c3d", "name": "vc", "server_status": "OK", "also_new": true},
    });
    sim.handle.inject_faults(vec![fault("GET", "/pairings/", status(200, None, Some(pairing)), 1)]);
    let p = a.get_pairing("5b0c9f5e-1d2e-4f3a-9b8c-7d6e5f4a3b2c").await.unwrap().into_inner();
    assert_eq!(p.pairing_id.unwrap().to_string(), "5b0c9f5e-1d2e-4f3a-9b8c-7d6e5f4a3b2c");
    assert_eq!(p.local_vc_server.unwrap().name.as_deref(), Some("vc"));
    // A 202 task with extra fields (and a string timestamp) decodes too.
    let task = json!({
        "id": "task-1", "status": "RUNNING", "progress": 5, "queued_time": "2024-05-01T12:00:00.123Z",
        "unexpected": "yes", "_meta": {"errors": [], "extra": 1},
    });
    sim.handle.inject_faults(vec![fault("POST", "/pairings", status(202, None, Some(task)), 1)]);
    let t = a.create_pairing(&sim.pairing_spec("a")).await.unwrap().into_inner();
    assert_eq!((t.id.as_str(), t.status, t.progress), ("task-1", TaskDrResponseEntityStatus::Running, Some(5)));
    assert_eq!(EpochMillis::from(t.queued_time.unwrap()), EpochMillis(1_714_564_800_123));
    assert_eq!(t.meta.unwrap().errors, Some(vec![]));
}

#[tokio::test]
async fn polling_retries_transient_failures_and_still_succeeds() {
    let sim = Sim::new(150);
    let a = sim.srm("a").await;
    let t = a.create_pairing(&sim.pairing_spec("a")).await.unwrap().into_inner();
    let path = format!("/tasks/{}", t.id);
    sim.handle.inject_faults(vec![
        fault("GET", &path, status(503, None, None), 2),
        fault("GET", &path, FaultKind::Drop, 1),
        fault("GET", &path, FaultKind::Malformed, 1),
    ]);
    let done = wait_srm(&a, srm_view(&t)).await.unwrap();
    assert_eq!(done.state, TaskState::Succeeded);
    let statuses: Vec<u16> = sim.requests("GET", &path).iter().map(|r| r.status).collect();
    assert_eq!(&statuses[..4], &[503, 503, 0, 200], "{statuses:?}");
    assert!(statuses[4..].iter().all(|s| *s == 200), "{statuses:?}");
}

#[tokio::test]
async fn polling_honours_retry_after() {
    let sim = Sim::new(100);
    let a = sim.srm("a").await;
    let t = a.create_pairing(&sim.pairing_spec("a")).await.unwrap().into_inner();
    sim.handle.inject_faults(vec![fault("GET", &format!("/tasks/{}", t.id), status(429, Some(1), None), 1)]);
    let started = Instant::now();
    wait_srm(&a, srm_view(&t)).await.unwrap();
    let elapsed = started.elapsed().as_millis();
    assert!(elapsed >= 1_000, "waited only {elapsed} ms after Retry-After: 1");
}

#[tokio::test]
async fn too_many_poll_failures_give_a_poll_error_with_the_task_id() {
    let sim = Sim::new(150);
    let a = sim.srm("a").await;
    let t = a.create_pairing(&sim.pairing_spec("a")).await.unwrap().into_inner();
    let path = format!("/tasks/{}", t.id);
    sim.handle.inject_faults(vec![fault("GET", &path, status(503, None, None), 10)]);
    let options = WaitOptions { max_poll_failures: 2, ..fast() };
    let err = wait_srm_with(&TokioClock::new(), &options, &a, srm_view(&t), &mut Vec::new()).await.unwrap_err();
    match &err {
        Error::Poll { task_id, source } => {
            assert_eq!(task_id, &t.id);
            assert_eq!(http_err(source).status, 503);
            assert_eq!(http_err(source).operation, "getTaskInfo");
        }
        other => panic!("expected Poll, got {other:?}"),
    }
    assert_eq!((err.task_id(), err.status(), err.kind()), (Some(t.id.as_str()), Some(503), "http"));
    assert_eq!(sim.requests("GET", &path).len(), 3, "1 try + 2 tolerated failures");
}

#[tokio::test]
async fn a_vanished_task_is_a_poll_error_with_404() {
    let sim = Sim::new(2_000);
    let a = sim.srm("a").await;
    let t = a.create_pairing(&sim.pairing_spec("a")).await.unwrap().into_inner();
    sim.handle.inject_faults(vec![Fault { method: None, path: None, kind: FaultKind::VanishTask { task_id: t.id.clone() }, times: 1 }]);
    let err = wait_srm(&a, srm_view(&t)).await.unwrap_err();
    match &err {
        Error::Poll { task_id, source } => {
            assert_eq!(task_id, &t.id);
            assert_eq!((http_err(source).status, http_err(source).body.clone()), (404, None));
        }
        other => panic!("expected Poll, got {other:?}"),
    }
    assert_eq!(sim.requests("GET", &format!("/tasks/{}", t.id)).len(), 1, "404 is not retried");
    // h4 the same way.
    let r = sim.repl("a").await;
    let req = siterecovery::replication::types::UpdateSiteRequest {
        api_url: Some(sim.vr_str("b", "api_url").parse().unwrap()),
        api_thumbprint: Some(sim.vr_str("b", "api_thumbprint").parse().unwrap()),
        description: None,
    };
    let task = r.pair_site(&req, &Default::default()).await.unwrap().into_inner();
    let id = task.id.unwrap().to_string();
    sim.handle.inject_faults(vec![Fault { method: None, path: None, kind: FaultKind::VanishTask { task_id: id.clone() }, times: 1 }]);
    let err = wait_h4(&r, h4_view(&task), &mut Vec::new()).await.unwrap_err();
    assert!(matches!(&err, Error::Poll { task_id, .. } if task_id == &id), "{err:?}");
    assert_eq!(err.http().unwrap().code.as_deref(), Some("NotFound"), "Error::http() sees through Poll");
}

#[tokio::test]
async fn a_failed_post_is_never_retried() {
    let sim = Sim::new(150);
    let a = sim.srm("a").await;
    sim.handle.clear_requests();
    sim.handle.inject_faults(vec![fault("POST", "/pairings", status(503, Some(1), None), 1)]);
    let err = a.create_pairing(&sim.pairing_spec("a")).await.unwrap_err();
    let h = http_err(&err);
    assert_eq!((h.status, h.operation, h.code.as_deref()), (503, "createPairing", Some("SERVICE_UNAVAILABLE")));
    assert_eq!(h.retry_after_ms, Some(1_000));
    let posts = sim.requests("POST", "/pairings");
    assert_eq!(posts.len(), 1, "{posts:?}");
    assert_eq!((posts[0].status, posts[0].fault.as_deref()), (503, Some("status")));
    assert_eq!(sim.handle.requests().len(), 1, "nothing else was sent");
    // A dropped POST is not repeated either.
    sim.handle.inject_faults(vec![fault("POST", "/pairings", FaultKind::Drop, 1)]);
    assert!(matches!(a.create_pairing(&sim.pairing_spec("a")).await, Err(Error::Network { .. })));
    assert_eq!(sim.requests("POST", "/pairings").len(), 2);
}

#[tokio::test]
async fn expired_sessions_answer_401() {
    let sim = Sim::new(150);
    let a = sim.srm("a").await;
    let r = sim.repl("a").await;
    sim.handle.inject_faults(vec![Fault { method: None, path: None, kind: FaultKind::ExpireSessions { site: None }, times: 1 }]);
    assert_eq!(http_err(&a.get_current_session().await.unwrap_err()).status, 401);
    assert_eq!(http_err(&r.get_sites(&Default::default()).await.unwrap_err()).code.as_deref(), Some("NotAuthenticated"));
}
