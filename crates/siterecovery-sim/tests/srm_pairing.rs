mod common;

use axum::http::StatusCode;
use common::*;
use serde_json::json;

#[tokio::test]
async fn pairing_succeeds_and_shows_on_both_sites() {
    let sim = Sim::new(0);
    let (sa, pairing) = sim.paired().await;
    let sb = sim.srm_login("b").await;
    let a = sim.srm("GET", SRM_A, &format!("/pairings/{pairing}"), &sa, None).await;
    let b = sim.srm("GET", SRM_B, &format!("/pairings/{pairing}"), &sb, None).await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(b.status, StatusCode::OK);
    let (a, b) = (a.json(), b.json());
    assert_eq!(a["pairing_id"], pairing);
    assert_eq!(b["pairing_id"], pairing);
    assert_eq!(a["local_vc_server"], b["remote_vc_server"]);
    assert_eq!(a["remote_srm_server"], b["local_srm_server"]);
    let list = sim.srm("GET", SRM_B, "/pairings", &sb, None).await.json();
    assert_eq!(list["_meta"]["total"], 1);
    assert_eq!(list["list"][0]["pairing_id"], pairing);
    // Each new pairing gets two plans, visible from both sites.
    let plans = sim.srm("GET", SRM_B, &format!("/pairings/{pairing}/recovery-management/plans"), &sb, None).await.json();
    assert_eq!(plans["list"].as_array().map(Vec::len), Some(2));
    assert_eq!(plans["list"][0]["status"], "READY_STATE");
}

#[tokio::test]
async fn pairing_task_runs_then_pairing_appears() {
    let sim = Sim::new(150);
    let sa = sim.srm_login("a").await;
    let r = sim.srm("POST", SRM_A, "/pairings", &sa, Some(sim.pairing_spec("a"))).await;
    assert_eq!(r.status, StatusCode::ACCEPTED);
    let task = r.json();
    assert_eq!(task["status"], "QUEUED");
    assert!(task.get("_meta").is_none(), "no soft errors -> no _meta");
    let list = sim.srm("GET", SRM_A, "/pairings", &sa, None).await.json();
    assert_eq!(list["_meta"]["total"], 0, "not paired before the task ends");
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let t = sim.srm("GET", SRM_A, &format!("/tasks/{}", task["id"].as_str().unwrap()), &sa, None).await.json();
    assert_eq!(t["status"], "SUCCESS");
    assert_eq!(t["progress"], 100);
    let list = sim.srm("GET", SRM_A, "/pairings", &sa, None).await.json();
    assert_eq!(list["_meta"]["total"], 1);
}

#[tokio::test]
async fn wrong_guid_credentials_or_thumbprint_end_in_task_error() {
    let sim = Sim::new(0);
    let sa = sim.srm_login("a").await;
    let good = sim.pairing_spec("a");
    let mut cases = Vec::new();
    let mut s = good.clone();
    s["pair_vc_guid"] = json!("00000000-0000-4000-8000-000000000000");
    cases.push((s, "not found"));
    let mut s = good.clone();
    s["pair_psc_info"]["password"] = json!("nope");
    cases.push((s, "credentials"));
    let mut s = good.clone();
    s["pair_psc_info"]["thumbprint"] = json!("AA:BB:CC");
    cases.push((s, "thumbprint"));
    let mut s = good.clone();
    s["pair_vc_guid"] = sim.handle.info()["srm"][0]["vc_guid"].clone();
    cases.push((s, "itself"));
    for (spec, needle) in cases {
        let r = sim.srm("POST", SRM_A, "/pairings", &sa, Some(spec)).await;
        assert_eq!(r.status, StatusCode::ACCEPTED);
        let task = r.json();
        assert_eq!(task["status"], "ERROR", "{task}");
        let message = task["error"]["message"].as_str().unwrap_or_default().to_string();
        assert!(message.contains(needle), "{message} should mention {needle}");
        assert!(task["error"]["details"].is_string());
        assert!(!task.to_string().contains("site-b-secret"), "never echo passwords");
    }
    let list = sim.srm("GET", SRM_A, "/pairings", &sa, None).await.json();
    assert_eq!(list["_meta"]["total"], 0);
}

