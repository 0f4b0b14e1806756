//! SRM tasks: getRecentTasksInfo, getTaskInfo (404s), both timestamp encodings, waiting
//! options (timeout, abort).
mod common;

use std::sync::atomic::Ordering;
use std::time::Duration;

use common::*;
use siterecovery::poll::WaitOptions;
use siterecovery::srm::params::GetRecentTasksInfoParams;
use siterecovery::srm::types::{TaskStatus, TestPlanSpec};
use siterecovery::task::TaskState;
use siterecovery::{EpochMillis, Error};
use siterecovery_sim::TimestampStyle;

#[tokio::test]
async fn recent_tasks_list_and_get_task_info() {
    let sim = Sim::new(0);
    let (a, pairing) = sim.paired_remote().await;
    let plan = a.get_all_recovery_plans(&pairing, &Default::default()).await.unwrap().inner.list[0].id.clone();
    let test = a.run_test_recovery(&pairing, &plan, &TestPlanSpec::default()).await.unwrap().into_inner();
    assert_eq!(test.status, TaskStatus::Success, "zero duration: done at once");

    let r = a.get_recent_tasks_info(&GetRecentTasksInfoParams::default()).await.unwrap();
    assert_eq!(r.status, 200);
    let list = r.into_inner();
    assert_eq!(list.meta.as_ref().unwrap().total, Some(2));
    let descriptions: Vec<_> = list.list.iter().map(|t| t.description_id.clone().unwrap()).collect();
    assert_eq!(descriptions, vec!["com.vmware.dr.pairing.create", "com.vmware.dr.recovery.plan.test"]);
    assert!(list.list.iter().all(|t| t.status == TaskStatus::Success && t.progress == Some(100)));
    assert_eq!(list.list[1].id, test.id);

    // Paging and sorting.
    let params = GetRecentTasksInfoParams {
        limit: Some("1".into()),
        sort_by: Some("description_id".into()),
        order_by: Some("descending".into()),
        ..Default::default()
    };
    let page = a.get_recent_tasks_info(&params).await.unwrap().into_inner();
    assert_eq!(page.list.len(), 1);
    assert_eq!(page.list[0].id, test.id);
    let links = page.meta.unwrap().links.unwrap();
    assert!(links.next.unwrap().href.unwrap().ends_with("/tasks?limit=1&offset=1"));

    let one = a.get_task_info(&test.id).await.unwrap();
    assert_eq!(one.status, 200);
    assert_eq!(one.inner, test, "getTaskInfo renders the same task as the action's answer");

    // Site B has its own task list: A's tasks are not there.
    let b = sim.srm("b").await;
    assert!(b.get_recent_tasks_info(&Default::default()).await.unwrap().inner.list.is_empty());
    let err = b.get_task_info(&test.id).await.unwrap_err();
    assert_eq!((http_err(&err).status, http_err(&err).operation), (404, "getTaskInfo"));
}

#[tokio::test]
async fn unknown_task_is_404_without_body() {
    let sim = Sim::new(150);
    let a = sim.srm("a").await;
    let err = a.get_task_info("00000000-0000-4000-8000-000000000000").await.unwrap_err();
    let h = http_err(&err);
    assert_eq!((h.status, h.operation), (404, "getTaskInfo"));
    assert_eq!((&h.code, &h.message, &h.op_id, &h.body), (&None, &None, &None, &None));
    assert_eq!(err.status(), Some(404));
    assert!(!err.is_transient());
}

fn ms(t: &Option<siterecovery::srm::types::TaskTime>) -> i64 {
    let e: EpochMillis = t.clone().expect("timestamp").into();
    e.0
}

