//! In-process test harness: drives the simulator's Router with raw HTTP + JSON.
#![allow(dead_code)]

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use axum::Router;
use base64::Engine;
use serde_json::{json, Value};
use siterecovery_sim::{router, SimConfig, SimHandle, TimestampStyle};
use tower::ServiceExt;

pub const SRM_A: &str = "/srm/a/api/rest/srm/v2";
pub const SRM_B: &str = "/srm/b/api/rest/srm/v2";
pub const USER: &str = "administrator@vsphere.local";

pub struct Resp {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }
    /// The status, or a failure that shows the body.
    pub fn assert_status(&self, status: StatusCode) {
        assert_eq!(self.status, status, "{}", String::from_utf8_lossy(&self.body));
    }
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_string)
    }
}

pub struct Sim {
    pub app: Router,
    pub handle: SimHandle,
}

pub fn basic(user: &str, password: &str) -> String {
    format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}")))
}

impl Sim {
    pub fn new(task_ms: u64) -> Sim {
        Sim::with(SimConfig { task_duration_ms: task_ms, ..SimConfig::default() })
    }

    pub fn with(config: SimConfig) -> Sim {
        let (app, handle) = router(config);
        Sim { app, handle }
    }

    pub fn string_timestamps(self) -> Sim {
        self.handle.set_config(None, Some(TimestampStyle::String));
        self
    }

    pub async fn try_send(&self, method: &str, path: &str, headers: &[(&str, &str)], body: Option<Value>) -> Result<Resp, String> {
        let body = body.map(|v| v.to_string());
        self.send_text(method, path, headers, body.as_deref()).await
    }

    /// A request with a body of any text (sent as `application/json`).
    pub async fn send_text(&self, method: &str, path: &str, headers: &[(&str, &str)], body: Option<&str>) -> Result<Resp, String> {
        let mut req = Request::builder().method(method).uri(path);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let body = match body {
            Some(text) => {
                req = req.header("content-type", "application/json");
                Body::from(text.to_string())
            }
            None => Body::empty(),
        };
        let resp = self.app.clone().oneshot(req.body(body).map_err(|e| e.to_string())?).await.map_err(|e| e.to_string())?;
        let status = resp.status();
        let headers = resp.headers().clone();
        let bytes = axum::body::to_bytes(resp.into_body(), usize::MAX).await.map_err(|e| e.to_string())?;
        Ok(Resp { status, headers, body: bytes.to_vec() })
    }

    pub async fn send(&self, method: &str, path: &str, headers: &[(&str, &str)], body: Option<Value>) -> Resp {
        self.try_send(method, path, headers, body).await.expect("request failed")
    }

    /// SRM login; returns the session id.
    pub async fn srm_login(&self, site: &str) -> String {
        let base = if site == "a" { SRM_A } else { SRM_B };
        let auth = basic(USER, &format!("site-{site}-secret"));
        let r = self.send("POST", &format!("{base}/session"), &[("authorization", &auth)], None).await;
        assert_eq!(r.status, StatusCode::OK);
        r.json()["session_id"].as_str().expect("session_id").to_string()
    }

    pub async fn srm(&self, method: &str, base: &str, path: &str, session: &str, body: Option<Value>) -> Resp {
        self.send(method, &format!("{base}{path}"), &[("x-dr-session", session)], body).await
    }

    /// PairingSpec that pairs `from` with the other site, built from /_sim/info.
    pub fn pairing_spec(&self, from: &str) -> Value {
        let info = self.handle.info();
        let remote = if from == "a" { &info["srm"][1] } else { &info["srm"][0] };
        json!({
            "pair_vc_guid": remote["vc_guid"],
            "pair_psc_info": {
                "url": remote["psc"]["url"],
                "port": remote["psc"]["port"],
                "thumbprint": remote["psc"]["thumbprint"],
                "username": remote["username"],
                "password": remote["password"],
            }
        })
    }

    /// Pair A with B (task duration must be 0) and return (session_a, pairing_id).
    pub async fn paired(&self) -> (String, String) {
        let sa = self.srm_login("a").await;
        let r = self.srm("POST", SRM_A, "/pairings", &sa, Some(self.pairing_spec("a"))).await;
        r.assert_status(StatusCode::ACCEPTED);
        let task = r.json();
        assert_eq!(task["status"], "SUCCESS", "{task}");
        let id = task["entity"].as_str().expect("entity").to_string();
        (sa, id)
    }

    /// Ids of the pairing's recovery plans, as site A lists them.
    pub async fn plan_ids(&self, session: &str, pairing: &str) -> Vec<String> {
        let plans = self.srm("GET", SRM_A, &format!("/pairings/{pairing}/recovery-management/plans"), session, None).await.json();
        plans["list"].as_array().expect("plan list").iter().map(|p| p["id"].as_str().expect("plan id").to_string()).collect()
    }

    pub async fn remote_login(&self, session: &str, pairing: &str) {
        let auth = basic(USER, "site-b-secret");
        let r = self
            .send(
                "POST",
                &format!("{SRM_A}/pairings/{pairing}/remote-session"),
                &[("x-dr-session", session), ("authorization", &auth)],
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT);
    }

    pub async fn h4_login(&self, site: &str) -> String {
        let body = json!({"type": "localUser", "localUser": "admin", "localPassword": format!("vr-{site}-secret")});
        let r = self.send("POST", &format!("/vr/{site}/sessions"), &[], Some(body)).await;
        assert_eq!(r.status, StatusCode::OK);
        r.header("x-vcav-auth").expect("X-VCAV-Auth header")
    }
}
