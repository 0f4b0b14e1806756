mod common;

use std::time::Duration;

use axum::http::StatusCode;
use common::*;
use serde_json::{json, Value};

const H4_TYPE: &str = "application/vnd.vmware.h4-v4.7+json;charset=UTF-8";

fn appliance(sim: &Sim, i: usize) -> (String, String) {
    let info = sim.handle.info();
    let a = &info["replication"][i];
    (a["api_url"].as_str().unwrap().to_string(), a["api_thumbprint"].as_str().unwrap().to_string())
}

async fn pair(sim: &Sim, site: &str, token: &str, url: &str, thumbprint: &str) -> Value {
    let body = json!({"apiUrl": url, "apiThumbprint": thumbprint, "description": "peer"});
    let r = sim.send("POST", &format!("/vr/{site}/sites"), &[("x-vcav-auth", token), ("operationID", "op-123")], Some(body)).await;
    assert_eq!(r.status, StatusCode::ACCEPTED);
    assert_eq!(r.header("content-type").as_deref(), Some(H4_TYPE));
    assert_eq!(r.header("operationid").as_deref(), Some("op-123"));
    r.json()
}

async fn sites(sim: &Sim, site: &str, token: &str) -> Value {
    let r = sim.send("GET", &format!("/vr/{site}/sites"), &[("x-vcav-auth", token)], None).await;
    assert_eq!(r.status, StatusCode::OK);
    r.json()
}

#[tokio::test]
async fn login_and_401s() {
    let sim = Sim::new(0);
    let r = sim.send("GET", "/vr/a/sites", &[("operationID", "abc")], None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(r.header("content-type").as_deref(), Some(H4_TYPE));
    let err = r.json();
    assert_eq!(err["code"], "NotAuthenticated");
    assert!(err["msg"].as_str().unwrap().contains("abc"), "operationID echoed in the error");
    let bad = json!({"type": "localUser", "localUser": "admin", "localPassword": "vr-b-secret"});
    let r = sim.send("POST", "/vr/a/sessions", &[], Some(bad)).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(r.header("x-vcav-auth").is_none());
    let token = sim.h4_login("a").await;
    let list = sites(&sim, "a", &token).await;
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["isLocal"], true);
    // Token of A is not valid on B; logout invalidates.
    let r = sim.send("GET", "/vr/b/sites", &[("x-vcav-auth", &token)], None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let r = sim.send("DELETE", "/vr/a/sessions", &[("x-vcav-auth", &token)], None).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let r = sim.send("GET", "/vr/a/sites", &[("x-vcav-auth", &token)], None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn two_sided_pairing() {
    let sim = Sim::new(200);
    let ta = sim.h4_login("a").await;
    let tb = sim.h4_login("b").await;
    let (url_a, tp_a) = appliance(&sim, 0);
    let (url_b, tp_b) = appliance(&sim, 1);

    let task = pair(&sim, "a", &ta, &url_b, &tp_b).await;
    assert_eq!(task["state"], "RUNNING");
    assert_eq!(task["endTime"], -1);
    assert!(task["startTime"].is_i64() && task["lastUpdated"].is_i64());
    assert_eq!(task["user"], "admin");
    let id = task["id"].as_str().unwrap().to_string();
    tokio::time::sleep(Duration::from_millis(250)).await;
    let r = sim.send("GET", &format!("/vr/a/tasks/{id}"), &[("x-vcav-auth", &ta)], None).await;
    let done = r.json();
    assert_eq!(done["state"], "SUCCEEDED");
    assert_eq!(done["progress"], 100);
    assert!(done["endTime"].as_i64().unwrap() > 0);
    assert_eq!(done["result"]["apiUrl"], url_b.as_str());
    assert_eq!(done["resultType"], "ManagerPeerInfo");

    // Only A registered B: A shows B with an incoming comm error; B lists only itself.
    let a_sites = sites(&sim, "a", &ta).await;
    assert_eq!(a_sites[0]["isLocal"], true);
    assert_eq!(a_sites[1]["isLocal"], false);
    assert_eq!(a_sites[1]["state"]["incomingCommError"]["code"], "NotPaired");
    assert_eq!(sites(&sim, "b", &tb).await.as_array().unwrap().len(), 1);

    sim.handle.set_config(Some(0), None);
    let task = pair(&sim, "b", &tb, &format!("{url_a}/"), &tp_a).await;
    assert_eq!(task["state"], "SUCCEEDED");
    for (site, token) in [("a", &ta), ("b", &tb)] {
        let list = sites(&sim, site, token).await;
        assert_eq!(list.as_array().unwrap().len(), 2);
        assert_eq!(list[1]["state"], json!({}), "{site}: fully paired, no comm errors");
    }
}

#[tokio::test]
async fn pairing_failures_and_unknown_task() {
    let sim = Sim::new(0);
    let ta = sim.h4_login("a").await;
    let (url_a, tp_a) = appliance(&sim, 0);
    let (url_b, _) = appliance(&sim, 1);
    for (url, tp, code) in [
        (url_b.as_str(), tp_a.as_str(), "ThumbprintMismatch"),
        ("https://10.0.0.1:8048/", tp_a.as_str(), "RemoteSiteUnreachable"),
        (url_a.as_str(), tp_a.as_str(), "CannotPairWithSelf"),
    ] {
        let task = pair(&sim, "a", &ta, url, tp).await;
        assert_eq!(task["state"], "FAILED", "{task}");
        assert_eq!(task["error"]["code"], code);
        assert!(task.get("result").is_none());
    }
    let r = sim.send("POST", "/vr/a/sites", &[("x-vcav-auth", &ta)], Some(json!({"description": "no url"}))).await;
    assert_eq!(r.status, StatusCode::ACCEPTED);
    assert_eq!(r.json()["error"]["code"], "InvalidArgument");
    assert_eq!(sites(&sim, "a", &ta).await.as_array().unwrap().len(), 1);
    let unknown = "/vr/a/tasks/00000000-0000-4000-8000-000000000000";
    let r = sim.send("GET", unknown, &[("x-vcav-auth", &ta)], None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.json()["code"], "NotFound");
    // The spec's task id is a uuid: anything else is refused before any lookup.
    let r = sim.send("GET", "/vr/a/tasks/nope", &[("x-vcav-auth", &ta)], None).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.json()["args"], json!(["id"]));
}
