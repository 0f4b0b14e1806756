//! vSphere Replication (h4): login via X-VCAV-Auth, getSites, two-sided pairSite, getTask,
//! body validation through `dispatch`, the operationID header, logout.
mod common;

use common::*;
use serde_json::json;
use siterecovery::replication::params::{GetSitesParams, GetTaskParams, LogoutParams, PairSiteParams};
use siterecovery::replication::types::{ManagerPeerInfo, TaskState as H4State, UpdateSiteRequest};
use siterecovery::replication::{self, dispatch};
use siterecovery::session::{self, Credentials};
use siterecovery::task::TaskState;
use siterecovery::{Error, JsonCall};

fn pair_request(sim: &Sim, peer: &str) -> UpdateSiteRequest {
    UpdateSiteRequest {
        api_url: Some(sim.vr_str(peer, "api_url").parse().unwrap()),
        api_thumbprint: Some(sim.vr_str(peer, "api_thumbprint").parse().unwrap()),
        description: Some(format!("peer {peer}")),
    }
}

fn comm_error_code(info: &ManagerPeerInfo) -> Option<String> {
    let state = info.state.as_ref()?;
    let e = state.incoming_comm_error.as_ref().or(state.outgoing_comm_error.as_ref())?;
    e.0.as_ref().and_then(|e| e.code.clone())
}

async fn sites(c: &Repl) -> Vec<ManagerPeerInfo> {
    c.get_sites(&GetSitesParams::default()).await.unwrap().into_inner().0
}

async fn pair(sim: &Sim, c: &Repl, peer: &str) -> siterecovery::task::TaskView {
    let r = c.pair_site(&pair_request(sim, peer), &PairSiteParams::default()).await.unwrap();
    assert_eq!(r.status, 202);
    assert_eq!(r.inner.state, Some(H4State::Running));
    assert_eq!(r.inner.end_time, Some(-1));
    let first = h4_view(&r.inner);
    assert_eq!(first.end_time, None, "endTime -1 means still running");
    assert!(first.start_time.unwrap() > 1_600_000_000_000);
    wait_h4(c, first, &mut Vec::new()).await.expect("pairSite task")
}

#[tokio::test]
async fn login_puts_the_token_header_on_later_calls() {
    let sim = Sim::new(150);
    let a = sim.repl_anon("a");
    session::h4_login(&a, &sim.vr_creds("a"), None).await.unwrap();
    assert!(a.api().has_auth());
    let list = sites(&a).await;
    assert_eq!(list.len(), 1);
    let local = &list[0];
    assert_eq!(local.is_local, Some(true));
    assert_eq!(local.id.as_deref(), Some(sim.vr_str("a", "id").as_str()));
    assert_eq!(local.site.as_deref(), Some(sim.vr_str("a", "site_name").as_str()));
    assert_eq!(local.api_thumbprint.as_deref(), Some(sim.vr_str("a", "api_thumbprint").as_str()));
    assert_eq!(local.api_url.as_deref(), Some(sim.vr_str("a", "api_url").as_str()));
    assert_eq!(comm_error_code(local), None);
    // The raw login answers 200 with the session body and the token in a header.
    let raw = replication::Client::new(a.api().clone().without_auth());
    let body = replication::types::LocalUserLoginRequest {
        local_user: sim.vr_str("a", "username"),
        local_password: sim.vr_str("a", "password").into(),
        type_: replication::types::LocalUserLoginRequestType::LocalUser,
    };
    let r = raw.login(&body, &Default::default()).await.unwrap();
    assert_eq!(r.status, 200);
    assert!(!r.header("x-vcav-auth").unwrap().is_empty());
    assert_eq!((r.inner.user.as_deref(), r.inner.roles.clone()), (Some("admin"), vec!["ADMIN".to_string()]));
}

#[tokio::test]
async fn wrong_password_and_no_token_are_401_api_errors() {
    let sim = Sim::new(150);
    let a = sim.repl_anon("a");
    let wrong = Credentials::new("admin", "vr-b-secret").unwrap();
    let err = session::h4_login(&a, &wrong, None).await.unwrap_err();
    let h = http_err(&err);
    assert_eq!((h.status, h.operation, h.code.as_deref()), (401, "login", Some("AuthenticationFailed")));
    assert_eq!(h.message.as_deref(), Some("Invalid credentials."));
    assert_eq!(h.op_id, None, "no operationID sent");
    assert!(!a.api().has_auth());
    let err = a.get_sites(&GetSitesParams::default()).await.unwrap_err();
    let h = http_err(&err);
    assert_eq!((h.status, h.operation, h.code.as_deref()), (401, "getSites", Some("NotAuthenticated")));
    assert!(h.body.as_ref().unwrap()["stacktrace"].is_string());
}

