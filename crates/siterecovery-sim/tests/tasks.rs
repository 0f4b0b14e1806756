mod common;

use std::time::Duration;

use axum::http::StatusCode;
use common::*;
use serde_json::json;

#[tokio::test]
async fn task_progresses_queued_running_success() {
    let sim = Sim::new(0);
    let (sa, pairing) = sim.paired().await;
    sim.remote_login(&sa, &pairing).await;
    sim.handle.set_config(Some(1000), None);
    let plan = sim.plan_ids(&sa, &pairing).await[0].clone();
    let r =
        sim.srm("POST", SRM_A, &format!("/pairings/{pairing}/recovery-management/plans/{plan}/actions/test"), &sa, Some(json!({}))).await;
    let task = r.json();
    let id = task["id"].as_str().unwrap().to_string();
    assert_eq!(task["status"], "QUEUED");
    assert_eq!(task["progress"], 0);
    assert!(task["queued_time"].is_i64());
    assert!(task.get("start_time").is_none() && task.get("complete_time").is_none());

    tokio::time::sleep(Duration::from_millis(400)).await;
    let t1 = sim.srm("GET", SRM_A, &format!("/tasks/{id}"), &sa, None).await.json();
    assert_eq!(t1["status"], "RUNNING");
    let p1 = t1["progress"].as_i64().unwrap();
    assert!(p1 > 0 && p1 < 100, "{p1}");
    assert!(t1["start_time"].as_i64().unwrap() >= t1["queued_time"].as_i64().unwrap());

    tokio::time::sleep(Duration::from_millis(300)).await;
    let t2 = sim.srm("GET", SRM_A, &format!("/tasks/{id}"), &sa, None).await.json();
    assert_eq!(t2["status"], "RUNNING");
    assert!(t2["progress"].as_i64().unwrap() > p1);

    tokio::time::sleep(Duration::from_millis(400)).await;
    let t3 = sim.srm("GET", SRM_A, &format!("/tasks/{id}"), &sa, None).await.json();
    assert_eq!(t3["status"], "SUCCESS");
    assert_eq!(t3["progress"], 100);
    assert!(t3["complete_time"].as_i64().unwrap() >= t3["start_time"].as_i64().unwrap());
    assert_eq!(t3["entity"], plan.as_str());

    // Tasks are per site.
    let sb = sim.srm_login("b").await;
    let r = sim.srm("GET", SRM_B, &format!("/tasks/{id}"), &sb, None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = sim.srm("GET", SRM_A, "/tasks/unknown", &sa, None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn string_timestamps_when_configured() {
    let sim = Sim::new(0).string_timestamps();
    let sa = sim.srm_login("a").await;
    let r = sim.srm("POST", SRM_A, "/pairings", &sa, Some(sim.pairing_spec("a"))).await;
    let task = r.json();
    for field in ["queued_time", "start_time", "complete_time"] {
        let text = task[field].as_str().unwrap_or_else(|| panic!("{field} should be a string: {task}"));
        assert!(chrono::DateTime::parse_from_rfc3339(text).is_ok(), "{text}");
    }
}

#[tokio::test]
async fn task_list_envelope_pages() {
    let sim = Sim::new(0);
    let sa = sim.srm_login("a").await;
    for _ in 0..3 {
        let mut spec = sim.pairing_spec("a");
        spec["pair_vc_guid"] = json!("wrong");
        sim.srm("POST", SRM_A, "/pairings", &sa, Some(spec)).await;
    }
    let all = sim.srm("GET", SRM_A, "/tasks", &sa, None).await.json();
    assert_eq!(all["_meta"]["total"], 3);
    assert_eq!(all["_meta"]["limit"], 100);
    assert_eq!(all["_meta"]["offset"], 0);
    let page = sim.srm("GET", SRM_A, "/tasks?limit=2&offset=1", &sa, None).await.json();
    assert_eq!(page["list"].as_array().unwrap().len(), 2);
    assert_eq!(page["list"][0]["id"], all["list"][1]["id"]);
    assert_eq!(page["_meta"]["total"], 3);
    assert!(page["_meta"]["links"]["previous"]["href"].is_string());
    assert!(page["_meta"]["links"]["self"]["href"].as_str().unwrap().contains("limit=2"));
    let filtered = sim.srm("GET", SRM_A, "/tasks?filter_property=status&filter=SUCCESS", &sa, None).await.json();
    assert_eq!(filtered["_meta"]["total"], 0);
    let r = sim.srm("GET", SRM_A, "/tasks?limit=abc", &sa, None).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.json()["message"].as_str().unwrap().contains("limit"));
}

#[tokio::test]
async fn admin_creates_load_tasks_that_run_for_their_own_duration() {
    let sim = Sim::new(0);
    let sa = sim.srm_login("a").await;
    let r = sim.send("POST", "/_sim/tasks", &[], Some(json!({ "site": "a", "count": 3, "duration_ms": 300 }))).await;
    assert_eq!(r.status, StatusCode::OK);
    let ids: Vec<String> = r.json()["ids"].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()).collect();
    assert_eq!(ids.len(), 3);
    assert!(ids[0] != ids[1] && ids[1] != ids[2]);
    // The configured duration is 0, yet these run for 300 ms, on site A only.
    let t = sim.srm("GET", SRM_A, &format!("/tasks/{}", ids[2]), &sa, None).await.json();
    assert!(t["status"] == "QUEUED" || t["status"] == "RUNNING", "{t}");
    let sb = sim.srm_login("b").await;
    let r = sim.srm("GET", SRM_B, &format!("/tasks/{}", ids[0]), &sb, None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    tokio::time::sleep(Duration::from_millis(350)).await;
    for id in &ids {
        let t = sim.srm("GET", SRM_A, &format!("/tasks/{id}"), &sa, None).await.json();
        assert_eq!(t["status"], "SUCCESS", "{t}");
    }

    for (body, field) in [
        (json!({ "site": "c", "count": 1 }), "site"),
        (json!({ "site": "a", "count": 0 }), "count"),
        (json!({ "site": "a", "count": 10_001 }), "count"),
        (json!({ "site": "a", "count": 1, "extra": true }), "extra"),
    ] {
        let r = sim.send("POST", "/_sim/tasks", &[], Some(body)).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        let message = r.json()["error"].as_str().unwrap().to_string();
        assert!(message.contains(field), "{message}");
    }
}
