//! Parity of the two ways to check a request or a response: the schema + operations table
//! (one validator over JSON values, `siterecovery::schema`) and the typed serde path (the
//! generated types, decoded the way the client decodes them). For every request and
//! response schema the typed client uses, both must give the same verdict and name the
//! same field, on
//! - the JSON fixtures the other tests use and the vendor's own examples
//!   (`tests/fixtures/parity.json`),
//! - the traffic of a whole session with the simulator (both APIs, every operation), and
//! - cases generated from the schemas (proptest; `PROPTEST_CASES` sets how many per API).
//!
//! Where the two differ on purpose, [`Difference`] says how and why; any other disagreement
//! fails the test.
#[path = "parity/cases.rs"]
mod cases;
mod common;
#[path = "parity/mutate.rs"]
mod mutate;
#[path = "parity/traffic.rs"]
mod traffic;
#[path = "parity/typed.rs"]
mod typed;
#[path = "parity/valid.rs"]
mod valid;

use std::cell::RefCell;
use std::collections::BTreeMap;

use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::Value;
use siterecovery::schema::table::{Additional, Kind, Operation, Schema, SchemaId};
use siterecovery::schema::{validate, Api, Invalid, Place, Reason, Segment};
use siterecovery::table::{check_request, check_response, RegexPatterns};
use siterecovery::{replication, srm, JsonCall, OperationMeta};
use siterecovery_sim::TimestampStyle;

use cases::{Generator, Target};
use typed::Verdict;

/// Generated cases per API when `PROPTEST_CASES` is not set (~7 s for both in a debug build).
const DEFAULT_CASES: u32 = 10_000;

/// The ways the table and the typed client differ on purpose. Each was decided for users;
/// the table follows the decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Difference {
    /// In a request, a number outside the spec's `minimum`/`maximum` that fits the Rust type
    /// (or an array outside `minItems`/`maxItems`): the typed client only bounds integers by
    /// their Rust type (typify drops the rest); the table refuses it before it is sent.
    /// Responses are not held to these bounds, as in the typed client (SRM task `progress`
    /// 0–100, list `total` ≥ 0: a server off by one must not fail a workflow). Neither API
    /// has a bounded request field today, so only the unit tests see this one.
    Bounds,
    /// `null` for an optional array or free-form object (`list`, `args`, `warnings`, the
    /// `filter` parameter, h4 `workflowInfo`): the typed client's `Vec` / `Map` (with
    /// `#[serde(default)]`) rejects it; the table reads `null` on any optional property as
    /// absent, as the typed client itself does for every other type (servers write `null`
    /// for empty lists).
    NullForOptionalCollection,
    /// SRM `TaskTime` maps onto the hand-written `EpochMillis` (`x-rust-type`), which takes
    /// only numbers and parseable timestamp strings; the table follows the spec (an int64
    /// or any string), which is all it can know. The task view normalises the value later.
    TaskTime,
    /// Path arguments: the table checks them against their schema (h4 `getTask` takes a
    /// uuid); the typed client only refuses blank ones. A malformed id is refused unsent.
    PathFormat,
    /// A parameters argument that is not an object: the typed client's field naming falls
    /// back to `body`; the table names it `params`.
    ParamsNotObject,
    /// An array where an object is expected: serde's derived structs also take their fields
    /// as a sequence, in declaration order, so the typed client accepts `["u", 443, ...]`
    /// or names an element (`[0]`); the table says the object itself has the wrong type.
    ArrayForObject,
}

struct Spec {
    name: &'static str,
    api: &'static Api,
    metas: &'static [OperationMeta],
}

fn specs() -> [Spec; 2] {
    [
        Spec { name: "srm", api: &srm::API, metas: srm::OPERATIONS },
        Spec { name: "replication", api: &replication::API, metas: replication::OPERATIONS },
    ]
}

