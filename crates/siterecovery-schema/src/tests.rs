//! The validator against a small hand-made table, through the `Json` impl for
//! `serde_json::Value` (module `value`).
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use serde_json::{json, Value};

use crate::table::*;
use crate::*;

/// `^https?://` without a regex engine.
struct Http;
impl Patterns for Http {
    fn is_match(&self, index: u16, _: &str, text: &str) -> bool {
        index != 0 || text.starts_with("http://") || text.starts_with("https://")
    }
}

const URL: Pattern = Pattern { index: 0, source: "^https?://" };

static SCHEMAS: [Schema; 17] = [
    /* 0 */
    Schema {
        name: "PairingSpec",
        properties: &[Property::req("pair_psc_info", 1), Property::opt("pair_srm_url", 2), Property::req("pair_vc_guid", 3)],
        ..Schema::OBJECT
    },
    /* 1 */
    Schema {
        name: "PscInfo",
        properties: &[Property::req("password", 3), Property::req("port", 4), Property::req("thumbprint", 2), Property::req("url", 5)],
        ..Schema::OBJECT
    },
    /* 2 */ Schema { nullable: true, ..Schema::STRING },
    /* 3 */ Schema::STRING,
    /* 4 */
    Schema {
        format: Format::Int32,
        limits: &Limits { minimum: Some(Bound::Inclusive(1.0)), maximum: Some(Bound::Inclusive(65535.0)), ..Limits::NONE },
        ..Schema::INTEGER
    },
    /* 5 */ Schema { limits: &Limits { pattern: Some(URL), ..Limits::NONE }, ..Schema::STRING },
    /* 6 */
    Schema {
        name: "Task",
        properties: &[
            Property::req("id", 7),
            Property::opt("labels", 13),
            Property::opt("list", 12),
            Property::opt("progress", 9),
            Property::opt("queued_time", 11),
            Property::req("status", 8),
        ],
        ..Schema::OBJECT
    },
    /* 7 */ Schema { format: Format::Uuid, ..Schema::STRING },
    /* 8 */
    Schema { limits: &Limits { enumeration: &[Literal::Str("RUNNING"), Literal::Str("SUCCESS")], ..Limits::NONE }, ..Schema::STRING },
    /* 9 */
    Schema { format: Format::Int32, limits: &Limits { maximum: Some(Bound::Exclusive(101.0)), ..Limits::NONE }, ..Schema::INTEGER },
    /* 10 */ Schema { format: Format::Int64, ..Schema::INTEGER },
    /* 11 */ Schema { name: "TaskTime", one_of: &[10, 3], ..Schema::ANY },
    /* 12 */ Schema { items: Some(14), limits: &Limits { max_items: Some(3), ..Limits::NONE }, ..Schema::ARRAY },
    /* 13 */ Schema { additional: Additional::Schema(3), ..Schema::OBJECT },
    /* 14 */ Schema { name: "Endpoint", properties: &[Property::req("url", 5)], additional: Additional::Closed, ..Schema::OBJECT },
    /* 15 */ Schema { name: "Node", properties: &[Property::opt("child", 15)], ..Schema::OBJECT },
    /* 16 */ Schema::NUMBER,
];

static OPERATIONS: [Operation; 2] = [
    Operation {
        operation_id: "createPairing",
        js_name: "createPairing",
        method: "POST",
        path: "/pairings/{pairing_id}",
        permissions: None,
        task_kind: Some("srm"),
        deprecated: false,
        path_params: &[Param { name: "pairing_id", js_name: "pairingId", location: Location::Path, schema: 7, required: true }],
        params: &[
            Param { name: "limit", js_name: "limit", location: Location::Query, schema: 4, required: false },
            Param { name: "operationID", js_name: "operationID", location: Location::Header, schema: 3, required: true },
        ],
        body: Some(Body { schema: 0, required: true, media_type: "application/json" }),
        response_media_type: Some("application/json"),
        responses: &[
            Response { status: 0, schema: Some(3) },
            Response { status: 202, schema: Some(6) },
            Response { status: 204, schema: None },
        ],
    },
    Operation {
        operation_id: "logout",
        js_name: "logout",
        method: "DELETE",
        path: "/session",
        permissions: None,
        task_kind: None,
        deprecated: false,
        path_params: &[],
        params: &[],
        body: None,
        response_media_type: None,
        responses: &[Response { status: 204, schema: None }],
    },
];