#[tokio::test]
async fn pairing_needs_both_sides() {
    let sim = Sim::new(150);
    let (a, b) = (sim.repl("a").await, sim.repl("b").await);
    let done = pair(&sim, &a, "b").await;
    assert_eq!((done.state, done.progress), (TaskState::Succeeded, 100));
    assert!(done.end_time.unwrap() >= done.start_time.unwrap());
    let result: ManagerPeerInfo = serde_json::from_value(done.result.clone().unwrap()).unwrap();
    assert_eq!(result.id.as_deref(), Some(sim.vr_str("b", "id").as_str()));
    assert_eq!(result.is_local, Some(false));

    // Only A registered B: A shows B with an incoming comm error; B knows no peer yet.
    let on_a = sites(&a).await;
    assert_eq!(on_a.len(), 2);
    assert_eq!((on_a[0].is_local, on_a[1].is_local), (Some(true), Some(false)));
    assert_eq!(on_a[1].id.as_deref(), Some(sim.vr_str("b", "id").as_str()));
    assert_eq!(on_a[1].description.as_deref(), Some("peer b"));
    assert_eq!(comm_error_code(&on_a[1]).as_deref(), Some("NotPaired"));
    assert_eq!(sites(&b).await.len(), 1);

    let done = pair(&sim, &b, "a").await;
    assert_eq!(done.state, TaskState::Succeeded);
    let (on_a, on_b) = (sites(&a).await, sites(&b).await);
    assert_eq!((on_a.len(), on_b.len()), (2, 2));
    assert!(on_a.iter().chain(on_b.iter()).all(|s| comm_error_code(s).is_none()), "{on_a:?} {on_b:?}");
    assert_eq!(on_b[1].id.as_deref(), Some(sim.vr_str("a", "id").as_str()));
}

#[tokio::test]
async fn wrong_thumbprint_fails_the_task() {
    let sim = Sim::new(150);
    let a = sim.repl("a").await;
    let mut req = pair_request(&sim, "b");
    req.api_thumbprint = Some(sim.vr_str("a", "api_thumbprint").parse().unwrap());
    let r = a.pair_site(&req, &PairSiteParams::default()).await.unwrap();
    let mut seen = Vec::new();
    let err = wait_h4(&a, h4_view(&r.inner), &mut seen).await.unwrap_err();
    let Error::Task(view) = &err else { panic!("expected Error::Task, got {err:?}") };
    assert_eq!(view.state, TaskState::Failed);
    assert_eq!(view.id, r.inner.id.unwrap().to_string());
    let failure = view.error.as_ref().unwrap();
    assert_eq!(failure.code.as_deref(), Some("ThumbprintMismatch"));
    assert!(failure.message.contains("does not match"), "{}", failure.message);
    assert_eq!(seen.last().unwrap().state, TaskState::Failed);
    // getTask shows the same FAILED task; nothing was registered.
    let t = a.get_task(&view.id, &GetTaskParams::default()).await.unwrap().into_inner();
    assert_eq!(t.state, Some(H4State::Failed));
    assert_eq!(t.error.and_then(|e| e.0).and_then(|e| e.code).as_deref(), Some("ThumbprintMismatch"));
    assert_eq!(sites(&a).await.len(), 1);
    // Pairing with itself fails too.
    let r = a.pair_site(&pair_request(&sim, "a"), &PairSiteParams::default()).await.unwrap();
    let err = wait_h4(&a, h4_view(&r.inner), &mut Vec::new()).await.unwrap_err();
    assert!(matches!(&err, Error::Task(t) if t.error.as_ref().unwrap().code.as_deref() == Some("CannotPairWithSelf")), "{err:?}");
}

