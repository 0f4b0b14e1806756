mod common;

use std::time::{Duration, Instant};

use axum::http::StatusCode;
use common::*;
use serde_json::json;
use siterecovery_sim::{Fault, FaultKind, RequestRecord, SimConfig};

async fn admin_faults(sim: &Sim, faults: serde_json::Value) {
    let r = sim.send("POST", "/_sim/faults", &[], Some(faults)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", String::from_utf8_lossy(&r.body));
}

#[tokio::test]
async fn status_faults_with_retry_after_then_recover() {
    let sim = Sim::new(0);
    let sa = sim.srm_login("a").await;
    admin_faults(
        &sim,
        json!([
            {"kind": "status", "status": 503, "retry_after_s": 2, "method": "GET", "path": "/pairings", "times": 1},
            {"kind": "status", "status": 429, "retry_after_s": 1, "path": "/vr/a/sites"},
            {"kind": "status", "status": 500, "method": "POST", "path": "/srm/b/", "times": 2},
        ]),
    )
    .await;
    let r = sim.srm("GET", SRM_A, "/pairings", &sa, None).await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(r.header("retry-after").as_deref(), Some("2"));
    assert!(r.json()["op_id"].is_string(), "SRM error body is a ResponseError");
    let r = sim.srm("GET", SRM_A, "/pairings", &sa, None).await;
    assert_eq!(r.status, StatusCode::OK, "fault used up");

    let r = sim.send("GET", "/vr/a/sites", &[], None).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(r.header("retry-after").as_deref(), Some("1"));

    let auth = basic(USER, "site-b-secret");
    for _ in 0..2 {
        let r = sim.send("POST", &format!("{SRM_B}/session"), &[("authorization", &auth)], None).await;
        assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR);
        assert!(r.json()["error_code"].is_string());
    }
    let r = sim.send("POST", &format!("{SRM_B}/session"), &[("authorization", &auth)], None).await;
    assert_eq!(r.status, StatusCode::OK);
}