impl Spec {
    fn meta(&self, op: &Operation) -> &'static OperationMeta {
        self.metas.iter().find(|m| m.operation_id == op.operation_id).expect("metadata of every table operation")
    }

    fn op(&self, operation_id: &str) -> &'static Operation {
        self.api.operation(operation_id).unwrap_or_else(|| panic!("no operation {operation_id}"))
    }

    fn schema_name(&self, id: SchemaId) -> &'static str {
        self.api.schema(id).map_or("", |s| s.name)
    }
}

/// What a check was about, to find the schema behind a field.
#[derive(Clone, Copy)]
enum Root {
    Schema(SchemaId),
    Call(&'static Operation),
}

type TableVerdict = Result<(), Invalid>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Outcome {
    Accepted,
    Rejected,
    Differ(Difference),
}

fn describe(table: &TableVerdict, typed: &Verdict) -> String {
    let t = match table {
        Ok(()) => "accepts".to_string(),
        Err(e) => format!("rejects {e}"),
    };
    let s = match typed {
        Ok(()) => "accepts".to_string(),
        Err(f) => format!("rejects {}: {}", f.field, f.message),
    };
    format!("table {t}; typed {s}")
}

/// The JSON that was checked: a body, and a call's parameters.
#[derive(Clone, Copy, Default)]
struct Checked<'a> {
    body: Option<&'a Value>,
    params: Option<&'a Value>,
}

impl<'a> Checked<'a> {
    fn of_call(call: &'a JsonCall) -> Self {
        Checked { body: call.body.as_ref(), params: call.params.as_ref() }
    }

    /// The value a table error points at.
    fn at(&self, e: &Invalid) -> Option<&'a Value> {
        let start = match e.place {
            Place::Body => self.body,
            Place::Params => self.params,
            Place::Path => None,
        };
        e.path.iter().try_fold(start?, |v, segment| match segment {
            Segment::Name(n) => v.get(*n),
            Segment::Key(k) => v.get(k),
            Segment::Index(i) => v.get(*i),
        })
    }
}

/// Same verdict and field, or a listed difference.
fn judge(spec: &Spec, root: Root, checked: Checked, table: &TableVerdict, typed: &Verdict) -> Result<Outcome, String> {
    match (table, typed) {
        (Ok(()), Ok(())) => Ok(Outcome::Accepted),
        (Err(t), Err(s)) if t.field() == s.field => Ok(Outcome::Rejected),
        _ => classify(spec, root, checked, table, typed).map(Outcome::Differ).ok_or_else(|| describe(table, typed)),
    }
}

fn classify(spec: &Spec, root: Root, checked: Checked, table: &TableVerdict, typed: &Verdict) -> Option<Difference> {
    let array_at = |e: &Invalid| checked.at(e).is_some_and(Value::is_array);
    let at = |place: Place, field: &str| schema_at(spec.api, root, place, field);
    let task_time = |place, field: &str| at(place, field).is_some_and(|s| s.name == "TaskTime");
    if typed.as_ref().err().is_some_and(|f| task_time(f.place, &f.field))
        || table.as_ref().err().is_some_and(|e| task_time(e.place, &e.field()))
    {
        return Some(Difference::TaskTime);
    }
    match (table, typed) {
        (Err(e), Ok(())) if matches!(e.reason, Reason::BelowMinimum | Reason::AboveMaximum) => {
            at(e.place, &e.field()).filter(|s| s.limits.minimum.is_some() || s.limits.maximum.is_some()).map(|_| Difference::Bounds)
        }
        (Err(e), Ok(())) if e.place == Place::Path && matches!(e.reason, Reason::Format(_)) => Some(Difference::PathFormat),
        (Ok(()), Err(f))
            if f.message.starts_with("invalid type: null, expected a sequence")
                || f.message.starts_with("invalid type: null, expected a map") =>
        {
            at(f.place, &f.field).filter(|s| matches!(s.kind, Kind::Array | Kind::Object)).map(|_| Difference::NullForOptionalCollection)
        }
        (Err(e), Err(f))
            if e.place == Place::Params && e.path.is_empty() && e.reason == Reason::WrongType(Kind::Object) && f.field == "body" =>
        {
            Some(Difference::ParamsNotObject)
        }
        (Err(e), typed) if e.reason == Reason::WrongType(Kind::Object) && array_at(e) => {
            let prefix = if e.path.is_empty() { "[".to_string() } else { format!("{}[", e.field()) };
            let inside = |f: &typed::Fault| f.field.starts_with(&prefix);
            (typed.is_ok() || typed.as_ref().err().is_some_and(inside)).then_some(Difference::ArrayForObject)
        }
        _ => None,
    }
}

