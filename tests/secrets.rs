//! `Debug`/`Display` of requests, clients, responses and errors never show passwords,
//! Basic-auth values or session tokens.
mod common;

use common::*;
use siterecovery::replication;
use siterecovery::session::{self, Credentials, H4_SESSION_HEADER, SRM_SESSION_HEADER};
use siterecovery::{srm, OperationRequest};

fn assert_clean(what: &str, text: &str, secrets: &[&str]) {
    for s in secrets {
        assert!(!s.is_empty());
        assert!(!text.contains(s), "{what} leaks {s:?}: {text}");
    }
}

/// An SRM session id for site A, learned by calling `login` directly.
async fn srm_token(sim: &Sim) -> String {
    let creds = sim.srm_creds("a");
    let login = srm::Client::new(sim.srm_anon("a").api().clone().with_header("authorization", &creds.basic()));
    login.login().await.unwrap().into_inner().session_id.unwrap().expose().to_string()
}

#[tokio::test]
async fn srm_clients_requests_and_errors_hide_secrets() {
    let sim = Sim::new(0);
    let creds = sim.srm_creds("a");
    let token = srm_token(&sim).await;
    let a = sim.srm_anon("a");
    a.api().set_auth(SRM_SESSION_HEADER, &token);
    assert_eq!(a.get_current_session().await.unwrap().status, 200, "the token is a live session");
    let basic = creds.basic();
    let b_password = sim.srm_str("b", "/password");
    let secrets = [creds.password.as_str(), token.as_str(), basic.as_str(), b_password.as_str()];

    assert_clean("Credentials", &format!("{creds:?}"), &secrets);
    assert_clean("client", &format!("{a:?}"), &secrets);
    assert_clean("ApiClient", &format!("{:?}", a.api()), &secrets);
    let with_basic = a.api().clone().with_header("authorization", &basic);
    let debug = format!("{with_basic:?}");
    assert_clean("client with Basic header", &debug, &secrets);
    assert!(debug.contains("<redacted>"), "{debug}");

    // A built request carries the session header and, for createPairing, a body with a
    // password: Debug shows neither.
    let mut req = OperationRequest::new(op(srm::OPERATIONS, "createPairing"));
    req.json_body("application/json", &sim.pairing_spec("a")).unwrap();
    let built = with_basic.build(&req);
    assert!(built.headers.iter().any(|(k, v)| k == SRM_SESSION_HEADER && v == &token));
    assert!(String::from_utf8_lossy(built.body.as_ref().unwrap()).contains(&b_password), "the body does carry it");
    let debug = format!("{built:?}");
    assert_clean("Request", &debug, &secrets);
    assert!(debug.contains("x-dr-session") && debug.contains("body_bytes"), "{debug}");

    // Errors: a failed login, a 404, a failed pairing task.
    let wrong = Credentials::new("administrator@vsphere.local", &format!("{}-typo", creds.password)).unwrap();
    let err = session::srm_login(&sim.srm_anon("a"), &wrong).await.unwrap_err();
    let err_secrets = [wrong.password.as_str(), token.as_str(), basic.as_str()];
    assert_clean("login error", &format!("{err:?} {err}"), &err_secrets);
    let err = a.get_pairing("00000000-0000-4000-8000-000000000000").await.unwrap_err();
    assert_clean("404 error", &format!("{err:?} {err}"), &secrets);
    let mut spec = sim.pairing_spec("a");
    spec.pair_psc_info.password = "hunter2-wrong".into();
    let t = a.create_pairing(&spec).await.unwrap().into_inner();
    let err = wait_srm(&a, srm_view(&t)).await.unwrap_err();
    assert_clean("task error", &format!("{err:?} {err}"), &["hunter2-wrong", token.as_str()]);
    // A successful response's Debug hides the session header it did not get either.
    let r = a.get_current_session().await.unwrap();
    assert_clean("ResponseValue", &format!("{r:?}"), &secrets);
}

