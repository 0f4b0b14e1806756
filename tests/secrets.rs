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