/// The schema at `field` (`list[0].queued_time`) of what `root` checks.
fn schema_at(api: &'static Api, root: Root, place: Place, field: &str) -> Option<&'static Schema> {
    let mut parts = field.split('.').flat_map(|p| p.split('[')).map(|p| p.trim_end_matches(']')).filter(|p| !p.is_empty());
    let mut schema = match (root, place) {
        (_, Place::Body) if matches!(field, "body") => None,
        (Root::Schema(id), _) => api.schema(id),
        (Root::Call(op), Place::Body) => op.body.and_then(|b| api.schema(b.schema)),
        (Root::Call(op), Place::Params) => {
            let name = parts.next()?;
            op.params.iter().find(|p| p.name == name).and_then(|p| api.schema(p.schema))
        }
        (Root::Call(op), Place::Path) => {
            let name = parts.next()?;
            op.path_params.iter().find(|p| p.js_name == name).and_then(|p| api.schema(p.schema))
        }
    }?;
    for part in parts {
        let next = match part.parse::<usize>() {
            Ok(_) => schema.items,
            Err(_) => schema.property(part).map(|p| p.schema).or(match schema.additional {
                Additional::Schema(id) => Some(id),
                _ => None,
            }),
        };
        schema = api.schema(next?)?;
    }
    Some(schema)
}

/// Tally of outcomes, printed at the end of a test.
#[derive(Default)]
struct Tally(BTreeMap<Outcome, usize>);

impl Tally {
    fn add(&mut self, outcome: Outcome) {
        *self.0.entry(outcome).or_default() += 1;
    }
    fn total(&self) -> usize {
        self.0.values().sum()
    }
    fn report(&self, what: &str) {
        let parts: Vec<String> = self.0.iter().map(|(o, n)| format!("{o:?}: {n}")).collect();
        eprintln!("{what}: {} cases ({})", self.total(), parts.join(", "));
    }
}

fn table_value(spec: &Spec, id: SchemaId, value: &Value, mode: siterecovery::schema::Mode) -> TableVerdict {
    validate(spec.api, id, &value, mode, &RegexPatterns::new())
}

/// A response body through both paths: the schema of its status, if it has one.
fn check_response_both(spec: &Spec, op: &'static Operation, status: u16, body: Option<&Value>) -> Result<Outcome, String> {
    let patterns = RegexPatterns::new();
    let table = check_response(spec.api, op, status, body, &patterns);
    let schema = op.response(status).and_then(|r| r.schema);
    let typed = match (schema, body) {
        (Some(id), Some(body)) => typed::value(spec.name, spec.schema_name(id), body),
        _ => Ok(()),
    };
    let root = schema.map_or(Root::Call(op), Root::Schema);
    judge(spec, root, Checked { body, params: None }, &table, &typed)
}

fn check_call_both(spec: &Spec, op: &'static Operation, call: &JsonCall) -> Result<Outcome, String> {
    let table = check_request(spec.api, op, call, &RegexPatterns::new());
    let typed = typed::call(spec.name, spec.api, op, spec.meta(op), call);
    judge(spec, Root::Call(op), Checked::of_call(call), &table, &typed)
}

#[test]
fn every_schema_the_client_uses_has_a_typed_decoder() {
    for spec in specs() {
        for op in spec.api.operations {
            let bodies = op.body.iter().map(|b| b.schema);
            let responses = op.responses.iter().filter_map(|r| r.schema);
            for id in bodies.chain(responses) {
                let name = spec.schema_name(id);
                assert!(
                    !name.is_empty(),
                    "{}: an inline response schema of {} (give the test a typed decoder)",
                    spec.name,
                    op.operation_id
                );
                assert!(
                    typed::decoders(spec.name, &siterecovery_codegen::type_name(name)).is_some(),
                    "{}: list {name} in tests/parity/typed.rs",
                    spec.name
                );
            }
            if let Some(params) = typed::params_type(op) {
                assert!(typed::decoders(spec.name, &params).is_some(), "{}: list {params} in tests/parity/typed.rs", spec.name);
            }
        }
        assert_eq!(spec.api.operations.len(), spec.metas.len());
    }
}

/// `expect`: `null` (both accept) or the field both name; `expect_table` / `expect_typed`
/// plus `difference` for a fixture that shows a listed difference.
#[test]
fn fixtures_agree() {
    let fixtures: Vec<Value> = serde_json::from_str(include_str!("fixtures/parity.json")).expect("fixtures parse");
    let specs = specs();
    let mut tally = Tally::default();
    for f in &fixtures {
        let name = f["source"].as_str().expect("every fixture names its source");
        let spec = specs.iter().find(|s| s.name == f["api"]).unwrap_or_else(|| panic!("{name}: api"));
        let op = spec.op(f["operation"].as_str().expect("operation"));
        let (table, typed, outcome) = match f.get("status") {
            Some(status) => {
                let status = status.as_u64().expect("status") as u16;
                let body = f.get("response");
                let table = check_response(spec.api, op, status, body, &RegexPatterns::new());
                let schema = op.response(status).and_then(|r| r.schema).expect("a documented body");
                let typed = typed::value(spec.name, spec.schema_name(schema), body.expect("response"));
                let outcome = judge(spec, Root::Schema(schema), Checked { body, params: None }, &table, &typed);
                (table, typed, outcome)
            }
            None => {
                let path = f["path"].as_array().map(|p| p.iter().map(|s| s.as_str().expect("path strings").to_string()).collect());
                let call = JsonCall { path: path.unwrap_or_default(), params: f.get("params").cloned(), body: f.get("body").cloned() };
                let table = check_request(spec.api, op, &call, &RegexPatterns::new());
                let typed = typed::call(spec.name, spec.api, op, spec.meta(op), &call);
                let outcome = judge(spec, Root::Call(op), Checked::of_call(&call), &table, &typed);
                (table, typed, outcome)
            }
        };
        let outcome = outcome.unwrap_or_else(|why| panic!("{name}: {why}"));
        let field = |v: &Value| v.as_str().map(str::to_string);
        let named = (table.as_ref().err().map(Invalid::field), typed.as_ref().err().map(|f| f.field.clone()));
        match f.get("difference") {
            None => assert_eq!(named, (field(&f["expect"]), field(&f["expect"])), "{name}: {}", describe(&table, &typed)),
            Some(d) => {
                assert_eq!(format!("{outcome:?}"), format!("Differ({})", d.as_str().unwrap()), "{name}");
                assert_eq!(named, (field(&f["expect_table"]), field(&f["expect_typed"])), "{name}: {}", describe(&table, &typed));
            }
        }
        tally.add(outcome);
    }
    tally.report("fixtures");
    assert!(tally.total() >= 40, "{} fixtures", tally.total());
}

#[tokio::test]
async fn simulator_traffic_agrees() {
    let specs = specs();
    let mut tally = Tally::default();
    let mut seen = std::collections::BTreeSet::new();
    let sessions = [
        (&specs[0], traffic::srm_session(TimestampStyle::Int64).await),
        (&specs[0], traffic::srm_session(TimestampStyle::String).await),
        (&specs[1], traffic::h4_session().await),
    ];
    for (spec, exchanges) in &sessions {
        for exchange in exchanges {
            let (op, call) = traffic::call_of(spec.api, exchange).unwrap_or_else(|| panic!("no operation for {:?}", exchange.request));
            let what = format!("{} {} -> {}", op.operation_id, exchange.request.url, exchange.response.status);
            // The typed client sent it: both must accept it.
            let request = check_call_both(spec, op, &call).unwrap_or_else(|why| panic!("{what}: request: {why}"));
            assert_eq!(request, Outcome::Accepted, "{what}: request");
            let body = &exchange.response.body;
            let body: Option<Value> = (!body.is_empty()).then(|| serde_json::from_slice(body).expect("JSON response"));
            let response = check_response_both(spec, op, exchange.response.status, body.as_ref())
                .unwrap_or_else(|why| panic!("{what}: response: {why}"));
            assert_eq!(response, Outcome::Accepted, "{what}: the simulator's answers are valid");
            tally.add(request);
            tally.add(response);
            seen.insert((spec.name, op.operation_id, exchange.response.status));
        }
    }
    tally.report("simulator traffic (requests + responses)");
    for spec in &specs {
        for op in spec.api.operations {
            assert!(
                seen.iter().any(|(s, o, _)| *s == spec.name && *o == op.operation_id),
                "{} {} was never called",
                spec.name,
                op.operation_id
            );
        }
    }
    assert!(seen.iter().any(|(_, _, status)| *status >= 400), "error answers are covered too");
}

#[test]
fn generated_cases_agree() {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(DEFAULT_CASES);
    for spec in specs() {
        let generator: &'static Generator = Box::leak(Box::new(Generator::new(spec.api)));
        let config = Config { cases, failure_persistence: None, ..Config::default() };
        let tally = RefCell::new(Tally::default());
        let mutations = RefCell::new(BTreeMap::new());
        let mut runner = TestRunner::new(config);
        let result = runner.run(&generator.strategy(), |case| {
            let outcome = match generator.targets[case.target] {
                Target::Schema { id, mode } => {
                    let table = table_value(&spec, id, &case.value, mode);
                    let typed = typed::value(spec.name, spec.schema_name(id), &case.value);
                    judge(&spec, Root::Schema(id), Checked { body: Some(&case.value), params: None }, &table, &typed)
                }
                Target::Call { op } => {
                    let op = &spec.api.operations[op];
                    check_call_both(&spec, op, &generator.to_call(op, &case.value))
                }
            };
            let outcome = outcome.map_err(|why| TestCaseError::fail(format!("{why}\n  mutation: {:?}", case.mutation)))?;
            tally.borrow_mut().add(outcome);
            *mutations.borrow_mut().entry(case.mutation.unwrap_or("none (valid)")).or_insert(0usize) += 1;
            Ok(())
        });
        if let Err(e) = result {
            panic!("{}: the table and the typed client disagree: {e}", spec.name);
        }
        let tally = tally.into_inner();
        tally.report(&format!("{}: generated", spec.name));
        eprintln!("{}: mutations {:?}", spec.name, mutations.into_inner());
        let rejected = tally.0.get(&Outcome::Rejected).copied().unwrap_or(0);
        assert!(rejected > tally.total() / 10, "{}: mutations must produce rejections ({rejected})", spec.name);
    }
}

/// The generator names a string format's check in each table it writes, the schema crate
/// keeps the checks (`formats::STRING_FORMATS`): a spec using every format gets every check
/// listed, so no format the validator can check goes unchecked for want of a name.
#[test]
fn the_generator_lists_every_string_format_the_validator_checks() {
    let formats = ["uuid", "date", "date-time", "ip", "ipv4", "ipv6"];
    let properties: Vec<String> = formats.iter().enumerate().map(|(i, f)| format!("p{i}: {{type: string, format: {f}}}")).collect();
    let spec = format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /x:\n    get:\n      operationId: x\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/Top'}}\ncomponents:\n  schemas:\n    Top: {{type: object, properties: {{{}}}}}\n",
        properties.join(", ")
    );
    let table = siterecovery_codegen::generate_str("openapi/t.yaml", "t", &spec).expect("generate").table;
    let line = table.lines().find_map(|l| l.trim().strip_prefix("string_formats: ")).expect("a string_formats line");
    let mut listed: Vec<String> = line.split("(Format::").skip(1).filter_map(|s| s.split(',').next()).map(String::from).collect();
    let mut checked: Vec<String> = siterecovery_schema::formats::STRING_FORMATS.iter().map(|(f, _)| format!("{f:?}")).collect();
    listed.sort();
    checked.sort();
    assert_eq!(listed, checked, "{line}");
}
