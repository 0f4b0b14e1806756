mod common;

use axum::http::StatusCode;
use common::*;

#[tokio::test]
async fn login_returns_session_id_and_guards_every_call() {
    let sim = Sim::new(0);
    // No credentials / wrong password -> 401 without a body.
    let r = sim.send("POST", &format!("{SRM_A}/session"), &[], None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(r.body.is_empty());
    let wrong = basic(USER, "site-b-secret");
    let r = sim.send("POST", &format!("{SRM_A}/session"), &[("authorization", &wrong)], None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(r.body.is_empty());

    let session = sim.srm_login("a").await;
    let r = sim.srm("GET", SRM_A, "/session", &session, None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["username"], USER);

    for path in ["/pairings", "/tasks", "/session", "/pairings/x/recovery-management/plans"] {
        let r = sim.send("GET", &format!("{SRM_A}{path}"), &[], None).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{path}");
        assert!(r.body.is_empty(), "{path}: 401 has no body");
        let r = sim.send("GET", &format!("{SRM_A}{path}"), &[("x-dr-session", "bogus")], None).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{path}");
    }
    // A session of site A is not valid on site B.
    let r = sim.srm("GET", SRM_B, "/pairings", &session, None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);

    let r = sim.srm("GET", SRM_A, "/pairings", &session, None).await;
    assert_eq!(r.status, StatusCode::OK);
    let body = r.json();
    assert_eq!(body["list"], serde_json::json!([]));
    assert_eq!(body["_meta"]["total"], 0);

    let r = sim.srm("DELETE", SRM_A, "/session", &session, None).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let r = sim.srm("GET", SRM_A, "/pairings", &session, None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn v1_paths_work_and_unknown_sites_are_404() {
    let sim = Sim::new(0);
    let auth = basic(USER, "site-b-secret");
    let r = sim.send("POST", "/srm/b/api/rest/srm/v1/session", &[("authorization", &auth)], None).await;
    assert_eq!(r.status, StatusCode::OK);
    let session = r.json()["session_id"].as_str().unwrap().to_string();
    let r = sim.srm("GET", "/srm/b/api/rest/srm/v1", "/pairings", &session, None).await;
    assert_eq!(r.status, StatusCode::OK);
    let r = sim.send("POST", "/srm/c/api/rest/srm/v2/session", &[("authorization", &auth)], None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = sim.send("POST", "/srm/b/api/rest/srm/v3/session", &[("authorization", &auth)], None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn ids_are_deterministic_for_a_seed() {
    let one = Sim::new(0);
    let two = Sim::new(0);
    assert_eq!(one.handle.info(), two.handle.info());
    let (_, p1) = one.paired().await;
    let (_, p2) = two.paired().await;
    assert_eq!(p1, p2);
    // The same for the same sequence of resets; never an id of the state before a reset (a
    // request left over from before it names nothing of the new state).
    one.handle.reset();
    two.handle.reset();
    assert_eq!(one.handle.info(), two.handle.info());
    let (_, p3) = one.paired().await;
    let (_, p4) = two.paired().await;
    assert_eq!(p3, p4);
    assert_ne!(p1, p3);
}

#[tokio::test]
async fn cors_preflight_is_answered_for_local_origins() {
    let sim = Sim::new(0);
    let headers = [
        ("origin", "http://localhost:5173"),
        ("access-control-request-method", "POST"),
        ("access-control-request-headers", "x-dr-session,content-type"),
    ];
    let r = sim.send("OPTIONS", &format!("{SRM_A}/pairings"), &headers, None).await;
    assert!(r.status.is_success());
    assert_eq!(r.header("access-control-allow-origin").as_deref(), Some("http://localhost:5173"));
    let allowed = r.header("access-control-allow-headers").unwrap_or_default();
    assert!(allowed.contains("x-dr-session"));
    let r = sim.send("GET", "/vr/a/sites", &[("origin", "http://127.0.0.1:9000")], None).await;
    assert_eq!(r.header("access-control-allow-origin").as_deref(), Some("http://127.0.0.1:9000"));
    assert!(r.header("access-control-expose-headers").unwrap_or_default().contains("x-vcav-auth"));
    let r = sim.send("GET", "/vr/a/sites", &[("origin", "http://evil.example")], None).await;
    assert!(r.header("access-control-allow-origin").is_none());
}