static API: Api = Api {
    title: "t",
    version: "1",
    schemas: &SCHEMAS,
    patterns: &["^https?://"],
    operations: &OPERATIONS,
    string_formats: crate::formats::STRING_FORMATS,
};

fn check(id: SchemaId, value: Value, mode: Mode) -> Result<(), (String, Reason)> {
    validate(&API, id, &&value, mode, &Http).map_err(|e| (e.field(), e.reason))
}

fn err(field: &str, reason: Reason) -> Result<(), (String, Reason)> {
    Err((field.to_string(), reason))
}

fn spec() -> Value {
    json!({"pair_vc_guid": "vc", "pair_psc_info": {"url": "https://psc", "port": 443, "thumbprint": null, "username": "u", "password": "p"}})
}

#[test]
fn a_valid_body_passes_and_each_fault_names_its_field() {
    assert_eq!(check(0, spec(), Mode::Request), Ok(()));
    let with = |pointer: &str, v: Value| {
        let mut s = spec();
        *s.pointer_mut(pointer).unwrap() = v;
        check(0, s, Mode::Request)
    };
    assert_eq!(with("/pair_psc_info/port", json!("443")), err("pair_psc_info.port", Reason::WrongType(Kind::Integer)));
    assert_eq!(with("/pair_psc_info/port", json!(443.0)), err("pair_psc_info.port", Reason::WrongType(Kind::Integer)));
    assert_eq!(with("/pair_psc_info/port", json!(0)), err("pair_psc_info.port", Reason::BelowMinimum));
    assert_eq!(with("/pair_psc_info/port", json!(3_000_000_000u64)), err("pair_psc_info.port", Reason::AboveMaximum));
    assert_eq!(with("/pair_psc_info/url", json!("ftp://x")), err("pair_psc_info.url", Reason::Pattern("^https?://")));
    assert_eq!(with("/pair_psc_info/thumbprint", json!("t")), Ok(()));
    assert_eq!(with("/pair_psc_info", json!(null)), err("pair_psc_info", Reason::WrongType(Kind::Object)));
    assert_eq!(with("", json!([])), err("body", Reason::WrongType(Kind::Object)));
    // `null` on an optional property is "absent"; on a required one only if nullable.
    let mut s = spec();
    s["pair_srm_url"] = json!(null);
    assert_eq!(check(0, s, Mode::Request), Ok(()));
    assert_eq!(with("/pair_vc_guid", json!(null)), err("pair_vc_guid", Reason::WrongType(Kind::String)));
    let mut s = spec();
    s["pair_psc_info"].as_object_mut().unwrap().remove("thumbprint");
    assert_eq!(check(0, s, Mode::Request), err("pair_psc_info.thumbprint", Reason::Missing), "required even if nullable");
    // Unknown fields of an open object are fine in both directions.
    let mut s = spec();
    s["surprise"] = json!({"deep": [1]});
    assert_eq!(check(0, s, Mode::Request), Ok(()));
}

#[test]
fn a_string_format_is_checked_by_the_check_its_table_lists() {
    // Schema 7 is `format: uuid`: checked with the table's checks, unchecked by a table that
    // lists none (what the generator writes when no schema uses one: the check is not linked).
    let unlisted = Api { string_formats: &[], ..API };
    assert_eq!(check(7, json!("not a uuid"), Mode::Response), err("body", Reason::Format(Format::Uuid)));
    assert_eq!(validate(&unlisted, 7, &&json!("not a uuid"), Mode::Response, &Http).map_err(|e| e.reason), Ok(()));
    assert_eq!(validate(&unlisted, 7, &&json!(5), Mode::Response, &Http).map_err(|e| e.reason), Err(Reason::WrongType(Kind::String)));
}

