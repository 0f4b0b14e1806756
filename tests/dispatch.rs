//! `dispatch` and the table path (`siterecovery::call`, what the wasm package uses): every
//! operationId of both specs is callable with JSON arguments, and the arguments are
//! validated before anything is sent.
mod common;

use common::*;
use serde_json::{json, Value};
use siterecovery::{replication, srm, Error, JsonCall};

fn call(path: &[&str], params: Option<Value>, body: Option<Value>) -> JsonCall {
    JsonCall { path: path.iter().map(|s| s.to_string()).collect(), params, body }
}

fn status_of(r: &Result<siterecovery::ResponseValue<Value>, Error>) -> u16 {
    match r {
        Ok(v) => v.status,
        Err(Error::Http(h)) => h.status,
        Err(e) => panic!("not an HTTP answer: {e:?}"),
    }
}

/// Which path a JSON call takes: the typed `dispatch`, or the generated table.
#[derive(Clone, Copy)]
enum Via {
    Typed,
    Table,
}

async fn send(via: Via, client: &srm::Client<InProcess>, id: &str, args: JsonCall) -> Result<siterecovery::ResponseValue<Value>, Error> {
    match via {
        Via::Typed => srm::dispatch(client, id, args).await,
        Via::Table => {
            let op = srm::API.operation(id).expect("operation in the table");
            siterecovery::call::call(client.api(), &srm::API, op, &args, &siterecovery::table::RegexPatterns::new()).await
        }
    }
}

#[tokio::test]
async fn every_srm_operation_is_dispatched() {
    every_srm_operation(Via::Typed).await;
}

#[tokio::test]
async fn every_srm_operation_goes_through_the_table() {
    every_srm_operation(Via::Table).await;
}

async fn every_srm_operation(via: Via) {
    let sim = Sim::new(0);
    let (a, pairing) = sim.paired().await;
    let plans = a.get_all_recovery_plans(&pairing, &Default::default()).await.unwrap().into_inner();
    let plan = plans.list[0].id.clone();
    let task = a.get_recent_tasks_info(&Default::default()).await.unwrap().inner.list[0].id.clone();
    let spec = serde_json::to_value(sim.pairing_spec("a")).unwrap();
    let (p, pl, t) = (pairing.as_str(), plan.as_str(), task.as_str());
    // Login and createRemoteSession take their Basic auth from the client's headers.
    let local_basic = srm::Client::new(a.api().clone().without_auth().with_header("authorization", &sim.srm_creds("a").basic()));
    let remote_basic = srm::Client::new(a.api().clone().with_header("authorization", &sim.srm_creds("b").basic()));

    // In order: (operationId, which client, call, expected status).
    let table: Vec<(&str, &srm::Client<InProcess>, JsonCall, u16)> = vec![
        ("login", &local_basic, call(&[], None, None), 200),
        ("getCurrentSession", &a, call(&[], None, None), 200),
        ("getPairings", &a, call(&[], Some(json!({"limit": "5", "offset": "0"})), None), 200),
        ("getPairing", &a, call(&[p], None, None), 200),
        ("createPairing", &a, call(&[], None, Some(spec.clone())), 202),
        ("reconnectPairing", &a, call(&[p], None, Some(spec.clone())), 202),
        ("getRemoteSession", &a, call(&[p], None, None), 401),
        ("createRemoteSession", &remote_basic, call(&[p], None, None), 204),
        ("getRemoteSession", &a, call(&[p], None, None), 200),
        ("getAllRecoveryPlans", &a, call(&[p], Some(json!({"sort_by": "name"})), None), 200),
        ("getRecoveryPlan", &a, call(&[p, pl], None, None), 200),
        ("cancelRecoveryPlan", &a, call(&[p, pl], None, None), 400),
        ("runTestRecovery", &a, call(&[p, pl], None, Some(json!({"sync_data": false}))), 202),
        ("runCleanupTestRecovery", &a, call(&[p, pl], None, Some(json!({"forced": false}))), 202),
        ("runRecovery", &a, call(&[p, pl], None, Some(json!({"planned_failover": true}))), 202),
        ("runReprotect", &a, call(&[p, pl], None, Some(json!({}))), 202),
        ("getRecentTasksInfo", &a, call(&[], Some(json!({"limit": "2"})), None), 200),
        ("getTaskInfo", &a, call(&[t], None, None), 200),
        ("deletePairing", &a, call(&[p], None, None), 202),
        ("logout", &a, call(&[], None, None), 204),
    ];
    let mut seen = std::collections::BTreeSet::new();
    for (id, client, args, expected) in table {
        let r = send(via, client, id, args).await;
        if let Err(Error::Validation { field, message }) = &r {
            panic!("{id}: validation error {field}: {message}");
        }
        assert_eq!(status_of(&r), expected, "{id}: {r:?}");
        seen.insert(id);
    }
    let all: std::collections::BTreeSet<&str> = srm::OPERATIONS.iter().map(|m| m.operation_id).collect();
    assert_eq!(seen, all, "the table covers every operation of the spec");
    assert_eq!(all.len(), 19);
    // The side effects happened: plan reprotected (sites swapped), pairing gone, logged out.
    let b = sim.srm("b").await;
    assert_eq!(http_err(&b.get_pairing(&pairing).await.unwrap_err()).status, 404);
    assert_eq!(http_err(&a.get_current_session().await.unwrap_err()).status, 401);
}