#[tokio::test]
async fn pair_site_body_is_validated_before_sending() {
    let sim = Sim::new(150);
    let a = sim.repl("a").await;
    sim.handle.clear_requests();
    let call = |url: &str, thumbprint: &str| JsonCall {
        body: Some(json!({"apiUrl": url, "apiThumbprint": thumbprint, "description": "x"})),
        ..Default::default()
    };
    let url = sim.vr_str("b", "api_url");
    let good_tp = sim.vr_str("b", "api_thumbprint");
    for bad_tp in ["AA:BB:CC", "sha-256:aa", &good_tp.to_lowercase(), &good_tp.replace("SHA-256:", "")] {
        let err = dispatch(&a, "pairSite", call(&url, bad_tp)).await.unwrap_err();
        assert!(matches!(&err, Error::Validation { field, .. } if field == "apiThumbprint"), "{bad_tp}: {err:?}");
    }
    for bad_url in ["not a url", "ftp://host/vr/b", "https://"] {
        let err = dispatch(&a, "pairSite", call(bad_url, &good_tp)).await.unwrap_err();
        assert!(matches!(&err, Error::Validation { field, .. } if field == "apiUrl"), "{bad_url}: {err:?}");
    }
    // Also the typed constructors refuse them.
    assert!("AA:BB".parse::<replication::types::UpdateSiteRequestApiThumbprint>().is_err());
    assert!("nope".parse::<replication::types::UpdateSiteRequestApiUrl>().is_err());
    assert!(sim.handle.requests().is_empty(), "{:?}", sim.handle.requests());
    // The valid call goes out: one POST /vr/a/sites.
    let ok = dispatch(&a, "pairSite", call(&url, &good_tp)).await.unwrap();
    assert_eq!(ok.status, 202);
    assert_eq!(ok.inner["state"], "RUNNING");
    assert_eq!(sim.requests("POST", "/vr/a/sites").len(), 1);
}

#[tokio::test]
async fn operation_id_header_is_sent_and_reported() {
    let sim = Sim::new(150);
    let a = sim.repl("a").await;
    let params = GetTaskParams { operation_id: Some("op-4711".into()) };
    let unknown = "00000000-0000-4000-8000-000000000000";
    let err = a.get_task(unknown, &params).await.unwrap_err();
    let h = http_err(&err);
    assert_eq!((h.status, h.operation, h.code.as_deref()), (404, "getTask", Some("NotFound")));
    assert_eq!(h.op_id.as_deref(), Some("op-4711"));
    assert!(err.to_string().contains("op-4711"), "{err}");
    // The simulator's 400 for a task id that is no uuid (the spec's format) carries it too.
    let err = a.get_task("no-such-task", &params).await.unwrap_err();
    assert_eq!((http_err(&err).status, http_err(&err).op_id.as_deref()), (400, Some("op-4711")));
    let logged = sim.requests("GET", &format!("/vr/a/tasks/{unknown}"));
    assert_eq!(logged.len(), 1);
    assert_eq!(logged[0].operation_id.as_deref(), Some("op-4711"));
    // Echoed on success, and on the login.
    let r = a.get_sites(&GetSitesParams { operation_id: Some("op-42".into()) }).await.unwrap();
    assert_eq!(r.header("operationID"), Some("op-42"));
    let b = sim.repl_anon("b");
    session::h4_login(&b, &sim.vr_creds("b"), Some("login-op".into())).await.unwrap();
    assert_eq!(sim.requests("POST", "/vr/b/sessions")[0].operation_id.as_deref(), Some("login-op"));
    // A 401 with an operationID carries it as op_id too.
    let anon = sim.repl_anon("b");
    let err = anon.get_sites(&GetSitesParams { operation_id: Some("op-401".into()) }).await.unwrap_err();
    assert_eq!((http_err(&err).status, http_err(&err).op_id.as_deref()), (401, Some("op-401")));
}

#[tokio::test]
async fn logout_ends_the_session() {
    let sim = Sim::new(150);
    let a = sim.repl("a").await;
    let r = a.logout(&LogoutParams::default()).await.unwrap();
    assert_eq!(r.status, 204);
    let err = a.get_sites(&GetSitesParams::default()).await.unwrap_err();
    assert_eq!((http_err(&err).status, http_err(&err).code.as_deref()), (401, Some("NotAuthenticated")));
    let err = a.logout(&LogoutParams::default()).await.unwrap_err();
    assert_eq!((http_err(&err).status, http_err(&err).operation), (401, "logout"));
}

#[tokio::test]
async fn tasks_are_per_appliance() {
    let sim = Sim::new(150);
    let (a, b) = (sim.repl("a").await, sim.repl("b").await);
    let r = a.pair_site(&pair_request(&sim, "b"), &PairSiteParams::default()).await.unwrap();
    let id = r.inner.id.unwrap().to_string();
    assert_eq!(a.get_task(&id, &GetTaskParams::default()).await.unwrap().inner.id.unwrap().to_string(), id);
    let err = b.get_task(&id, &GetTaskParams::default()).await.unwrap_err();
    assert_eq!((http_err(&err).status, http_err(&err).code.as_deref()), (404, Some("NotFound")));
}