#[test]
fn enums_formats_one_of_arrays_maps_and_closed_objects() {
    let task = |extra: Value| {
        let mut t = json!({"id": "6f1c1c36-1f2b-4a53-9a8e-3b2d3c1e0f11", "status": "RUNNING"});
        t.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        t
    };
    let resp = |v: Value| check(6, v, Mode::Response);
    assert_eq!(resp(task(json!({"progress": 100, "queued_time": 5, "labels": {"a": "b"}}))), Ok(()));
    assert_eq!(resp(task(json!({"status": "DONE"}))), err("status", Reason::NotInEnum));
    assert_eq!(resp(task(json!({"id": "string"}))), err("id", Reason::Format(Format::Uuid)));
    // Bounds the typed client does not check hold for requests only.
    assert_eq!(check(6, task(json!({"progress": 101})), Mode::Request), err("progress", Reason::AboveMaximum), "exclusive maximum");
    assert_eq!(resp(task(json!({"progress": 101}))), Ok(()));
    assert_eq!(resp(task(json!({"progress": 3_000_000_000u64}))), err("progress", Reason::AboveMaximum), "int32 holds in both");
    assert_eq!(resp(task(json!({"queued_time": "2024-05-01"}))), Ok(()));
    assert_eq!(resp(task(json!({"queued_time": true}))), err("queued_time", Reason::NoAlternative));
    assert_eq!(resp(task(json!({"labels": {"a": "b", "c d": 1}}))), err("labels.c d", Reason::WrongType(Kind::String)));
    let list = json!({"list": [{"url": "http://a"}, {"url": "http://b", "extra": 1}]});
    assert_eq!(resp(task(list.clone())), Ok(()), "responses allow unknown fields even where closed");
    assert_eq!(check(6, task(list), Mode::Request), err("list[1].extra", Reason::UnknownField));
    assert_eq!(resp(task(json!({"list": [{"url": "http://a"}, {}]}))), err("list[1].url", Reason::Missing));
    assert_eq!(resp(task(json!({"list": [{"url": "http://a"}, {"url": "x"}]}))), err("list[1].url", Reason::Pattern("^https?://")));
    let four = json!({"list": [{"url": "http://a"}, {"url": "http://a"}, {"url": "http://a"}, {"url": "http://a"}]});
    assert_eq!(check(6, task(four.clone()), Mode::Request), err("list", Reason::TooLong));
    assert_eq!(resp(task(four)), Ok(()));
    let mut t = task(json!({}));
    t.as_object_mut().unwrap().remove("status");
    assert_eq!(resp(t), err("status", Reason::Missing));
}

#[test]
fn a_received_request_takes_null_only_where_the_spec_does() {
    let task = json!({"id": "6f1c1c36-1f2b-4a53-9a8e-3b2d3c1e0f11", "status": "RUNNING", "progress": null});
    assert_eq!(check(6, task.clone(), Mode::Request), Ok(()), "absent, as the typed client reads it");
    assert_eq!(check(6, task, Mode::Received), err("progress", Reason::WrongType(Kind::Integer)));
    let mut s = spec();
    s["pair_srm_url"] = json!(null);
    assert_eq!(check(0, s, Mode::Received), Ok(()), "nullable");
    // Otherwise held to the spec as a request is.
    let closed = json!({"id": "6f1c1c36-1f2b-4a53-9a8e-3b2d3c1e0f11", "status": "RUNNING", "list": [{"url": "http://a", "x": 1}]});
    assert_eq!(check(6, closed, Mode::Received), err("list[0].x", Reason::UnknownField));
    let op = API.operation("createPairing").unwrap();
    let id = json!("6f1c1c36-1f2b-4a53-9a8e-3b2d3c1e0f11");
    let params = json!({"operationID": "o"});
    let received =
        |body: Value| validate_received(&API, op, &[&id], Some(&&params), Some(&&body), &Http).map_err(|e| (e.field(), e.reason));
    assert_eq!(received(spec()), Ok(()));
    let mut s = spec();
    s["pair_psc_info"]["port"] = json!(0);
    assert_eq!(received(s), err("pair_psc_info.port", Reason::BelowMinimum));
}

#[test]
fn deep_input_is_an_error_not_a_stack_overflow() {
    let mut node = json!({});
    for _ in 0..MAX_DEPTH + 10 {
        node = json!({"child": node});
    }
    let e = validate(&API, 15, &&node, Mode::Response, &Http).unwrap_err();
    assert_eq!(e.reason, Reason::TooDeep);
    assert!(e.field().starts_with("child.child."), "{}", e.field());
    // Deeply nested data under a schema that does not look inside is not walked at all.
    assert_eq!(check(13, json!({}), Mode::Response), Ok(()));
}

fn request(path: &[Value], params: Option<Value>, body: Option<Value>) -> Result<(), (String, Reason)> {
    let op = API.operation("createPairing").unwrap();
    let path: Vec<&Value> = path.iter().collect();
    validate_request(&API, op, &path, params.as_ref().as_ref(), body.as_ref().as_ref(), &Http).map_err(|e| (e.field(), e.reason))
}

