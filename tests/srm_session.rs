//! SRM sessions: login, getCurrentSession, logout, the v1 base URL, remote sessions.
mod common;

use common::*;
use siterecovery::session::{self, Credentials};
use siterecovery::Error;

#[tokio::test]
async fn login_sets_session_and_get_current_session_names_the_user() {
    let sim = Sim::new(150);
    let a = sim.srm_anon("a");
    assert!(!a.api().has_auth());
    session::srm_login(&a, &sim.srm_creds("a")).await.unwrap();
    assert!(a.api().has_auth());
    let info = a.get_current_session().await.unwrap();
    assert_eq!(info.status, 200);
    assert_eq!(info.inner.username.as_deref(), Some(sim.srm_str("a", "/username").as_str()));
    // Exactly one login POST, then the GET carrying the session.
    assert_eq!(sim.requests("POST", "/srm/a/api/rest/srm/v2/session").len(), 1);
    let gets = sim.requests("GET", "/srm/a/api/rest/srm/v2/session");
    assert_eq!(gets.iter().map(|r| r.status).collect::<Vec<_>>(), vec![200]);
}

#[tokio::test]
async fn wrong_password_is_http_401_without_body() {
    let sim = Sim::new(150);
    let a = sim.srm_anon("a");
    let wrong = Credentials::new(&sim.srm_str("a", "/username"), "not-the-password").unwrap();
    let err = session::srm_login(&a, &wrong).await.unwrap_err();
    let h = http_err(&err);
    assert_eq!(h.status, 401);
    assert_eq!(h.operation, "login");
    assert_eq!((&h.code, &h.message, &h.op_id, &h.body), (&None, &None, &None, &None));
    assert_eq!(err.kind(), "http");
    assert!(!err.is_transient());
    assert!(!a.api().has_auth(), "a failed login sets no session");
    // Site B's password does not open site A.
    let b_pw = sim.srm_creds("b");
    let err = session::srm_login(&a, &b_pw).await.unwrap_err();
    assert_eq!(err.status(), Some(401));
}

#[tokio::test]
async fn calls_without_a_session_are_401() {
    let sim = Sim::new(150);
    let a = sim.srm_anon("a");
    let err = a.get_current_session().await.unwrap_err();
    let h = http_err(&err);
    assert_eq!((h.status, h.operation, h.body.is_none()), (401, "getCurrentSession", true));
    let err = a.get_pairings(&Default::default()).await.unwrap_err();
    assert_eq!((http_err(&err).status, http_err(&err).operation), (401, "getPairings"));
}

#[tokio::test]
async fn logout_then_the_session_is_401() {
    let sim = Sim::new(150);
    let a = sim.srm("a").await;
    let out = a.logout().await.unwrap();
    assert_eq!(out.status, 204);
    let err = a.get_current_session().await.unwrap_err();
    assert_eq!(http_err(&err).status, 401);
    assert_eq!(http_err(&err).body, None);
    // Logging out again with the dead session is a 401 too.
    let err = a.logout().await.unwrap_err();
    assert_eq!((http_err(&err).status, http_err(&err).operation), (401, "logout"));
    // A fresh login works again on the same client.
    session::srm_login(&a, &sim.srm_creds("a")).await.unwrap();
    assert_eq!(a.get_current_session().await.unwrap().status, 200);
}

