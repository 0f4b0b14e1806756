//! SRM pairings: createPairing (task + poll::wait), getPairings/getPairing on both sites,
//! `_meta.errors`, failing pairings, reconnectPairing, deletePairing.
mod common;

use common::*;
use siterecovery::srm::params::GetPairingsParams;
use siterecovery::srm::types::{ServerInfoServerStatus, TaskDrResponseEntityStatus};
use siterecovery::task::TaskState;
use siterecovery::{session, Error};

#[tokio::test]
async fn create_pairing_is_a_task_polled_to_success_with_rising_progress() {
    let sim = Sim::new(150);
    let a = sim.srm("a").await;
    let r = a.create_pairing(&sim.pairing_spec("a")).await.unwrap();
    assert_eq!(r.status, 202);
    let task = r.into_inner();
    assert!(matches!(task.status, TaskDrResponseEntityStatus::Queued | TaskDrResponseEntityStatus::Running), "{:?}", task.status);
    assert_eq!(task.description_id.as_deref(), Some("com.vmware.dr.pairing.create"));
    assert_eq!(task.entity_name.as_deref(), Some(sim.srm_str("b", "/name").as_str()));
    assert!(task.meta.is_none(), "no soft errors for a full spec: {:?}", task.meta);
    assert!(task.complete_time.is_none());
    let pairing_id = task.entity.clone().unwrap();
    assert!(is_uuid(&pairing_id) && is_uuid(&task.id));

    let clock = TokioClock::new();
    let mut seen = Vec::new();
    let done = wait_srm_with(&clock, &fast(), &a, srm_view(&task), &mut seen).await.unwrap();
    assert_eq!((done.id.as_str(), done.state, done.progress), (task.id.as_str(), TaskState::Succeeded, 100));
    assert_eq!(done.result.as_ref().unwrap()["pairing_id"], pairing_id.as_str());
    let (start, end) = (done.start_time.unwrap(), done.end_time.unwrap());
    assert!(start > 1_600_000_000_000 && end >= start, "{start} {end}");
    // onProgress: first the initial task, then only changes, progress never falling.
    assert!(seen.len() >= 2, "{seen:?}");
    assert_eq!(seen[0].id, task.id);
    assert_eq!(seen.last().unwrap().state, TaskState::Succeeded);
    for w in seen.windows(2) {
        assert_ne!(w[0].progress_key(), w[1].progress_key(), "reported without a change: {seen:?}");
        assert!(w[1].progress >= w[0].progress, "progress fell: {seen:?}");
    }
    // More polls than reports would show the dedup; at least the GETs happened.
    let polls = sim.requests("GET", &format!("/tasks/{}", task.id)).len();
    assert!(polls >= seen.len() - 1, "{polls} polls, {} reports", seen.len());
}

#[tokio::test]
async fn pairing_is_listed_and_readable_on_both_sites() {
    let sim = Sim::new(150);
    let (a, pairing_id) = sim.paired().await;
    let b = sim.srm("b").await;
    for (client, local, remote) in [(&a, "a", "b"), (&b, "b", "a")] {
        let list = client.get_pairings(&GetPairingsParams::default()).await.unwrap().into_inner();
        let meta = list.meta.clone().unwrap();
        assert_eq!((meta.total, meta.offset, meta.limit), (Some(1), Some(0), Some(100)));
        assert_eq!(list.list.len(), 1);
        let p = &list.list[0];
        assert_eq!(p.pairing_id.unwrap().to_string(), pairing_id);
        let lvc = p.local_vc_server.as_ref().unwrap();
        let rvc = p.remote_vc_server.as_ref().unwrap();
        assert_eq!(lvc.id.unwrap().to_string(), sim.srm_str(local, "/vc_guid"));
        assert_eq!(rvc.id.unwrap().to_string(), sim.srm_str(remote, "/vc_guid"));
        assert_eq!(lvc.name.as_deref(), Some(sim.srm_str(local, "/vc_name").as_str()));
        let lsrm = p.local_srm_server.as_ref().unwrap();
        assert_eq!(lsrm.url.as_deref(), Some(sim.srm_str(local, "/url").as_str()));
        assert_eq!(lsrm.id.unwrap().to_string(), sim.srm_str(local, "/srm_id"));
        assert_eq!(lsrm.server_status, Some(ServerInfoServerStatus::Ok));
        assert_eq!(p.remote_srm_server.as_ref().unwrap().name.as_deref(), Some(sim.srm_str(remote, "/name").as_str()));

        let one = client.get_pairing(&pairing_id).await.unwrap();
        assert_eq!(one.status, 200);
        let one = one.into_inner();
        assert_eq!(one.pairing_id, p.pairing_id);
        assert_eq!(one.local_vc_server.as_ref(), Some(lvc));
        assert_eq!(one.remote_srm_server, p.remote_srm_server);
    }
}