#[tokio::test]
async fn h4_token_header_and_login_body_are_hidden() {
    let sim = Sim::new(0);
    let creds = sim.vr_creds("a");
    let raw = sim.repl_anon("a");
    let body = replication::types::LocalUserLoginRequest {
        local_user: creds.username.clone(),
        local_password: creds.password.as_str().into(),
        type_: replication::types::LocalUserLoginRequestType::LocalUser,
    };
    let r = raw.login(&body, &Default::default()).await.unwrap();
    let token = r.header(H4_SESSION_HEADER).unwrap().to_string();
    let secrets = [creds.password.as_str(), token.as_str()];
    let debug = format!("{r:?}");
    assert_clean("h4 login response", &debug, &secrets);
    assert!(debug.to_ascii_lowercase().contains("x-vcav-auth"), "the header is listed, its value redacted: {debug}");

    let a = sim.repl("a").await;
    a.api().set_auth(H4_SESSION_HEADER, &token);
    assert_eq!(a.get_sites(&Default::default()).await.unwrap().status, 200);
    assert_clean("h4 client", &format!("{a:?}"), &secrets);
    let mut req = OperationRequest::new(op(replication::OPERATIONS, "login"));
    req.json_body("application/json", &body).unwrap();
    assert_clean("h4 login request", &format!("{:?}", a.api().build(&req)), &secrets);
    let built = a.api().build(&OperationRequest::new(op(replication::OPERATIONS, "getSites")));
    assert_clean("h4 request", &format!("{built:?}"), &secrets);

    let wrong = Credentials::new("admin", "vr-wrong-secret").unwrap();
    let err = session::h4_login(&sim.repl_anon("a"), &wrong, None).await.unwrap_err();
    assert_clean("h4 login error", &format!("{err:?} {err}"), &["vr-wrong-secret"]);
    let err = sim.repl_anon("a").get_sites(&Default::default()).await.unwrap_err();
    assert_clean("h4 401", &format!("{err:?} {err}"), &secrets);
}

#[test]
fn generated_types_hide_password_fields_and_session_ids() {
    // `format: password` and `x-siterecovery-secret` fields are `siterecovery::Secret`.
    let spec: srm::types::PairingSpec = serde_json::from_value(serde_json::json!({
        "pair_vc_guid": "g", "pair_psc_info": {"url": "u", "port": 443, "thumbprint": null, "username": "x", "password": "hunter2-psc"}
    }))
    .unwrap();
    assert!(!format!("{spec:?}").contains("hunter2-psc"));
    assert_eq!(serde_json::to_value(&spec).unwrap()["pair_psc_info"]["password"], "hunter2-psc", "still sent as is");
    let session: srm::types::SessionIdData = serde_json::from_value(serde_json::json!({"session_id": "tok-123"})).unwrap();
    assert!(!format!("{session:?}").contains("tok-123"));
    let login: siterecovery::replication::types::LocalUserLoginRequest =
        serde_json::from_value(serde_json::json!({"type": "localUser", "localUser": "admin", "localPassword": "vr-pw-9"})).unwrap();
    assert!(!format!("{login:?}").contains("vr-pw-9"));
}

// ---- a full run with known secrets (issue 9.6) --------------------------------------------

use std::sync::{Arc, Mutex};

use serde::Serialize;
use siterecovery::poll::{self as poll_loop, Polled};
use siterecovery::replication::params::{GetTaskParams, PairSiteParams};
use siterecovery::replication::types::UpdateSiteRequest;
use siterecovery::srm::types::TestPlanSpec;
use siterecovery::task::{TaskApi, TaskView};
use siterecovery::{ApiClient, Error, JsonCall, Request, Response, Transport, TransportError};
use siterecovery_sim::{Fault, FaultKind};

/// `S3cr3t-Pa55-<what>-<random>`: a password no output can contain by chance.
fn secret(what: &str) -> String {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
    format!("S3cr3t-Pa55-{what}-{:x}{:x}", nanos, std::process::id())
}

/// A transport that logs every exchange as a user's logging would (`{request:?}`,
/// `{response:?}`, the transport error), over the in-process simulator.
#[derive(Clone)]
struct Logged {
    inner: InProcess,
    log: Arc<Mutex<Vec<String>>>,
}

impl std::fmt::Debug for Logged {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Logged({} lines)", self.log.lock().unwrap().len())
    }
}

impl Transport for Logged {
    async fn send(&self, request: Request) -> Result<Response, TransportError> {
        self.log.lock().unwrap().push(format!("-> {request:?}"));
        let answer = self.inner.send(request).await;
        self.log.lock().unwrap().push(format!("<- {answer:?}"));
        answer
    }
}

/// A server that never answers (connection refused).
#[derive(Clone)]
struct Down;

impl Transport for Down {
    async fn send(&self, _: Request) -> Result<Response, TransportError> {
        Err(TransportError::new("connection refused"))
    }
}

/// Everything the run showed: (what, text).
#[derive(Default)]
struct Shown(Vec<(String, String)>);

impl Shown {
    fn error(&mut self, what: &str, e: &Error) {
        self.0.push((what.to_string(), format!("{e}")));
        self.0.push((format!("{what} (Debug)"), format!("{e:?}")));
        self.0.push((format!("{what} (Debug, pretty)"), format!("{e:#?}")));
    }
    fn debug(&mut self, what: &str, v: &impl std::fmt::Debug) {
        self.0.push((what.to_string(), format!("{v:?}")));
    }
    fn text(&mut self, what: &str, text: String) {
        self.0.push((what.to_string(), text));
    }
}

