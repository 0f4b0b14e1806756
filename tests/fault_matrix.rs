//! Requests counted per action under each fault (issue 9): every call that starts work on the
//! server (the task-returning POSTs and DELETE, and the remote login) is sent exactly once
//! whatever the fault — never retried, the error says what happened — and a wait's polls
//! survive every transient fault and finish. `cargo test --test fault_matrix -- --nocapture`
//! prints the table.
mod common;

use common::*;
use siterecovery::srm::types::{CleanupTestPlanSpec, RecoverPlanSpec, ReprotectPlanSpec, TestPlanSpec};
use siterecovery::task::TaskState;
use siterecovery::Error;
use siterecovery_sim::{Fault, FaultKind};

const ACTIONS: [&str; 9] = [
    "createPairing",
    "reconnectPairing",
    "deletePairing",
    "createRemoteSession",
    "runTestRecovery",
    "runCleanupTestRecovery",
    "runRecovery",
    "runReprotect",
    "pairSite",
];

fn faults() -> Vec<(&'static str, FaultKind)> {
    let status = |status, retry_after_s| FaultKind::Status { status, retry_after_s, retry_after_date_s: None, body: None };
    vec![
        ("500", status(500, None)),
        ("503 + Retry-After", status(503, Some(1))),
        ("429 + Retry-After", status(429, Some(1))),
        ("dropped connection", FaultKind::Drop),
        ("malformed JSON", FaultKind::Malformed),
        ("latency 50 ms", FaultKind::Latency { delay_ms: 50 }),
    ]
}

/// What the action is sent as: method and a path part that names it.
fn request_of(action: &str) -> (&'static str, &'static str) {
    match action {
        "createPairing" => ("POST", "/pairings"),
        "reconnectPairing" => ("POST", "/actions/reconnect"),
        "deletePairing" => ("DELETE", "/pairings/"),
        "createRemoteSession" => ("POST", "/remote-session"),
        "runTestRecovery" => ("POST", "/actions/test"),
        "runCleanupTestRecovery" => ("POST", "/actions/cleanup"),
        "runRecovery" => ("POST", "/actions/recovery"),
        "runReprotect" => ("POST", "/actions/reprotect"),
        _ => ("POST", "/sites"),
    }
}

/// A fresh simulator brought to where `action` is valid, the fault armed for its one request,
/// the action run: (requests the simulator saw for it, the outcome).
async fn run(action: &'static str, fault: FaultKind) -> (usize, Result<(), Error>) {
    let sim = Sim::new(60);
    let (method, path) = request_of(action);
    let arm = |sim: &Sim| {
        sim.handle.clear_requests();
        sim.handle.inject_faults(vec![Fault { method: Some(method.into()), path: Some(path.into()), kind: fault, times: 1 }]);
    };
    let outcome = if action == "pairSite" {
        let r = sim.repl("a").await;
        let req = siterecovery::replication::types::UpdateSiteRequest {
            api_url: Some(sim.vr_str("b", "api_url").parse().unwrap()),
            api_thumbprint: Some(sim.vr_str("b", "api_thumbprint").parse().unwrap()),
            description: None,
        };
        arm(&sim);
        r.pair_site(&req, &Default::default()).await.map(drop)
    } else if action == "createPairing" {
        let a = sim.srm("a").await;
        arm(&sim);
        a.create_pairing(&sim.pairing_spec("a")).await.map(drop)
    } else {
        let (a, pairing) = sim.paired_remote().await;
        let plans = a.get_all_recovery_plans(&pairing, &Default::default()).await.unwrap().into_inner();
        let plan = plans.list[0].id.clone();
        match action {
            "runCleanupTestRecovery" => {
                let t = a.run_test_recovery(&pairing, &plan, &TestPlanSpec { sync_data: Some(false) }).await.unwrap().into_inner();
                wait_srm(&a, srm_view(&t)).await.unwrap();
            }
            "runReprotect" => {
                let t = a.run_recovery(&pairing, &plan, &RecoverPlanSpec::default()).await.unwrap().into_inner();
                wait_srm(&a, srm_view(&t)).await.unwrap();
            }
            _ => {}
        }
        arm(&sim);
        match action {
            "reconnectPairing" => a.reconnect_pairing(&pairing, &sim.pairing_spec("a")).await.map(drop),
            "deletePairing" => a.delete_pairing(&pairing).await.map(drop),
            "createRemoteSession" => siterecovery::session::srm_remote_login(&a, &pairing, &sim.srm_creds("b")).await,
            "runTestRecovery" => a.run_test_recovery(&pairing, &plan, &TestPlanSpec { sync_data: Some(false) }).await.map(drop),
            "runCleanupTestRecovery" => a.run_cleanup_test_recovery(&pairing, &plan, &CleanupTestPlanSpec::default()).await.map(drop),
            "runRecovery" => a.run_recovery(&pairing, &plan, &RecoverPlanSpec::default()).await.map(drop),
            _ => a.run_reprotect(&pairing, &plan, &ReprotectPlanSpec { forced: Some(false) }).await.map(drop),
        }
    };
    (sim.requests(method, path).len(), outcome)
}