#[tokio::test]
async fn get_pairings_sends_limit_and_offset() {
    let sim = Sim::new(150);
    let (a, pairing_id) = sim.paired().await;
    let page =
        |limit: &str, offset: &str| GetPairingsParams { limit: Some(limit.into()), offset: Some(offset.into()), ..Default::default() };
    let second = a.get_pairings(&page("1", "1")).await.unwrap().into_inner();
    assert!(second.list.is_empty());
    let meta = second.meta.unwrap();
    assert_eq!((meta.total, meta.offset, meta.limit), (Some(1), Some(1), Some(1)));
    let links = meta.links.unwrap();
    assert!(links.next.is_none());
    assert!(links.previous.unwrap().href.unwrap().ends_with("/pairings?limit=1&offset=0"));
    let first = a.get_pairings(&page("1", "0")).await.unwrap().into_inner();
    assert_eq!(first.list[0].pairing_id.unwrap().to_string(), pairing_id);
    assert!(first.meta.unwrap().links.unwrap().self_.unwrap().href.unwrap().ends_with("/pairings?limit=1&offset=0"));
    // filter on a nested field, with a value that does not match.
    let filtered =
        GetPairingsParams { filter_property: Some("remote_srm_server.name".into()), filter: vec!["Site Z".into()], ..Default::default() };
    let none = a.get_pairings(&filtered).await.unwrap().into_inner();
    assert_eq!((none.list.len(), none.meta.unwrap().total), (0, Some(0)));
    let filtered = GetPairingsParams { filter: vec!["Site Z".into(), sim.srm_str("b", "/name")], ..filtered };
    assert_eq!(a.get_pairings(&filtered).await.unwrap().inner.list.len(), 1);
    // A limit that is not a number: 400 ResponseError.
    let err = a.get_pairings(&page("ten", "0")).await.unwrap_err();
    let h = http_err(&err);
    assert_eq!((h.status, h.code.as_deref()), (400, Some("INVALID_QUERY_PARAMETER")));
    assert!(is_uuid(h.op_id.as_deref().unwrap()));
}

#[tokio::test]
async fn srm_url_without_thumbprint_gives_meta_errors() {
    let sim = Sim::new(150);
    let a = sim.srm("a").await;
    let mut spec = sim.pairing_spec("a");
    spec.pair_srm_url = Some(sim.srm_str("b", "/url"));
    let task = a.create_pairing(&spec).await.unwrap().into_inner();
    let errors = task.meta.clone().and_then(|m| m.errors).expect("_meta.errors");
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].field, "pair_srm_thumbprint");
    assert_eq!(errors[0].code.as_deref(), Some("MISSING_SRM_THUMBPRINT"));
    assert!(errors[0].message.as_deref().unwrap().contains("pair_srm_thumbprint"));
    // A soft error only: the pairing still succeeds.
    assert_eq!(wait_srm(&a, srm_view(&task)).await.unwrap().state, TaskState::Succeeded);
    // With the right thumbprint: no _meta at all.
    let b = sim.srm("b").await;
    let mut spec = sim.pairing_spec("b");
    spec.pair_srm_url = Some(sim.srm_str("a", "/url"));
    spec.pair_srm_thumbprint = Some(sim.srm_str("a", "/srm_thumbprint"));
    let task = b.create_pairing(&spec).await.unwrap().into_inner();
    assert!(task.meta.is_none());
}

#[tokio::test]
async fn wrong_remote_password_ends_the_task_in_error() {
    let sim = Sim::new(150);
    let a = sim.srm("a").await;
    let mut spec = sim.pairing_spec("a");
    spec.pair_psc_info.password = "wrong-password".into();
    let r = a.create_pairing(&spec).await.unwrap();
    assert_eq!(r.status, 202, "the POST itself is accepted; the task fails");
    let err = wait_srm(&a, srm_view(&r.inner)).await.unwrap_err();
    let Error::Task(view) = &err else { panic!("expected Error::Task, got {err:?}") };
    assert_eq!(view.id, r.inner.id);
    assert_eq!(view.state, TaskState::Failed);
    let failure = view.error.as_ref().unwrap();
    assert_eq!(failure.message, "Cannot log in to the remote Platform Services Controller: invalid credentials.");
    assert_eq!(failure.details.as_deref(), Some("Authentication failed for the given username and password."));
    assert_eq!(err.kind(), "task");
    assert_eq!(err.task_id(), Some(r.inner.id.as_str()));
    assert!(err.to_string().contains("invalid credentials"), "{err}");
    // Nothing got paired.
    assert!(a.get_pairings(&Default::default()).await.unwrap().inner.list.is_empty());
}