#[test]
fn requests_check_path_arguments_parameters_and_body() {
    let id = [json!("6f1c1c36-1f2b-4a53-9a8e-3b2d3c1e0f11")];
    let params = || Some(json!({"operationID": "op-1"}));
    assert_eq!(request(&id, params(), Some(spec())), Ok(()));
    assert_eq!(request(&[], params(), Some(spec())), err("pairingId", Reason::Missing));
    assert_eq!(request(&[json!(" ")], params(), Some(spec())), err("pairingId", Reason::Empty));
    for dots in [".", ".."] {
        assert_eq!(request(&[json!(dots)], params(), Some(spec())), err("pairingId", Reason::DotSegment), "{dots}");
    }
    // Three dots are a name (here not a uuid).
    assert_eq!(request(&[json!("...")], params(), Some(spec())), err("pairingId", Reason::Format(Format::Uuid)));
    assert_eq!(request(&[json!("p-1")], params(), Some(spec())), err("pairingId", Reason::Format(Format::Uuid)));
    assert_eq!(request(&[id[0].clone(), json!("x")], params(), Some(spec())), err("path", Reason::NotAccepted));
    assert_eq!(request(&id, params(), None), err("body", Reason::Missing));
    assert_eq!(request(&id, params(), Some(json!(null))), err("body", Reason::Missing));
    assert_eq!(request(&id, None, Some(spec())), err("operationID", Reason::Missing));
    assert_eq!(request(&id, Some(json!({"operationID": null})), Some(spec())), err("operationID", Reason::Missing));
    assert_eq!(request(&id, Some(json!({"operationID": "o", "limt": 5})), Some(spec())), err("limt", Reason::UnknownField));
    assert_eq!(request(&id, Some(json!({"operationID": "o", "limit": "5"})), Some(spec())), err("limit", Reason::WrongType(Kind::Integer)));
    assert_eq!(request(&id, Some(json!({"operationID": "o", "limit": null})), Some(spec())), Ok(()));
    assert_eq!(request(&id, Some(json!("o")), Some(spec())), err("params", Reason::WrongType(Kind::Object)));

    let logout = API.operation("logout").unwrap();
    let none: &[&Value] = &[];
    let run = |params: Value, body: Option<Value>| {
        validate_request(&API, logout, none, Some(&&params), body.as_ref().as_ref(), &Http).map_err(|e| (e.field(), e.reason))
    };
    assert_eq!(run(json!({}), None), Ok(()));
    assert_eq!(run(json!({"a": 1}), None), err("params", Reason::NotAccepted));
    assert_eq!(run(json!({}), Some(json!({"x": 1}))), err("body", Reason::NotAccepted));
}

#[test]
fn responses_are_checked_by_status_then_default() {
    let op = API.operation("createPairing").unwrap();
    let resp = |status: u16, body: Option<Value>| {
        validate_response(&API, op, status, body.as_ref().as_ref(), &Http).map_err(|e| (e.field(), e.reason))
    };
    assert_eq!(resp(202, Some(json!({"id": "6f1c1c36-1f2b-4a53-9a8e-3b2d3c1e0f11", "status": "SUCCESS", "new": 1}))), Ok(()));
    assert_eq!(resp(202, Some(json!({"status": "SUCCESS"}))), err("id", Reason::Missing));
    assert_eq!(resp(202, None), err("body", Reason::Missing));
    assert_eq!(resp(204, None), Ok(()));
    assert_eq!(resp(500, Some(json!("boom"))), Ok(()), "default: a string");
    assert_eq!(resp(500, Some(json!({}))), err("body", Reason::WrongType(Kind::String)));
    assert_eq!(op.success_statuses().collect::<Vec<_>>(), [202, 204]);
    assert!(op.is_success(202) && op.is_success(204) && !op.is_success(200) && !op.is_success(500));
    // No 2xx documented (only `default`): any 2xx is a success.
    let undocumented = Operation { responses: &[Response { status: DEFAULT_STATUS, schema: None }], ..Operation::get("/x", &[], &[]) };
    assert!(undocumented.is_success(200) && undocumented.is_success(299));
    assert!(!undocumented.is_success(300) && !undocumented.is_success(199) && !undocumented.is_success(DEFAULT_STATUS));
    assert!(API.operation("nope").is_none() && API.schema_named("Task") == Some(6) && API.schema(99).is_none());
}