#[tokio::test]
async fn latency_drop_and_malformed() {
    let sim = Sim::new(0);
    let sa = sim.srm_login("a").await;
    sim.handle.inject_faults(vec![Fault {
        method: None,
        path: Some("/tasks".into()),
        kind: FaultKind::Latency { delay_ms: 150 },
        times: 1,
    }]);
    let start = Instant::now();
    let r = sim.srm("GET", SRM_A, "/tasks", &sa, None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(start.elapsed() >= Duration::from_millis(150));

    admin_faults(&sim, json!({"kind": "drop", "path": "/pairings"})).await;
    let err = sim.try_send("GET", &format!("{SRM_A}/pairings"), &[("x-dr-session", &sa)], None).await;
    assert!(err.is_err(), "dropped response must not read as a clean response");

    admin_faults(&sim, json!({"kind": "malformed", "times": 1, "path": "/tasks"})).await;
    let r = sim.srm("GET", SRM_A, "/tasks", &sa, None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(serde_json::from_slice::<serde_json::Value>(&r.body).is_err());

    admin_faults(&sim, json!({"kind": "blank", "path": "/tasks"})).await;
    let r = sim.srm("GET", SRM_A, "/tasks", &sa, None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(std::str::from_utf8(&r.body).unwrap().trim(), "", "a body of white space only");
    assert!(!r.body.is_empty());

    let log = sim.handle.requests();
    assert!(log.iter().any(|l| l.status == 0 && l.fault.as_deref() == Some("drop")));
}

/// A request held by a latency fault across a reset (a test's poll that outlived its test)
/// belongs to the state before it: it is dropped, and the log after the reset does not show
/// it. A request sent after the reset with what the state before it issued (its session
/// token, its task id) names nothing of the new state: ids and tokens never repeat across
/// resets.
#[tokio::test]
async fn a_request_held_across_a_reset_is_dropped_and_not_logged() {
    let sim = Sim::new(10_000);
    let session = sim.srm_login("a").await;
    let spec = sim.pairing_spec("a");
    sim.handle.inject_faults(vec![Fault {
        method: Some("POST".into()),
        path: Some("/pairings".into()),
        kind: FaultKind::Latency { delay_ms: 300 },
        times: 1,
    }]);
    let url = format!("{SRM_A}/pairings");
    let headers = [("x-dr-session", session.as_str())];
    let held = sim.try_send("POST", &url, &headers, Some(spec));
    let reset = async {
        tokio::time::sleep(Duration::from_millis(100)).await;
        sim.handle.reset();
    };
    let (held, ()) = tokio::join!(held, reset);
    assert!(held.is_err(), "a request held across a reset must not be answered: {:?}", held.map(|r| r.status));
    assert!(sim.handle.requests().is_empty(), "{:?}", sim.handle.requests());
    // No pairing was made; the old token is no session of the new state, the new login gets
    // another, and the next task id is not the one before the reset.
    let fresh = sim.srm_login("a").await;
    assert_ne!(fresh, session, "session tokens never repeat across resets");
    let pairings = sim.srm("GET", SRM_A, "/pairings", &fresh, None).await.json();
    assert_eq!(pairings["list"], json!([]), "{pairings}");
    let stale = sim.srm("GET", SRM_A, "/pairings", &session, None).await;
    assert_eq!(stale.status, StatusCode::UNAUTHORIZED);
    let after = sim.srm("POST", SRM_A, "/pairings", &fresh, Some(sim.pairing_spec("a"))).await.json()["id"].clone();
    sim.handle.reset();
    let session = sim.srm_login("a").await;
    let again = sim.srm("POST", SRM_A, "/pairings", &session, Some(sim.pairing_spec("a"))).await.json()["id"].clone();
    assert!(after.is_string() && again.is_string(), "{after} {again}");
    assert_ne!(after, again, "task ids never repeat across resets");
}

#[tokio::test]
async fn expire_sessions_and_vanish_task() {
    let sim = Sim::new(10_000);
    let sa = sim.srm_login("a").await;
    let sb = sim.srm_login("b").await;
    let r = sim.srm("POST", SRM_A, "/pairings", &sa, Some(sim.pairing_spec("a"))).await;
    let task_id = r.json()["id"].as_str().unwrap().to_string();

    admin_faults(&sim, json!({"kind": "expire_sessions", "site": "srm/a"})).await;
    assert_eq!(sim.srm("GET", SRM_A, "/tasks", &sa, None).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(sim.srm("GET", SRM_B, "/tasks", &sb, None).await.status, StatusCode::OK);
    let sa = sim.srm_login("a").await;
    assert_eq!(sim.srm("GET", SRM_A, &format!("/tasks/{task_id}"), &sa, None).await.status, StatusCode::OK);

    // Matched form: fires on the next matching request.
    admin_faults(&sim, json!({"kind": "expire_sessions", "method": "GET", "path": "/srm/b/"})).await;
    assert_eq!(sim.srm("GET", SRM_B, "/tasks", &sb, None).await.status, StatusCode::UNAUTHORIZED);

    admin_faults(&sim, json!({"kind": "vanish_task", "task_id": task_id})).await;
    assert_eq!(sim.srm("GET", SRM_A, &format!("/tasks/{task_id}"), &sa, None).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn request_log_proves_what_was_sent_and_hides_secrets() {
    let sim = Sim::new(0);
    let sa = sim.srm_login("a").await;
    let _ = sim.h4_login("b").await;
    sim.srm("POST", SRM_A, "/pairings", &sa, Some(sim.pairing_spec("a"))).await;
    let r = sim.send("GET", "/_sim/requests", &[], None).await;
    let log: Vec<RequestRecord> = serde_json::from_slice(&r.body).unwrap();
    let calls: Vec<(String, String, u16)> = log.iter().map(|l| (l.method.clone(), l.path.clone(), l.status)).collect();
    assert_eq!(
        calls,
        vec![
            ("POST".to_string(), format!("{SRM_A}/session"), 200),
            ("POST".to_string(), "/vr/b/sessions".to_string(), 200),
            ("POST".to_string(), format!("{SRM_A}/pairings"), 202),
        ]
    );
    let text = String::from_utf8_lossy(&r.body);
    assert!(!text.contains("secret") && !text.contains(&sa));
    assert_eq!(sim.send("DELETE", "/_sim/requests", &[], None).await.status, StatusCode::NO_CONTENT);
    assert!(sim.handle.requests().is_empty());
}

#[tokio::test]
async fn admin_lists_the_session_tokens_it_issued_since_the_reset() {
    let sim = Sim::new(0);
    let tokens = || async { sim.send("GET", "/_sim/tokens", &[], None).await.json()["tokens"].clone() };
    assert_eq!(tokens().await, json!([]));
    let sa = sim.srm_login("a").await;
    let vb = sim.h4_login("b").await;
    // A logout ends a session; its token stays issued.
    sim.srm("DELETE", SRM_A, "/session", &sa, None).await;
    assert_eq!(tokens().await, json!([sa, vb]));
    sim.send("POST", "/_sim/reset", &[], None).await;
    assert_eq!(tokens().await, json!([]));
}

#[tokio::test]
async fn admin_info_config_reset() {
    let sim = Sim::new(0);
    let info = sim.send("GET", "/_sim/info", &[], None).await.json();
    assert_eq!(info["srm"][0]["password"], "site-a-secret");
    assert_eq!(info["replication"][1]["password"], "vr-b-secret");
    assert!(info["replication"][0]["api_thumbprint"].as_str().unwrap().starts_with("SHA-256:"));
    let r = sim.send("POST", "/_sim/config", &[], Some(json!({"task_duration_ms": 5, "timestamps": "string"}))).await;
    assert_eq!(r.json(), json!({"task_duration_ms": 5, "timestamps": "string"}));
    let r = sim.send("POST", "/_sim/config", &[], Some(json!({"timestamps": "weird"}))).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let (sa, _) = {
        sim.handle.set_config(Some(0), None);
        sim.paired().await
    };
    assert_eq!(sim.send("POST", "/_sim/reset", &[], None).await.status, StatusCode::OK);
    assert_eq!(sim.srm("GET", SRM_A, "/pairings", &sa, None).await.status, StatusCode::UNAUTHORIZED);
    let sa = sim.srm_login("a").await;
    assert_eq!(sim.srm("GET", SRM_A, "/pairings", &sa, None).await.json()["_meta"]["total"], 0);
}

#[tokio::test]
async fn serves_web_and_pkg_with_mime_types() {
    let dir = std::env::temp_dir().join(format!("srsim-static-{}", std::process::id()));
    let web = dir.join("web");
    let pkg = dir.join("pkg");
    std::fs::create_dir_all(&web).unwrap();
    std::fs::create_dir_all(&pkg).unwrap();
    std::fs::write(web.join("index.html"), "<h1>demo</h1>").unwrap();
    std::fs::write(pkg.join("siterecovery.js"), "export default 1;").unwrap();
    std::fs::write(pkg.join("siterecovery_bg.wasm"), [0u8, 97, 115, 109, 1, 0, 0, 0]).unwrap();
    let sim = Sim::with(SimConfig { web_dir: Some(web), pkg_dir: Some(pkg), ..SimConfig::default() });
    let r = sim.send("GET", "/", &[], None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(String::from_utf8_lossy(&r.body).contains("demo"));
    let r = sim.send("GET", "/pkg/siterecovery_bg.wasm", &[], None).await;
    assert_eq!(r.header("content-type").as_deref(), Some("application/wasm"));
    let r = sim.send("GET", "/pkg/siterecovery.js", &[], None).await;
    assert!(r.header("content-type").unwrap_or_default().contains("javascript"));
    // API routes still win over the static fallback.
    assert_eq!(sim.send("GET", &format!("{SRM_A}/pairings"), &[], None).await.status, StatusCode::UNAUTHORIZED);
    let _ = std::fs::remove_dir_all(dir);
}
