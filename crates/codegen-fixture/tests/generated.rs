//! The root build.rs, unchanged, on a large foreign spec (302 operations: nullable, enums,
//! $ref chains, allOf, oneOf, maps, patterns, vendor extensions, several response codes):
//! the module compiles (this file builds) and behaves.
use std::cell::RefCell;

use codegen_fixture::inventory::{self, params, types, Client, OPERATIONS};
use serde_json::json;
use siterecovery::{ApiClient, Error, JsonCall, Request, Response, Transport, TransportError};

/// Answers every request with one canned response and records what was sent.
struct Canned {
    status: u16,
    body: serde_json::Value,
    sent: RefCell<Vec<Request>>,
}

impl Transport for Canned {
    async fn send(&self, request: Request) -> Result<Response, TransportError> {
        self.sent.borrow_mut().push(request);
        let body = if self.body.is_null() { Vec::new() } else { serde_json::to_vec(&self.body).unwrap() };
        Ok(Response { status: self.status, headers: vec![], body })
    }
}

fn client(status: u16, body: serde_json::Value) -> Client<Canned> {
    Client::new(ApiClient::new("https://inventory.example/api/", Canned { status, body, sent: RefCell::new(vec![]) }).unwrap())
}

#[test]
fn every_operation_is_generated_with_metadata() {
    assert_eq!(OPERATIONS.len(), 302);
    let create = OPERATIONS.iter().find(|o| o.operation_id == "createResource07").unwrap();
    assert_eq!((create.method, create.path), ("POST", "/resource07s"));
    assert_eq!(create.success_statuses, &[202]);
    let update = OPERATIONS.iter().find(|o| o.operation_id == "updateResource07").unwrap();
    assert_eq!(update.request_schema, Some("UpdateResource07Body"), "inline body hoisted");
    assert_eq!(update.success_statuses, &[200, 204]);
    // The rest of an operation's metadata is in the table.
    let api = &inventory::API;
    let create = api.operation("createResource07").unwrap();
    assert_eq!(create.permissions, Some("Fixture.Resource07.Create"));
    assert_eq!(create.task_kind, Some("fixture"), "allOf of a task schema is a task");
    assert!(api.operation("updateResource07").unwrap().deprecated);
    assert!(api.operations.iter().filter(|o| o.returns_task()).count() >= 60);
    let ts = codegen_fixture::TYPESCRIPT[0].1;
    assert!(ts.contains("export type Resource07 = Resource07Base & {"), "allOf -> intersection");
    assert!(ts.contains("parent_id?: string | null;"), "nullable");
    assert!(ts.contains("\"alpha\" | \"beta\" | \"gamma-ray\" | \"DELTA_4\""), "enum");
}

#[tokio::test]
async fn typed_call_encodes_the_request_and_decodes_allof_nullable_and_unknown_fields() {
    let c = client(202, json!({"id": "j1", "state": "RUNNING", "finished_at": null, "_meta": {"total": 1}, "surprise": [1, 2]}));
    let body = types::Resource03Base::builder().name("db-tier").kind(types::Resource03Kind::GammaRay);
    let body: types::Resource03Base = body.try_into().unwrap();
    let job = c.create_resource03(&body).await.unwrap();
    assert_eq!(job.status, 202);
    assert_eq!(job.inner.state, types::JobEnvelopeState::Running);
    assert_eq!(job.inner.finished_at, None);
    let sent = c.api().transport().sent.borrow();
    assert_eq!(sent[0].method, "POST");
    assert_eq!(sent[0].url, "https://inventory.example/api/resource03s");
    let sent_body: serde_json::Value = serde_json::from_slice(sent[0].body.as_ref().unwrap()).unwrap();
    assert_eq!(sent_body, json!({"name": "db-tier", "kind": "gamma-ray"}));
}

#[tokio::test]
async fn query_header_and_path_parameters_are_encoded() {
    let c = client(200, json!({"list": [], "_meta": {"total": 0}}));
    let p = params::ListResource01sParams {
        limit: Some(5),
        offset: None,
        kind: vec!["a b".into(), "c&d".into()],
        x_request_id: Some("req-1".into()),
    };
    c.list_resource01s(&p).await.unwrap();
    c.get_resource01("id with/slash").await.err();
    let sent = c.api().transport().sent.borrow();
    assert_eq!(sent[0].url, "https://inventory.example/api/resource01s?limit=5&kind=a%20b&kind=c%26d");
    assert!(sent[0].headers.contains(&("X-Request-Id".into(), "req-1".into())));
    assert_eq!(sent[1].url, "https://inventory.example/api/resource01s/id%20with%2Fslash");
    assert!(sent[1].headers.contains(&("accept".into(), "application/vnd.fixture.v1+json;charset=UTF-8".into())));
}