#[tokio::test]
async fn int64_and_string_timestamps_decode_to_the_same_epoch_millis() {
    let sim = Sim::new(100);
    let (a, pairing) = sim.paired().await;
    let task_id = a.get_recent_tasks_info(&Default::default()).await.unwrap().inner.list[0].id.clone();

    // The wire forms differ...
    let raw_int = raw_srm_task(&a, &task_id).await;
    assert!(raw_int["queued_time"].is_i64(), "{raw_int}");
    sim.handle.set_config(None, Some(TimestampStyle::String));
    let raw_str = raw_srm_task(&a, &task_id).await;
    for key in ["queued_time", "start_time", "complete_time"] {
        let s = raw_str[key].as_str().unwrap_or_else(|| panic!("{key} not a string: {raw_str}"));
        assert!(s.ends_with('Z') && s.contains('T'), "{s}");
    }
    // ...the typed task does not: string run == int64 run, to the millisecond.
    let as_string = a.get_task_info(&task_id).await.unwrap().into_inner();
    sim.handle.set_config(None, Some(TimestampStyle::Int64));
    let as_int = a.get_task_info(&task_id).await.unwrap().into_inner();
    assert_eq!(as_string, as_int);
    assert_eq!(ms(&as_string.queued_time), raw_int["queued_time"].as_i64().unwrap());
    let (q, s, c) = (ms(&as_string.queued_time), ms(&as_string.start_time), ms(&as_string.complete_time));
    assert!(q > 1_600_000_000_000 && q <= s && s <= c, "{q} {s} {c}");
    assert!((98..=102).contains(&(c - q)), "task lasted {} ms", c - q);

    // A task created while strings are on, polled to the end (TaskView times are numbers).
    sim.handle.set_config(None, Some(TimestampStyle::String));
    session_remote(&sim, &a, &pairing).await;
    let plan = a.get_all_recovery_plans(&pairing, &Default::default()).await.unwrap().inner.list[0].id.clone();
    let t = a.run_test_recovery(&pairing, &plan, &TestPlanSpec::default()).await.unwrap().into_inner();
    assert!(raw_srm_task(&a, &t.id).await["queued_time"].is_string());
    let done = wait_srm(&a, srm_view(&t)).await.unwrap();
    assert_eq!(done.state, TaskState::Succeeded);
    let json = serde_json::to_value(&done).unwrap();
    assert!(json["startTime"].is_i64() && json["endTime"].is_i64(), "{json}");
    let (start, end) = (done.start_time.unwrap(), done.end_time.unwrap());
    assert!(start > q && end >= start, "{start} {end}");
    // And the TaskView from the raw string JSON agrees with the typed one.
    let raw_view = siterecovery::task::view(siterecovery::task::TaskApi::Srm, raw_srm_task(&a, &t.id).await, None).unwrap();
    assert_eq!((raw_view.start_time, raw_view.end_time), (done.start_time, done.end_time));
}

async fn session_remote(sim: &Sim, a: &Srm, pairing: &str) {
    siterecovery::session::srm_remote_login(a, pairing, &sim.srm_creds("b")).await.unwrap();
}

#[tokio::test]
async fn a_running_task_has_no_complete_time() {
    let sim = Sim::new(150);
    let a = sim.srm("a").await;
    let t = a.create_pairing(&sim.pairing_spec("a")).await.unwrap().into_inner();
    assert!(t.complete_time.is_none() && t.queued_time.is_some());
    let view = srm_view(&t);
    assert_eq!(view.end_time, None);
    assert!(!view.state.is_terminal());
    assert!(view.progress < 100);
}

#[tokio::test]
async fn wait_times_out_and_the_task_goes_on() {
    let sim = Sim::new(2_000);
    let a = sim.srm("a").await;
    let t = a.create_pairing(&sim.pairing_spec("a")).await.unwrap().into_inner();
    let options = WaitOptions { timeout_ms: Some(80.0), ..fast() };
    let err = wait_srm_with(&TokioClock::new(), &options, &a, srm_view(&t), &mut Vec::new()).await.unwrap_err();
    match &err {
        Error::Timeout { task_id, elapsed_ms, polls } => {
            assert_eq!(task_id, &t.id);
            assert!((80..1_000).contains(elapsed_ms), "{elapsed_ms}");
            assert!(*polls >= 1, "{polls}");
        }
        other => panic!("expected Timeout, got {other:?}"),
    }
    assert_eq!(err.kind(), "timeout");
    let still = a.get_task_info(&t.id).await.unwrap().into_inner();
    assert!(matches!(still.status, TaskStatus::Queued | TaskStatus::Running), "{:?}", still.status);
}

#[tokio::test]
async fn wait_is_aborted_by_the_clock() {
    let sim = Sim::new(2_000);
    let a = sim.srm("a").await;
    let t = a.create_pairing(&sim.pairing_spec("a")).await.unwrap().into_inner();
    let clock = TokioClock::new();
    let flag = clock.abort.clone();
    let (options, mut seen) = (fast(), Vec::new());
    let (result, ()) = tokio::join!(wait_srm_with(&clock, &options, &a, srm_view(&t), &mut seen), async {
        tokio::time::sleep(Duration::from_millis(60)).await;
        flag.store(true, Ordering::SeqCst);
    });
    let err = result.unwrap_err();
    assert_eq!(err, Error::Aborted { task_id: Some(t.id.clone()) });
    assert!(err.is_aborted() && !err.is_transient());
    assert_eq!(err.kind(), "aborted");
    // Bad options are a validation error before any poll.
    sim.handle.clear_requests();
    let bad = WaitOptions { min_delay_ms: 100.0, max_delay_ms: 10.0, ..fast() };
    let err = wait_srm_with(&TokioClock::new(), &bad, &a, srm_view(&t), &mut Vec::new()).await.unwrap_err();
    assert!(matches!(&err, Error::Validation { field, .. } if field == "maxDelayMs"), "{err:?}");
    assert!(sim.handle.requests().is_empty());
}