#[test]
fn fields_and_messages_render_without_surprises() {
    let e = Invalid {
        place: Place::Body,
        path: alloc::vec![Segment::Name("list"), Segment::Index(1203), Segment::Key("id".into())],
        reason: Reason::Pattern("^a$"),
    };
    assert_eq!(e.field(), "list[1203].id");
    assert_eq!(e.to_string(), "list[1203].id: does not match the required pattern \"^a$\"");
    let root = Invalid { place: Place::Params, path: Vec::new(), reason: Reason::NotAccepted };
    assert_eq!((root.field(), root.to_string()), ("params".into(), "params: is not accepted by this operation".into()));
    let zero = Invalid { place: Place::Body, path: alloc::vec![Segment::Index(0)], reason: Reason::Missing };
    assert_eq!(zero.field(), "[0]");
}

/// A `serde_json::Value` whose strings "NaN", "Infinity" and "-Infinity" read as those
/// numbers: what a JS value can hold and JSON cannot.
#[derive(Clone, Copy)]
struct Doubles<'a>(&'a Value);

impl Doubles<'_> {
    fn double(&self) -> Option<f64> {
        match self.0.as_str()? {
            "NaN" => Some(f64::NAN),
            "Infinity" => Some(f64::INFINITY),
            "-Infinity" => Some(f64::NEG_INFINITY),
            _ => None,
        }
    }
}

impl<'a> Json for Doubles<'a> {
    fn kind(&self) -> JsonKind {
        if self.double().is_some() {
            JsonKind::Number
        } else {
            (&self.0).kind()
        }
    }
    fn as_bool(&self) -> Option<bool> {
        self.0.as_bool()
    }
    fn as_number(&self) -> Option<Number> {
        self.double().map(Number::Float).or_else(|| (&self.0).as_number())
    }
    fn as_str(&self) -> Option<alloc::borrow::Cow<'_, str>> {
        self.double().is_none().then(|| self.0.as_str()).flatten().map(alloc::borrow::Cow::Borrowed)
    }
    fn array_len(&self) -> usize {
        (&self.0).array_len()
    }
    fn item(&self, index: usize) -> Option<Self> {
        self.0.get(index).map(Doubles)
    }
    fn get(&self, key: &str) -> Option<Self> {
        self.0.get(key).map(Doubles)
    }
    fn entries(&self, each: &mut dyn FnMut(&str, Self) -> bool) {
        (&self.0).entries(&mut |k, v| each(k, Doubles(v)))
    }
}

#[test]
fn requests_refuse_numbers_json_cannot_carry_even_where_anything_goes() {
    let run = |id: SchemaId, v: Value, mode: Mode| validate(&API, id, &Doubles(&v), mode, &Http).map_err(|e| (e.field(), e.reason));
    let mut s = spec();
    s["note"] = json!("NaN");
    assert_eq!(run(0, s.clone(), Mode::Request), err("note", Reason::NotFinite), "an unknown field of an open object");
    assert_eq!(run(0, s, Mode::Response), Ok(()), "responses come from JSON");
    let mut s = spec();
    s["pair_psc_info"]["extra"] = json!({"ports": [443, "-Infinity"], "name": "Infinity-ish"});
    assert_eq!(run(0, s, Mode::Request), err("pair_psc_info.extra.ports[1]", Reason::NotFinite));
    assert_eq!(run(16, json!("Infinity"), Mode::Request), err("body", Reason::NotFinite), "a number schema");
    assert_eq!(run(16, json!(1.5), Mode::Request), Ok(()));
    assert_eq!(run(4, json!("NaN"), Mode::Request), err("body", Reason::WrongType(Kind::Integer)));
    let mut s = spec();
    s["note"] = json!({"a": [1, "two", null, {"b": 1e300}]});
    assert_eq!(run(0, s, Mode::Request), Ok(()), "finite free-form values pass");
    // Free-form values are walked no deeper than the rest.
    let mut deep = json!(1);
    for _ in 0..MAX_DEPTH + 2 {
        deep = json!([deep]);
    }
    let mut s = spec();
    s["note"] = deep;
    assert_eq!(run(0, s.clone(), Mode::Request).map_err(|e| e.1), Err(Reason::TooDeep));
    assert_eq!(run(0, s, Mode::Response), Ok(()));
}