#[tokio::test]
async fn every_action_is_sent_once_under_every_fault() {
    // All cells at once (each its own simulator), on this thread: the client is not `Send`.
    let local = tokio::task::LocalSet::new();
    let mut cells = Vec::new();
    for action in ACTIONS {
        for (name, fault) in faults() {
            cells.push((action, name, local.spawn_local(run(action, fault))));
        }
    }
    let cells = local
        .run_until(async move {
            let mut done = Vec::new();
            for (action, name, cell) in cells {
                done.push((action, name, cell.await.unwrap()));
            }
            done
        })
        .await;
    let names: Vec<&str> = faults().iter().map(|(name, _)| *name).collect();
    println!("{:<24} {}", "action \\ fault", names.iter().map(|n| format!("{n:>20}")).collect::<String>());
    let mut wrong = Vec::new();
    for row in cells.chunks(names.len()) {
        let mut line = format!("{:<24}", row[0].0);
        for (action, fault, (sent, outcome)) in row {
            let shown = match outcome {
                Ok(()) => "ok".to_string(),
                Err(e) => e.kind().to_string(),
            };
            line.push_str(&format!("{:>20}", format!("{sent} sent, {shown}")));
            // Sent once; a fault that stops the answer is an error of the kind it calls for,
            // latency only delays it. (The simulator's malformed answer is a 200, a status none
            // of these operations documents: an `http` error, as an unexpected status is.)
            let expected = match *fault {
                "latency 50 ms" => "ok",
                "dropped connection" => "network",
                _ => "http",
            };
            if *sent != 1 || shown != expected {
                wrong.push(format!("{action} under {fault}: {sent} sent, {shown} (expected 1 sent, {expected})"));
            }
        }
        println!("{line}");
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Polls under each transient fault: the wait finishes, and the GETs are the faulted ones plus
/// the ones that answered.
#[tokio::test]
async fn a_wait_survives_every_transient_fault() {
    for (name, fault) in faults() {
        let sim = Sim::new(150);
        let a = sim.srm("a").await;
        let t = a.create_pairing(&sim.pairing_spec("a")).await.unwrap().into_inner();
        let path = format!("/tasks/{}", t.id);
        sim.handle.inject_faults(vec![Fault { method: Some("GET".into()), path: Some(path.clone()), kind: fault, times: 2 }]);
        let done = wait_srm(&a, srm_view(&t)).await.unwrap_or_else(|e| panic!("the wait failed under {name}: {e}"));
        assert_eq!(done.state, TaskState::Succeeded, "{name}");
        let gets = sim.requests("GET", &path);
        let faulted = gets.iter().filter(|r| r.fault.is_some()).count();
        println!("poll under {name:<20}: {} GETs, {faulted} of them faulted", gets.len());
        assert_eq!(faulted, 2, "{name}: both faults were hit");
        assert!(gets.len() > faulted, "{name}: polls answered after the faults");
    }
}