#[tokio::test]
async fn dispatch_returns_the_typed_response_as_json() {
    let sim = Sim::new(0);
    let (a, pairing) = sim.paired().await;
    let r = srm::dispatch(&a, "getPairing", call(&[&pairing], None, None)).await.unwrap();
    assert_eq!(r.inner["pairing_id"], pairing.as_str());
    assert_eq!(r.inner["local_vc_server"]["id"], sim.srm_str("a", "/vc_guid").as_str());
    let r = srm::dispatch(&a, "getRecentTasksInfo", call(&[], None, None)).await.unwrap();
    assert!(r.inner["list"][0]["queued_time"].is_i64(), "{}", r.inner);
    let r = srm::dispatch(&a, "logout", call(&[], None, None)).await.unwrap();
    assert_eq!((r.status, r.inner.clone()), (204, Value::Null));
}

#[tokio::test]
async fn every_replication_operation_is_dispatched() {
    let sim = Sim::new(0);
    let a = sim.repl_anon("a");
    let login = json!({"type": "localUser", "localUser": sim.vr_str("a", "username"), "localPassword": sim.vr_str("a", "password")});
    let r = replication::dispatch(&a, "login", call(&[], Some(json!({"operationID": "op-1"})), Some(login))).await.unwrap();
    assert_eq!((r.status, r.inner["user"].as_str()), (200, Some("admin")));
    // dispatch does not store the token: do it like h4_login does.
    a.api().set_auth(siterecovery::session::H4_SESSION_HEADER, r.header("x-vcav-auth").unwrap());
    let r = replication::dispatch(&a, "getSites", call(&[], None, None)).await.unwrap();
    assert_eq!(r.inner.as_array().unwrap().len(), 1);
    let pair = json!({"apiUrl": sim.vr_str("b", "api_url"), "apiThumbprint": sim.vr_str("b", "api_thumbprint")});
    let r = replication::dispatch(&a, "pairSite", call(&[], None, Some(pair))).await.unwrap();
    assert_eq!((r.status, r.inner["state"].as_str()), (202, Some("SUCCEEDED")));
    let id = r.inner["id"].as_str().unwrap().to_string();
    let r = replication::dispatch(&a, "getTask", call(&[&id], Some(json!({"operationID": "op-2"})), None)).await.unwrap();
    assert_eq!((r.status, r.inner["id"].as_str()), (200, Some(id.as_str())));
    let r = replication::dispatch(&a, "logout", call(&[], None, None)).await.unwrap();
    assert_eq!(r.status, 204);
    let ids: Vec<&str> = replication::OPERATIONS.iter().map(|m| m.operation_id).collect();
    assert_eq!(ids, vec!["getSites", "getTask", "login", "logout", "pairSite"]);
    let logged: Vec<Option<String>> = sim.handle.requests().into_iter().map(|r| r.operation_id).collect();
    assert_eq!(logged, vec![Some("op-1".into()), None, None, Some("op-2".into()), None]);
}