#[tokio::test]
async fn structurally_invalid_specs_are_400_naming_the_field() {
    let sim = Sim::new(0);
    let sa = sim.srm_login("a").await;
    let good = sim.pairing_spec("a");
    let mut missing_guid = good.clone();
    missing_guid.as_object_mut().unwrap().remove("pair_vc_guid");
    let mut missing_port = good.clone();
    missing_port["pair_psc_info"].as_object_mut().unwrap().remove("port");
    let mut bad_port = good.clone();
    bad_port["pair_psc_info"]["port"] = json!("443");
    for (spec, field) in [
        (missing_guid, "pair_vc_guid"),
        (missing_port, "pair_psc_info.port"),
        (bad_port, "pair_psc_info.port"),
        (json!({"pair_vc_guid": "x"}), "pair_psc_info"),
    ] {
        let r = sim.srm("POST", SRM_A, "/pairings", &sa, Some(spec)).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        let err = r.json();
        assert!(err["message"].as_str().unwrap().contains(field), "{err}");
        assert!(err["error_code"].is_string());
        assert!(uuid::Uuid::parse_str(err["op_id"].as_str().unwrap()).is_ok());
    }
    let r = sim.send("POST", &format!("{SRM_A}/pairings"), &[("x-dr-session", &sa)], None).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn soft_problems_come_back_in_meta_errors() {
    let sim = Sim::new(0);
    let sa = sim.srm_login("a").await;
    let mut spec = sim.pairing_spec("a");
    spec["pair_srm_url"] = json!("https://srm-b.srm-sim.local");
    let r = sim.srm("POST", SRM_A, "/pairings", &sa, Some(spec)).await;
    assert_eq!(r.status, StatusCode::ACCEPTED);
    let body = r.json();
    assert_eq!(body["status"], "SUCCESS");
    let errors = body["_meta"]["errors"].as_array().expect("_meta.errors");
    assert_eq!(errors[0]["field"], "pair_srm_thumbprint");
    assert!(errors[0]["code"].is_string() && errors[0]["message"].is_string());
}

#[tokio::test]
async fn delete_needs_remote_session_and_removes_from_both_sites() {
    let sim = Sim::new(0);
    let (sa, pairing) = sim.paired().await;
    let r = sim.srm("DELETE", SRM_A, "/pairings/nope", &sa, None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.body.is_empty());
    let r = sim.srm("DELETE", SRM_A, &format!("/pairings/{pairing}"), &sa, None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "remote login required");
    // Wrong remote credentials -> 401.
    let bad = basic(USER, "site-a-secret");
    let r = sim
        .send("POST", &format!("{SRM_A}/pairings/{pairing}/remote-session"), &[("x-dr-session", &sa), ("authorization", &bad)], None)
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let r = sim.srm("GET", SRM_A, &format!("/pairings/{pairing}/remote-session"), &sa, None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "no remote session yet");
    assert!(r.body.is_empty());
    sim.remote_login(&sa, &pairing).await;
    let r = sim.srm("GET", SRM_A, &format!("/pairings/{pairing}/remote-session"), &sa, None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["username"], USER);
    let r = sim.srm("DELETE", SRM_A, &format!("/pairings/{pairing}"), &sa, None).await;
    assert_eq!(r.status, StatusCode::ACCEPTED);
    assert_eq!(r.json()["status"], "SUCCESS");
    let sb = sim.srm_login("b").await;
    for (base, s) in [(SRM_A, &sa), (SRM_B, &sb)] {
        let r = sim.srm("GET", base, &format!("/pairings/{pairing}"), s, None).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn reconnect_is_a_task_and_unknown_pairing_is_404() {
    let sim = Sim::new(0);
    let (sa, pairing) = sim.paired().await;
    let r = sim.srm("POST", SRM_A, &format!("/pairings/{pairing}/actions/reconnect"), &sa, Some(sim.pairing_spec("a"))).await;
    assert_eq!(r.status, StatusCode::ACCEPTED);
    assert_eq!(r.json()["status"], "SUCCESS");
    let r = sim.srm("POST", SRM_A, "/pairings/unknown/actions/reconnect", &sa, Some(sim.pairing_spec("a"))).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = sim.srm("GET", SRM_A, "/pairings/unknown", &sa, None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    // Pairing again while paired fails in the task.
    let r = sim.srm("POST", SRM_A, "/pairings", &sa, Some(sim.pairing_spec("a"))).await;
    assert_eq!(r.json()["status"], "ERROR");
}