#[tokio::test]
async fn two_hundred_or_two_hundred_four() {
    let c = client(204, serde_json::Value::Null);
    let r = c.update_resource02("x", None).await.unwrap();
    assert_eq!((r.status, r.inner), (204, None));
}

#[tokio::test]
async fn error_bodies_decode_and_bad_input_sends_nothing() {
    let c = client(409, json!({"error_code": "Conflict", "message": "exists", "op_id": "6f1c1c36-1f2b-4a53-9a8e-3b2d3c1e0f11"}));
    let err = c.delete_resource04("x").await.unwrap_err();
    let http = err.http().unwrap();
    assert_eq!((http.status, http.code.as_deref(), http.operation), (409, Some("Conflict"), "deleteResource04"));
    assert_eq!(http.op_id.as_deref(), Some("6f1c1c36-1f2b-4a53-9a8e-3b2d3c1e0f11"));

    let cases = [
        (json!({"kind": "alpha"}), "name"),
        (json!({"name": "ok", "thumbprint": "SHA-1:00"}), "thumbprint"),
        (json!({"name": "ok", "kind": "omega"}), "kind"),
        (json!({"name": ""}), "name"),
    ];
    for (body, field) in cases {
        let call = JsonCall { body: Some(body.clone()), ..Default::default() };
        match inventory::dispatch(&c, "createResource05", call).await {
            Err(Error::Validation { field: f, .. }) => assert_eq!(f, field, "{body}"),
            other => panic!("{body}: expected a validation error, got {other:?}"),
        }
    }
    let call = JsonCall { params: Some(json!({"limit": "ten"})), ..Default::default() };
    assert!(matches!(inventory::dispatch(&c, "listResource05s", call).await, Err(Error::Validation { field, .. }) if field == "limit"));
    let call = JsonCall { path: vec!["".into()], ..Default::default() };
    assert!(
        matches!(inventory::dispatch(&c, "getResource05", call).await, Err(Error::Validation { field, .. }) if field == "resource05_id")
    );
    assert_eq!(c.api().transport().sent.borrow().len(), 1, "only the DELETE was sent");
}

#[test]
fn the_table_holds_every_operation_and_names_the_fields_dispatch_names() {
    use siterecovery::table::{check_request, check_response, RegexPatterns};
    let api = &inventory::API;
    assert_eq!(api.operations.len(), OPERATIONS.len());
    for (op, meta) in api.operations.iter().zip(OPERATIONS) {
        assert_eq!((op.operation_id, op.method, op.path), (meta.operation_id, meta.method, meta.path));
        assert_eq!(op.success_statuses().collect::<Vec<_>>(), meta.success_statuses, "{}", op.operation_id);
    }
    let patterns = RegexPatterns::new();
    let create = api.operation("createResource05").unwrap();
    for (body, field) in [
        (json!({"kind": "alpha"}), "name"),
        (json!({"name": "ok", "thumbprint": "SHA-1:00"}), "thumbprint"),
        (json!({"name": "ok", "kind": "omega"}), "kind"),
        (json!({"name": ""}), "name"),
        (json!({"name": "ok", "labels": {"a": 1}}), "labels.a"),
    ] {
        let call = JsonCall { body: Some(body.clone()), ..Default::default() };
        assert_eq!(check_request(api, create, &call, &patterns).unwrap_err().field(), field, "{body}");
    }
    // allOf merged (JobEnvelope = Job + _meta): Job's required fields hold.
    let job = json!({"id": "j1", "state": "RUNNING", "_meta": {"total": 1}, "surprise": [1]});
    assert_eq!(check_response(api, create, 202, Some(&job), &patterns), Ok(()));
    assert_eq!(check_response(api, create, 202, Some(&json!({"id": "j1"})), &patterns).unwrap_err().field(), "state");
    // oneOf of closed objects: an unknown field is refused in a request and read past in a
    // response; a shape that is neither alternative is refused in both.
    let get = api.operation("getResource05").unwrap();
    let resource = |endpoint: serde_json::Value| json!({"id": "6f1c1c36-1f2b-4a53-9a8e-3b2d3c1e0f11", "name": "r", "endpoint": endpoint});
    assert_eq!(check_response(api, get, 200, Some(&resource(json!({"url": "u", "x": 1}))), &patterns), Ok(()));
    assert_eq!(check_response(api, get, 200, Some(&resource(json!({"host": "h"}))), &patterns).unwrap_err().field(), "endpoint");
    let endpoint = api.schema_named("Endpoint").unwrap();
    let value = json!({"url": "u", "x": 1});
    let strict = siterecovery::schema::validate(api, endpoint, &&value, siterecovery::schema::Mode::Request, &patterns);
    assert_eq!(strict.unwrap_err().field(), "body");
}