#[tokio::test]
async fn no_operation_id_is_unknown_to_dispatch() {
    // Even with empty arguments, every id is routed (the error, if any, is about arguments
    // or the server, never "unknown operation").
    let sim = Sim::new(0);
    let (s, r) = (sim.srm_anon("a"), sim.repl_anon("a"));
    for meta in srm::OPERATIONS {
        let result = srm::dispatch(&s, meta.operation_id, JsonCall::default()).await;
        if let Err(Error::Validation { field, message }) = &result {
            assert!(field != "operationId" && !message.contains("unknown operation"), "{}: {message}", meta.operation_id);
        }
    }
    for meta in replication::OPERATIONS {
        let result = replication::dispatch(&r, meta.operation_id, JsonCall::default()).await;
        if let Err(Error::Validation { field, message }) = &result {
            assert!(field != "operationId" && !message.contains("unknown operation"), "{}: {message}", meta.operation_id);
        }
    }
    for bad in ["", "getpairings", "GetPairings", "nope"] {
        let err = srm::dispatch(&s, bad, JsonCall::default()).await.unwrap_err();
        assert!(
            matches!(&err, Error::Validation { field, message } if field == "operationId" && message.contains("unknown operation")),
            "{err:?}"
        );
        let err = replication::dispatch(&r, bad, JsonCall::default()).await.unwrap_err();
        assert!(matches!(&err, Error::Validation { field, .. } if field == "operationId"), "{err:?}");
    }
}

/// The field a validation error names (anything else fails the test).
fn field_of(r: Result<siterecovery::ResponseValue<Value>, Error>) -> String {
    match r {
        Err(Error::Validation { field, .. }) => field,
        other => panic!("expected a validation error, got {other:?}"),
    }
}

/// A pairing spec of site A without its password, and one with the port as a string.
fn broken_specs(sim: &Sim) -> (Value, Value) {
    let spec = serde_json::to_value(sim.pairing_spec("a")).unwrap();
    let mut no_password = spec.clone();
    no_password["pair_psc_info"].as_object_mut().unwrap().remove("password");
    let mut bad_port = spec;
    bad_port["pair_psc_info"]["port"] = json!("443");
    (no_password, bad_port)
}

#[tokio::test]
async fn bad_arguments_are_validation_errors_and_nothing_is_sent() {
    let sim = Sim::new(0);
    let a = sim.srm("a").await;
    sim.handle.clear_requests();
    let (no_password, bad_port) = broken_specs(&sim);
    assert_eq!(field_of(srm::dispatch(&a, "createPairing", call(&[], None, None)).await), "body");
    assert_eq!(field_of(srm::dispatch(&a, "createPairing", call(&[], None, Some(no_password))).await), "pair_psc_info.password");
    assert_eq!(field_of(srm::dispatch(&a, "createPairing", call(&[], None, Some(bad_port))).await), "pair_psc_info.port");
    assert_eq!(field_of(srm::dispatch(&a, "getPairing", call(&[], None, None)).await), "pairing_id");
    assert_eq!(field_of(srm::dispatch(&a, "getRecoveryPlan", call(&["p"], None, None)).await), "plan_id");
    assert_eq!(field_of(srm::dispatch(&a, "getPairing", call(&[" "], None, None)).await), "pairing_id");
    match srm::dispatch(&a, "getPairings", call(&[], Some(json!({"limt": "5"})), None)).await {
        Err(Error::Validation { message, .. }) => assert!(message.contains("unknown field `limt`"), "{message}"),
        other => panic!("expected a validation error, got {other:?}"),
    }
    assert_eq!(field_of(srm::dispatch(&a, "getCurrentSession", call(&[], None, Some(json!({"x": 1})))).await), "body");
    assert_eq!(field_of(srm::dispatch(&a, "logout", call(&[], Some(json!({"a": 1})), None)).await), "params");
    assert_eq!(field_of(srm::dispatch(&a, "runRecovery", call(&["p", "q"], None, Some(json!({"sync_data": "yes"})))).await), "sync_data");
    assert!(sim.handle.requests().is_empty(), "{:?}", sim.handle.requests());
}