#[tokio::test]
async fn other_failing_specs() {
    let sim = Sim::new(0);
    let a = sim.srm("a").await;
    // Pairing with yourself.
    let mut spec = sim.pairing_spec("a");
    spec.pair_vc_guid = sim.srm_str("a", "/vc_guid");
    let t = a.create_pairing(&spec).await.unwrap().into_inner();
    assert_eq!(t.status, TaskDrResponseEntityStatus::Error);
    assert!(t.error.as_ref().and_then(|e| e.0.as_ref()).and_then(|e| e.message.clone()).unwrap().contains("itself"));
    // A PSC thumbprint that does not match.
    let mut spec = sim.pairing_spec("a");
    spec.pair_psc_info.thumbprint = Some(sim.srm_str("a", "/psc/thumbprint"));
    let t = a.create_pairing(&spec).await.unwrap().into_inner();
    assert_eq!(t.status, TaskDrResponseEntityStatus::Error);
    // A port no PSC listens on (the spec's int32 allows 70000): the task fails to connect.
    let mut spec = sim.pairing_spec("a");
    spec.pair_psc_info.port = 70000;
    let t = a.create_pairing(&spec).await.unwrap().into_inner();
    assert_eq!(t.status, TaskDrResponseEntityStatus::Error);
    assert!(t.error.and_then(|e| e.0).and_then(|e| e.message).unwrap().contains(":70000"));
    // A second pairing while one exists fails its task.
    a.create_pairing(&sim.pairing_spec("a")).await.unwrap();
    let t = a.create_pairing(&sim.pairing_spec("a")).await.unwrap().into_inner();
    assert_eq!(t.status, TaskDrResponseEntityStatus::Error);
    assert!(t.error.and_then(|e| e.0).and_then(|e| e.message).unwrap().contains("already paired"));
}

#[tokio::test]
async fn reconnect_pairing() {
    let sim = Sim::new(150);
    let (a, pairing_id) = sim.paired().await;
    let r = a.reconnect_pairing(&pairing_id, &sim.pairing_spec("a")).await.unwrap();
    assert_eq!(r.status, 202);
    assert_eq!(r.inner.description_id.as_deref(), Some("com.vmware.dr.pairing.reconnect"));
    assert_eq!(r.inner.entity.as_deref(), Some(pairing_id.as_str()));
    let done = wait_srm(&a, srm_view(&r.inner)).await.unwrap();
    assert_eq!(done.result.unwrap()["pairing_id"], pairing_id.as_str());
    // Still exactly one pairing.
    assert_eq!(a.get_pairings(&Default::default()).await.unwrap().inner.list.len(), 1);
    // Reconnecting with a wrong password fails the task.
    let mut spec = sim.pairing_spec("a");
    spec.pair_psc_info.password = "bad".into();
    let r = a.reconnect_pairing(&pairing_id, &spec).await.unwrap();
    let err = wait_srm(&a, srm_view(&r.inner)).await.unwrap_err();
    assert!(matches!(&err, Error::Task(t) if t.state == TaskState::Failed), "{err:?}");
    // Unknown pairing: 404 without body.
    let err = a.reconnect_pairing("00000000-0000-4000-8000-000000000000", &sim.pairing_spec("a")).await.unwrap_err();
    let h = http_err(&err);
    assert_eq!((h.status, h.operation, h.body.is_none()), (404, "reconnectPairing", true));
}

#[tokio::test]
async fn delete_pairing_then_get_pairing_is_404() {
    let sim = Sim::new(150);
    let (a, pairing_id) = sim.paired().await;
    // Needs the remote login first (connectivity contract not-authenticated: ERROR).
    let err = a.delete_pairing(&pairing_id).await.unwrap_err();
    assert_eq!((http_err(&err).status, http_err(&err).operation), (401, "deletePairing"));
    session::srm_remote_login(&a, &pairing_id, &sim.srm_creds("b")).await.unwrap();
    let r = a.delete_pairing(&pairing_id).await.unwrap();
    assert_eq!(r.status, 202);
    assert_eq!(r.inner.description_id.as_deref(), Some("com.vmware.dr.pairing.delete"));
    wait_srm(&a, srm_view(&r.inner)).await.unwrap();
    let err = a.get_pairing(&pairing_id).await.unwrap_err();
    let h = http_err(&err);
    assert_eq!((h.status, h.operation, h.code.clone(), h.body.clone()), (404, "getPairing", None, None));
    // Gone on the other site too, and the list is empty.
    let b = sim.srm("b").await;
    assert_eq!(http_err(&b.get_pairing(&pairing_id).await.unwrap_err()).status, 404);
    assert_eq!(a.get_pairings(&Default::default()).await.unwrap().inner.meta.unwrap().total, Some(0));
    // Deleting again: 404.
    assert_eq!(http_err(&a.delete_pairing(&pairing_id).await.unwrap_err()).status, 404);
}

#[tokio::test]
async fn empty_path_parameters_are_rejected_before_sending() {
    let sim = Sim::new(150);
    let a = sim.srm("a").await;
    sim.handle.clear_requests();
    let err = a.get_pairing(" ").await.unwrap_err();
    assert!(matches!(&err, Error::Validation { field, .. } if field == "pairing_id"), "{err:?}");
    let err = a.get_recovery_plan("p", "").await.unwrap_err();
    assert!(matches!(&err, Error::Validation { field, .. } if field == "plan_id"), "{err:?}");
    assert!(sim.handle.requests().is_empty());
}