async fn wait_task(
    first: TaskView,
    poll: impl Fn(String) -> std::pin::Pin<Box<dyn std::future::Future<Output = Polled>>>,
    shown: &mut Shown,
) -> Result<TaskView, Error> {
    let id = first.id.clone();
    let mut views = Vec::new();
    let result = poll_loop::wait(&TokioClock::new(), &fast(), first, || poll(id.clone()), |v| views.push(format!("{v:?}"))).await;
    for v in views {
        shown.text("onProgress view", v);
    }
    result
}

fn view<T: Serialize>(api: TaskApi, task: &T) -> TaskView {
    siterecovery::task::view(api, serde_json::to_value(task).unwrap(), None).unwrap()
}

#[tokio::test]
async fn a_full_run_shows_no_password_or_session_token() {
    let sim = Sim::new(60);
    let log = Arc::new(Mutex::new(Vec::new()));
    let net = Logged { inner: sim.net.clone(), log: Arc::clone(&log) };
    let srm_at = |site: &str| srm::Client::new(ApiClient::new(&sim.srm_str(site, "/url"), net.clone()).unwrap());
    let repl_at = |site: &str| replication::Client::new(ApiClient::new(&sim.vr_str(site, "url"), net.clone()).unwrap());
    let (a_creds, b_creds, va_creds, vb_creds) = (sim.srm_creds("a"), sim.srm_creds("b"), sim.vr_creds("a"), sim.vr_creds("b"));
    let wrong = |c: &Credentials, what: &str| Credentials::new(&c.username, &secret(what)).unwrap();
    let (a_wrong, b_wrong, psc_wrong, va_wrong) =
        (wrong(&a_creds, "srm"), wrong(&b_creds, "remote"), secret("psc"), wrong(&va_creds, "h4"));
    let mut shown = Shown::default();

    // Logins that fail, then succeed.
    let a = srm_at("a");
    let e = session::srm_login(&a, &a_wrong).await.unwrap_err();
    assert_eq!(e.status(), Some(401));
    shown.error("failed SRM login", &e);
    session::srm_login(&a, &a_creds).await.unwrap();
    shown.debug("SRM client", &a);
    let va = repl_at("a");
    let e = session::h4_login(&va, &va_wrong, None).await.unwrap_err();
    assert_eq!(e.status(), Some(401));
    shown.error("failed h4 login", &e);
    session::h4_login(&va, &va_creds, Some("op-secrets-1".into())).await.unwrap();
    let vb = repl_at("b");
    session::h4_login(&vb, &vb_creds, None).await.unwrap();
    shown.debug("h4 client", &va);

    // A validation error of a body that carries a password.
    let mut body = serde_json::to_value(sim.pairing_spec("a")).unwrap();
    body["pair_psc_info"]["password"] = serde_json::json!(psc_wrong);
    body["pair_psc_info"]["port"] = serde_json::json!("443");
    let e = srm::dispatch(&a, "createPairing", JsonCall { body: Some(body), ..JsonCall::default() }).await.unwrap_err();
    assert_eq!(e.kind(), "validation");
    shown.error("validation error next to a password", &e);

    // Pairing with a wrong PSC password: the task fails. Then the right one.
    let poll_srm = |client: srm::Client<Logged>| {
        move |id: String| -> std::pin::Pin<Box<dyn std::future::Future<Output = Polled>>> {
            let client = client.clone();
            Box::pin(async move {
                let r = client.get_task_info(&id).await?;
                let ra = r.retry_after_ms();
                Ok((siterecovery::task::view(TaskApi::Srm, serde_json::to_value(&r.inner).unwrap(), Some(r.status))?, ra))
            })
        }
    };
    let mut spec = sim.pairing_spec("a");
    spec.pair_psc_info.password = psc_wrong.as_str().into();
    shown.debug("PairingSpec", &spec);
    let t = a.create_pairing(&spec).await.unwrap();
    shown.debug("createPairing response", &t);
    let first = view(TaskApi::Srm, &t.inner);
    shown.text("resume token (failing task)", siterecovery_core::resume::token(TaskApi::Srm, a.api().base_url(), &first.id));
    let e = wait_task(first, poll_srm(a.clone()), &mut shown).await.unwrap_err();
    assert_eq!(e.kind(), "task");
    shown.error("failed pairing task", &e);
    let t = a.create_pairing(&sim.pairing_spec("a")).await.unwrap().into_inner();
    let pairing_id = t.entity.clone().unwrap();
    let done = wait_task(view(TaskApi::Srm, &t), poll_srm(a.clone()), &mut shown).await.unwrap();
    shown.debug("succeeded pairing task", &done);
    shown.text("resume token", siterecovery_core::resume::token(TaskApi::Srm, a.api().base_url(), &done.id));

    // Remote login: wrong, then right; a plan action with its task.
    let e = session::srm_remote_login(&a, &pairing_id, &b_wrong).await.unwrap_err();
    shown.error("failed remote login", &e);
    session::srm_remote_login(&a, &pairing_id, &b_creds).await.unwrap();
    let plans = a.get_all_recovery_plans(&pairing_id, &Default::default()).await.unwrap().into_inner();
    let t = a.run_test_recovery(&pairing_id, &plans.list[0].id, &TestPlanSpec { sync_data: Some(true) }).await.unwrap().into_inner();
    let done = wait_task(view(TaskApi::Srm, &t), poll_srm(a.clone()), &mut shown).await.unwrap();
    shown.debug("test recovery task", &done);
    shown.text("resume token (plan)", siterecovery_core::resume::token(TaskApi::Srm, a.api().base_url(), &done.id));

    // h4 pairing, both sides.
    for (client, peer) in [(&va, "b"), (&vb, "a")] {
        let request = UpdateSiteRequest {
            api_url: Some(sim.vr_str(peer, "api_url").parse().unwrap()),
            api_thumbprint: Some(sim.vr_str(peer, "api_thumbprint").parse().unwrap()),
            description: None,
        };
        let r = client.pair_site(&request, &PairSiteParams::default()).await.unwrap().into_inner();
        let c = client.clone();
        let poll = move |id: String| -> std::pin::Pin<Box<dyn std::future::Future<Output = Polled>>> {
            let c = c.clone();
            Box::pin(async move {
                let r = c.get_task(&id, &GetTaskParams::default()).await?;
                Ok((siterecovery::task::view(TaskApi::H4, serde_json::to_value(&r.inner).unwrap(), Some(r.status))?, None))
            })
        };
        let done = wait_task(view(TaskApi::H4, &r), poll, &mut shown).await.unwrap();
        shown.debug("h4 task", &done);
        shown.text("h4 resume token", siterecovery_core::resume::token(TaskApi::H4, client.api().base_url(), &done.id));
    }

    // HTTP errors: 404, an expired session (401), a malformed body (decode); no answer.
    let e = a.get_pairing("00000000-0000-4000-8000-000000000000").await.unwrap_err();
    shown.error("404", &e);
    sim.handle.inject_faults(vec![Fault {
        method: Some("GET".into()),
        path: Some("/pairings".into()),
        kind: FaultKind::Malformed,
        times: 1,
    }]);
    let e = a.get_pairings(&Default::default()).await.unwrap_err();
    assert_eq!(e.kind(), "decode");
    shown.error("decode error", &e);
    sim.handle.inject_faults(vec![Fault { method: None, path: None, kind: FaultKind::ExpireSessions { site: None }, times: 1 }]);
    let e = a.get_current_session().await.unwrap_err();
    assert_eq!(e.status(), Some(401));
    shown.error("expired SRM session", &e);
    let e = va.get_sites(&Default::default()).await.unwrap_err();
    shown.error("expired h4 session", &e);
    let down = srm::Client::new(ApiClient::new(&sim.srm_str("a", "/url"), Down).unwrap());
    let e = session::srm_login(&down, &a_creds).await.unwrap_err();
    assert_eq!(e.kind(), "network");
    shown.error("network error", &e);
    session::srm_login(&a, &a_creds).await.unwrap();
    shown.debug("SRM client after a new login", &a);
    let r = a.logout().await.unwrap();
    shown.debug("logout response", &r);

    // What was secret: every password (right and wrong), its Basic header value, and every
    // session token the simulator issued.
    let issued: Vec<String> = {
        let r = sim.net.send(Request { method: "GET", url: format!("{BASE}/_sim/tokens"), headers: Vec::new(), body: None }).await.unwrap();
        let body: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
        body["tokens"].as_array().unwrap().iter().map(|t| t.as_str().unwrap().to_string()).collect()
    };
    // Site A twice (before and after the expiry), appliances A and B.
    assert!(issued.len() >= 4, "tokens issued: {}", issued.len());
    let mut secrets: Vec<String> = issued;
    for c in [&a_creds, &b_creds, &va_creds, &vb_creds, &a_wrong, &b_wrong, &va_wrong] {
        secrets.push(c.password.clone());
        secrets.push(c.basic().trim_start_matches("Basic ").to_string());
    }
    secrets.push(psc_wrong.clone());
    for line in log.lock().unwrap().iter() {
        shown.text("transport log", line.clone());
    }
    assert!(shown.0.len() > 40, "the run showed too little: {}", shown.0.len());
    let refs: Vec<&str> = secrets.iter().map(String::as_str).collect();
    for (what, text) in &shown.0 {
        assert!(!text.is_empty(), "{what}: nothing shown");
        assert_clean(what, text, &refs);
    }
}