#[tokio::test]
async fn the_table_path_checks_arguments_and_answers() {
    let sim = Sim::new(0);
    let a = sim.srm("a").await;
    sim.handle.clear_requests();
    let (no_password, bad_port) = broken_specs(&sim);
    let table = |id, args| send(Via::Table, &a, id, args);
    assert_eq!(field_of(table("createPairing", call(&[], None, None)).await), "body");
    assert_eq!(field_of(table("createPairing", call(&[], None, Some(no_password))).await), "pair_psc_info.password");
    assert_eq!(field_of(table("createPairing", call(&[], None, Some(bad_port))).await), "pair_psc_info.port");
    // Path arguments are named as the JS API names them.
    assert_eq!(field_of(table("getPairing", call(&[], None, None)).await), "pairingId");
    assert_eq!(field_of(table("getRecoveryPlan", call(&["p"], None, None)).await), "planId");
    assert_eq!(field_of(table("getPairing", call(&[" "], None, None)).await), "pairingId");
    assert_eq!(field_of(table("getPairings", call(&[], Some(json!({"limt": "5"})), None)).await), "limt");
    assert_eq!(field_of(table("runRecovery", call(&["p", "q"], None, Some(json!({"sync_data": "yes"})))).await), "sync_data");
    assert!(sim.handle.requests().is_empty(), "{:?}", sim.handle.requests());

    // Answers: the body as the server sent it; an error status as an HTTP error; a body that
    // breaks its schema as a decode error naming the field.
    let (a, pairing) = sim.paired().await;
    let r = table("getPairing", call(&[&pairing], None, None)).await.unwrap();
    assert_eq!(r.inner["pairing_id"], pairing.as_str());
    let r = send(Via::Table, &a, "getPairing", call(&["f61d60d2-698a-46dc-a266-88df27644956"], None, None)).await;
    assert!(matches!(&r, Err(Error::Http(h)) if h.status == 404 && h.operation == "getPairing"), "{r:?}");
    // An error body is checked too: one that breaks its schema lends the error nothing.
    let bad_error = json!({"method": "GET", "path": "/pairings", "kind": "status", "status": 400, "body": {"error_code": 5, "message": "m", "op_id": "o"}});
    let good_error = json!({"method": "GET", "path": "/pairings", "kind": "status", "status": 400, "body": {"error_code": "E", "message": "m", "op_id": "f61d60d2-698a-46dc-a266-88df27644956"}});
    sim.handle.inject_faults(vec![serde_json::from_value(bad_error).unwrap()]);
    let r = send(Via::Table, &a, "getPairings", call(&[], None, None)).await;
    assert!(matches!(&r, Err(Error::Http(h)) if h.status == 400 && h.code.is_none() && h.message.is_none() && h.body.is_none()), "{r:?}");
    sim.handle.inject_faults(vec![serde_json::from_value(good_error).unwrap()]);
    let r = send(Via::Table, &a, "getPairings", call(&[], None, None)).await;
    assert!(
        matches!(&r, Err(Error::Http(h)) if h.code.as_deref() == Some("E") && h.op_id.as_deref() == Some("f61d60d2-698a-46dc-a266-88df27644956")),
        "{r:?}"
    );
    let fault = json!({"method": "GET", "path": "/pairings", "kind": "status", "status": 200, "body": {"list": "not a list"}});
    sim.handle.inject_faults(vec![serde_json::from_value(fault).unwrap()]);
    let r = send(Via::Table, &a, "getPairings", call(&[], None, None)).await;
    assert!(matches!(&r, Err(Error::Decode { status: Some(200), field: Some(f), .. }) if f == "list"), "{r:?}");
}

#[tokio::test]
async fn unknown_parameter_is_named_once() {
    let sim = Sim::new(0);
    let (a, r) = (sim.srm("a").await, sim.repl_anon("a"));
    let err = srm::dispatch(&a, "getPairings", call(&[], Some(json!({"limt": "5"})), None)).await.unwrap_err();
    assert!(matches!(&err, Error::Validation { field, .. } if field == "limt"), "{err:?}");
    let err = replication::dispatch(&r, "getSites", call(&[], Some(json!({"operationId": "x"})), None)).await.unwrap_err();
    assert!(matches!(&err, Error::Validation { field, .. } if field == "operationId"), "{err:?}");
}