#[tokio::test]
async fn sessions_are_per_site() {
    let sim = Sim::new(150);
    let a = sim.srm("a").await;
    // Raw login on A to learn a session id, then present it to site B: unknown there.
    let creds = sim.srm_creds("a");
    let login = siterecovery::srm::Client::new(a.api().clone().without_auth().with_header("authorization", &creds.basic()));
    let token = login.login().await.unwrap().into_inner().session_id.expect("session_id").expose().to_string();
    assert!(!token.is_empty());
    let b = sim.srm_anon("b");
    b.api().set_auth(siterecovery::session::SRM_SESSION_HEADER, &token);
    assert_eq!(http_err(&b.get_current_session().await.unwrap_err()).status, 401);
    // ... while on A it is a valid session.
    let a2 = sim.srm_anon("a");
    a2.api().set_auth(siterecovery::session::SRM_SESSION_HEADER, &token);
    assert_eq!(a2.get_current_session().await.unwrap().status, 200);
    let b = sim.srm("b").await;
    assert_eq!(b.get_current_session().await.unwrap().inner.username.as_deref(), Some("administrator@vsphere.local"));
    // Logging out of B leaves A logged in.
    b.logout().await.unwrap();
    assert_eq!(a.get_current_session().await.unwrap().status, 200);
}

#[tokio::test]
async fn the_v1_base_url_works_too() {
    let sim = Sim::new(150);
    let v1 = sim.srm_str("a", "/url_v1");
    assert!(v1.ends_with("/api/rest/srm/v1"), "{v1}");
    let a = sim.srm_at(&v1);
    session::srm_login(&a, &sim.srm_creds("a")).await.unwrap();
    assert_eq!(a.get_current_session().await.unwrap().inner.username.as_deref(), Some("administrator@vsphere.local"));
    let list = a.get_pairings(&Default::default()).await.unwrap().into_inner();
    assert!(list.list.is_empty());
    assert_eq!(list.meta.unwrap().total, Some(0));
    assert_eq!(sim.requests("GET", "/srm/a/api/rest/srm/v1/pairings").len(), 1);
    a.logout().await.unwrap();
    assert_eq!(http_err(&a.get_current_session().await.unwrap_err()).status, 401);
}

#[tokio::test]
async fn remote_session_create_and_get() {
    let sim = Sim::new(150);
    let (a, pairing) = sim.paired().await;
    // Not yet logged in to the remote site: getRemoteSession is 401 without body.
    let err = a.get_remote_session(&pairing).await.unwrap_err();
    let h = http_err(&err);
    assert_eq!((h.status, h.operation, h.body.is_none()), (401, "getRemoteSession", true));
    // Wrong remote password -> 401 on createRemoteSession.
    let wrong = Credentials::new("administrator@vsphere.local", "nope").unwrap();
    let err = session::srm_remote_login(&a, &pairing, &wrong).await.unwrap_err();
    assert_eq!((http_err(&err).status, http_err(&err).operation), (401, "createRemoteSession"));
    // Site A's own password is not site B's.
    let err = session::srm_remote_login(&a, &pairing, &sim.srm_creds("a")).await.unwrap_err();
    assert_eq!(http_err(&err).status, 401);
    session::srm_remote_login(&a, &pairing, &sim.srm_creds("b")).await.unwrap();
    let remote = a.get_remote_session(&pairing).await.unwrap();
    assert_eq!(remote.status, 200);
    assert_eq!(remote.inner.username.as_deref(), Some(sim.srm_str("b", "/username").as_str()));
    // The local session is still the local one (the remote login did not replace it).
    assert_eq!(a.get_current_session().await.unwrap().status, 200);
    // Unknown pairing -> 404.
    let unknown = uuid_like();
    let err = a.get_remote_session(&unknown).await.unwrap_err();
    assert_eq!(http_err(&err).status, 404);
    let err = session::srm_remote_login(&a, &unknown, &sim.srm_creds("b")).await.unwrap_err();
    assert_eq!(http_err(&err).status, 404);
}

#[tokio::test]
async fn empty_credentials_are_rejected_before_sending() {
    assert!(matches!(Credentials::new("", "x"), Err(Error::Validation { field, .. }) if field == "username"));
    assert!(matches!(Credentials::new("u", ""), Err(Error::Validation { field, .. }) if field == "password"));
}

fn uuid_like() -> String {
    "00000000-0000-4000-8000-000000000000".to_string()
}
