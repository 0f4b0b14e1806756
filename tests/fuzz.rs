//! Fuzzing (issue 9, item 4): every decoder and parser of the client on arbitrary input, and
//! on input generated close to what it expects. Each property asserts that nothing panics (a
//! panic fails the property as `panicked: MESSAGE at FILE:LINE`, with the input shrunk) and,
//! where there is one, what the result must be:
//! - task views of both APIs (arbitrary JSON, and JSON shaped like a task);
//! - HTTP error bodies (arbitrary bytes and arbitrary JSON);
//! - the validator: every schema of both tables, every operation's request and response,
//!   nesting beyond `MAX_DEPTH`;
//! - a table call's and the typed client's decoding of arbitrary response bytes;
//! - the core crate's parsers: timestamps, HTTP-dates, `Retry-After`, resume tokens,
//!   base64url, base URLs.
//!
//! `SITERECOVERY_FUZZ_CASES` sets the cases per property (default [`DEFAULT_CASES`], a few
//! seconds for the whole file in a debug build); `cargo xtask fuzz` runs 100,000 each. Every
//! property prints `fuzz property NAME: N cases` (seen with `--nocapture`; `cargo xtask fuzz`
//! reads it), and most `fuzz outcomes NAME: ...`, how often each outcome came up (each one
//! the inputs are meant to reach must have). Values come from the parity test's generators
//! (`tests/parity/`) where they are made from the tables.
#[allow(dead_code)]
#[path = "parity/cases.rs"]
mod cases;
#[allow(dead_code)]
#[path = "parity/mutate.rs"]
mod mutate;
#[allow(dead_code)]
#[path = "parity/typed.rs"]
mod typed;
#[allow(dead_code)]
#[path = "parity/valid.rs"]
mod valid;

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::sync::OnceLock;
use std::task::{Context, Poll, Waker};

use chrono::{Datelike, NaiveDate};
use proptest::prelude::*;
use proptest::strategy::{BoxedStrategy, Union};
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::{json, Map, Value};
use siterecovery::base64::{decode_url, encode_standard, encode_url};
use siterecovery::schema::table::{Additional, Kind, Location, Operation, Property, Schema, SchemaId};
use siterecovery::schema::{
    rules, validate, validate_request, validate_request_with, validate_response, validate_response_with, validate_with, Api, Invalid, Mode,
    Place, Reason, Segment, MAX_DEPTH,
};
use siterecovery::table::{check_response, RegexPatterns};
use siterecovery::task::{view, TaskApi, TaskState};
use siterecovery::{
    call, decode, replication, srm, ApiClient, Error, JsonCall, OperationMeta, Request, Response, Transport, TransportError,
};
use siterecovery_core::request::{base_url, retry_after_ms, MAX_RETRY_AFTER_MS};
use siterecovery_core::resume;
use siterecovery_core::time;

/// Cases per property when `SITERECOVERY_FUZZ_CASES` is not set.
const DEFAULT_CASES: u32 = 500;

fn cases() -> u32 {
    let var = std::env::var("SITERECOVERY_FUZZ_CASES").ok();
    var.map_or(DEFAULT_CASES, |v| v.trim().parse().unwrap_or_else(|_| panic!("SITERECOVERY_FUZZ_CASES={v:?}: not a number")))
}

thread_local! {
    /// Set while a property runs on this thread: a panic of a case becomes its failure (and
    /// is shrunk like any other), so the hook only remembers what and where it was.
    static QUIET: Cell<bool> = const { Cell::new(false) };
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// A panic hook that keeps the panics of running properties (hundreds while shrinking) off
/// the output; every other panic goes to the default hook.
fn quiet_panics() {
    static HOOK: OnceLock<()> = OnceLock::new();
    HOOK.get_or_init(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if QUIET.get() {
                let at = info.location().map_or_else(String::new, |l| format!(" at {}:{}", l.file(), l.line()));
                LAST_PANIC.set(Some(format!("{}{at}", message(info.payload()))));
            } else {
                default(info);
            }
        }));
    });
}

fn message(payload: &(dyn std::any::Any + Send)) -> &str {
    payload.downcast_ref::<&str>().copied().or_else(|| payload.downcast_ref::<String>().map(String::as_str)).unwrap_or("(no message)")
}

/// Run `test` on `cases()` values of `strategy`; a failure fails the test with the shrunk
/// input, a panic as `panicked: MESSAGE at FILE:LINE`. Prints how many cases passed.
fn fuzz<S: Strategy>(name: &str, strategy: S, test: impl Fn(S::Value) -> Result<(), TestCaseError>) {
    quiet_panics();
    let config = Config { cases: cases(), failure_persistence: None, max_global_rejects: 0, ..Config::default() };
    let passed = Cell::new(0u64);
    QUIET.set(true);
    let result = TestRunner::new(config).run(&strategy, |value| {
        LAST_PANIC.take();
        match std::panic::catch_unwind(AssertUnwindSafe(|| test(value))) {
            Ok(verdict) => verdict?,
            Err(payload) => {
                let panic = LAST_PANIC.take().unwrap_or_else(|| message(&*payload).to_string());
                return Err(TestCaseError::fail(format!("panicked: {panic}")));
            }
        }
        passed.set(passed.get() + 1);
        Ok(())
    });
    QUIET.set(false);
    if let Err(e) = result {
        panic!("fuzz property {name} failed: {e}");
    }
    println!("fuzz property {name}: {} cases", passed.get());
}

/// How often each outcome came up in a property (a fuzz test that only ever sees one outcome
/// tests less than it seems): printed as `fuzz outcomes NAME: ...`, and each `expected` one
/// must have come up.
#[derive(Default)]
struct Tally(RefCell<BTreeMap<&'static str, u64>>);

impl Tally {
    fn add(&self, outcome: &'static str) {
        *self.0.borrow_mut().entry(outcome).or_default() += 1;
    }

    fn report(self, name: &str, expected: &[&str]) {
        let counts = self.0.into_inner();
        let parts: Vec<String> = counts.iter().map(|(o, n)| format!("{o} {n}")).collect();
        println!("fuzz outcomes {name}: {}", parts.join(", "));
        for outcome in expected {
            assert!(counts.contains_key(outcome), "{name}: no case came out {outcome:?} ({})", parts.join(", "));
        }
    }
}

macro_rules! check {
    ($cond:expr, $($why:tt)+) => {
        if !$cond {
            return Err(TestCaseError::fail(format!($($why)+)));
        }
    };
}

// ---- arbitrary JSON ------------------------------------------------------------------------

/// The validator's optional rules the npm package keeps: those its tables use (the wasm crate's
/// `RULES`, read by the compiler from the same tables). Every verdict below is also asked of
/// the validator with only these: a rule left out must never have been the one to fail.
const PACKAGE_RULES: u32 = rules::used_by(&srm::API) | rules::used_by(&replication::API);

fn apis() -> [(&'static str, &'static Api, &'static [OperationMeta]); 2] {
    [("srm", &srm::API, srm::OPERATIONS), ("replication", &replication::API, replication::OPERATIONS)]
}

/// Every property and parameter name of both tables, and the task and error fields: object
/// keys that reach past "unknown field" into the schemas.
fn known_keys() -> &'static [String] {
    static KEYS: OnceLock<Vec<String>> = OnceLock::new();
    KEYS.get_or_init(|| {
        let mut keys: Vec<String> =
            ["id", "status", "state", "progress", "result", "error", "code", "error_code", "message", "msg", "op_id", "details"]
                .map(String::from)
                .to_vec();
        for (_, api, _) in apis() {
            let properties = api.schemas.iter().flat_map(|s| s.properties.iter().map(|p| p.name));
            let params = api.operations.iter().flat_map(|o| o.params.iter().map(|p| p.name));
            keys.extend(properties.chain(params).map(String::from));
        }
        keys.sort();
        keys.dedup();
        keys
    })
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![3 => proptest::sample::select(known_keys()), 1 => "\\PC{0,6}", 1 => ".{0,4}"]
}

/// Strings a parser or a `format` may choke on: shapes of timestamps, uuids, addresses,
/// numbers, besides anything at all.
fn text() -> BoxedStrategy<String> {
    prop_oneof![
        4 => ".{0,12}",
        2 => "[a-zA-Z0-9 _.:-]{0,12}",
        1 => "[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}([.,][0-9]{0,4})?([Zz]|[+-][0-9]{2}:?[0-9]{2})?",
        1 => "[0-9]{4}-[0-9]{2}-[0-9]{2}",
        1 => "\\{?(urn:uuid:)?[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}\\}?",
        1 => "[0-9]{1,3}(\\.[0-9]{1,3}){0,4}|[0-9a-f:]{0,20}",
        1 => "[+-]?[0-9]{0,22}",
        1 => proptest::sample::select(&["QUEUED", "RUNNING", "SUCCESS", "SUCCEEDED", "ERROR", "FAILED", "CANCELLED", "CANCELED", "PENDING", ""][..]).prop_map(String::from),
    ]
    .boxed()
}

fn number() -> BoxedStrategy<Value> {
    prop_oneof![
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        (-1000i64..1000).prop_map(Value::from),
        (-200.0f64..200.0).prop_map(Value::from),
        proptest::sample::select(
            &[0.0, -0.0, 0.5, 99.9, 100.0, 100.5, 1e15, 9.0e15, 9.007_199_254_740_993e15, 1e300, -1e300, f64::MIN_POSITIVE][..]
        )
        .prop_map(Value::from),
        proptest::sample::select(&[i64::MIN, i64::MAX, -1, 0, 1, 100, 101, 255, 256, 65_536, 1 << 53][..]).prop_map(Value::from),
    ]
    .boxed()
}

fn leaf() -> BoxedStrategy<Value> {
    prop_oneof![1 => Just(Value::Null), 1 => any::<bool>().prop_map(Value::from), 2 => number(), 3 => text().prop_map(Value::from)].boxed()
}

/// Any JSON value, a few levels deep.
fn any_json() -> BoxedStrategy<Value> {
    leaf()
        .prop_recursive(4, 48, 6, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                proptest::collection::vec((key(), inner), 0..6).prop_map(|kv| Value::Object(kv.into_iter().collect())),
            ]
        })
        .boxed()
}

/// `value` inside `wraps` arrays or one-key objects (outermost last): nesting far beyond
/// what any schema or `MAX_DEPTH` goes, built without recursion.
fn nest(value: Value, wraps: &[Option<String>]) -> Value {
    wraps.iter().fold(value, |v, wrap| match wrap {
        None => Value::Array(vec![v]),
        Some(k) => Value::Object(Map::from_iter([(k.clone(), v)])),
    })
}

/// Mostly `any_json`; one case in four nested up to 300 levels.
fn any_json_deep() -> BoxedStrategy<Value> {
    let wraps = proptest::collection::vec(proptest::option::of(key()), 0..300);
    prop_oneof![3 => any_json(), 1 => (any_json(), wraps).prop_map(|(v, w)| nest(v, &w))].boxed()
}

// ---- 1. task views ---------------------------------------------------------------------------

/// The state names each API documents (the oracle for the view's mapping).
fn documented_state(api: TaskApi, name: &str) -> Option<TaskState> {
    let srm = [
        ("QUEUED", TaskState::Queued),
        ("RUNNING", TaskState::Running),
        ("SUCCESS", TaskState::Succeeded),
        ("ERROR", TaskState::Failed),
        ("CANCELLED", TaskState::Cancelled),
    ];
    let h4 = [
        ("QUEUED", TaskState::Queued),
        ("PENDING", TaskState::Queued),
        ("RUNNING", TaskState::Running),
        ("SUCCEEDED", TaskState::Succeeded),
        ("FAILED", TaskState::Failed),
        ("CANCELLED", TaskState::Cancelled),
        ("CANCELED", TaskState::Cancelled),
    ];
    let names: &[(&str, TaskState)] = if api == TaskApi::Srm { &srm } else { &h4 };
    names.iter().find(|(n, _)| *n == name).map(|(_, s)| *s)
}

fn nonempty_str<'a>(raw: &'a Value, key: &str) -> Option<&'a str> {
    raw.get(key).and_then(Value::as_str).filter(|s| !s.is_empty())
}

/// What the view of `raw` must be, whatever `raw` is; the outcome.
fn check_view(api: TaskApi, raw: Value) -> Result<&'static str, TestCaseError> {
    let state_key = if api == TaskApi::Srm { "status" } else { "state" };
    let (start_key, end_key) = if api == TaskApi::Srm { ("start_time", "complete_time") } else { ("startTime", "endTime") };
    let id = nonempty_str(&raw, "id");
    let name = nonempty_str(&raw, state_key).unwrap_or("");
    match view(api, raw.clone(), Some(200)) {
        Ok(t) => {
            check!(Some(t.id.as_str()) == id, "id {:?} of {raw}", t.id);
            check!(t.progress <= 100, "progress {} of {raw}", t.progress);
            check!(Some(t.state) == documented_state(api, name), "state {:?} of {raw}", t.state);
            check!(t.api == api && t.raw == raw, "api or raw changed: {raw}");
            let progress = raw.get("progress").and_then(Value::as_u64).filter(|p| *p <= 100);
            match t.state {
                TaskState::Succeeded => check!(t.progress == 100, "a succeeded task at {}%: {raw}", t.progress),
                _ => check!(progress.is_none_or(|p| u64::from(t.progress) == p), "progress {} of {raw}", t.progress),
            }
            for (key, ms) in [(start_key, t.start_time), (end_key, t.end_time)] {
                check!(ms.is_none_or(|ms| ms > 0), "{key} {ms:?} of {raw}");
                let given = raw.get(key).and_then(Value::as_i64).filter(|ms| *ms > 0);
                if key == start_key && given.is_some() {
                    check!(ms == given, "{key} {ms:?} of {raw}");
                }
            }
            if api == TaskApi::Srm && !t.state.is_terminal() {
                check!(t.end_time.is_none(), "a running SRM task with an end: {raw}");
            }
            check!(t.error.is_none() || t.state == TaskState::Failed, "an error on a {:?} task: {raw}", t.state);
            let result = raw.get("result").filter(|r| !r.is_null());
            check!(t.result.as_ref() == result, "result of {raw}");
            let json = serde_json::to_value(&t).map_err(|e| TestCaseError::fail(format!("view does not serialize: {e}")))?;
            check!(json["progress"] == json!(t.progress), "serialized progress {}", json["progress"]);
            Ok(t.state.as_str())
        }
        Err(Error::Decode { status: Some(200), field: Some(field), message }) => {
            let expected = if id.is_none() { "id" } else { state_key };
            check!(field == expected, "decode error names {field:?}, not {expected:?}: {raw}");
            check!(id.is_none() || documented_state(api, name).is_none(), "{field}: {message} for a good task {raw}");
            check!(!message.is_empty(), "empty message");
            Ok(if field == "id" { "no id" } else { "unknown state" })
        }
        Err(other) => Err(TestCaseError::fail(format!("not a decode error naming a field: {other:?} for {raw}"))),
    }
}

fn task_api() -> impl Strategy<Value = TaskApi> {
    prop_oneof![Just(TaskApi::Srm), Just(TaskApi::H4)]
}

#[test]
fn task_view_any_json() {
    let tally = Tally::default();
    fuzz("task_view_any_json", (task_api(), any_json_deep()), |(api, raw)| check_view(api, raw).map(|o| tally.add(o)));
    tally.report("task_view_any_json", &["no id"]);
}

/// A time as a server might send one, or not: epoch numbers, strings of numbers, ISO-8601
/// times, garbage, other types.
fn task_time() -> BoxedStrategy<Value> {
    prop_oneof![
        2 => (0i64..4_102_444_800_000).prop_map(Value::from),
        1 => (0i64..4_102_444_800_000).prop_map(|ms| Value::from(ms.to_string())),
        2 => iso_time().prop_map(|(text, _)| Value::from(text)),
        1 => Just(json!(-1)),
        1 => Just(json!(0)),
        2 => leaf(),
    ]
    .boxed()
}

fn task_like() -> BoxedStrategy<Value> {
    let field = |k: &'static str, v: BoxedStrategy<Value>| proptest::option::weighted(0.8, v.prop_map(move |v| (k.to_string(), v)));
    let names = &["QUEUED", "PENDING", "RUNNING", "SUCCESS", "SUCCEEDED", "ERROR", "FAILED", "CANCELLED", "CANCELED", "running", ""][..];
    let state =
        prop_oneof![4 => proptest::sample::select(names).prop_map(Value::from), 2 => text().prop_map(Value::from), 1 => leaf()].boxed();
    let id = prop_oneof![4 => "[a-z0-9-]{1,12}".prop_map(Value::from), 1 => leaf()].boxed();
    let progress = prop_oneof![2 => (0u8..=100).prop_map(Value::from), 2 => number(), 1 => leaf()].boxed();
    let error = prop_oneof![
        1 => any_json(),
        2 => proptest::collection::vec((proptest::sample::select(&["code", "error_code", "message", "msg", "details"][..]).prop_map(String::from), leaf()), 0..4)
            .prop_map(|kv| Value::Object(kv.into_iter().collect())),
    ]
    .boxed();
    let fields = vec![
        field("id", id),
        field("status", state.clone()),
        field("state", state),
        field("progress", progress),
        field("description", leaf()),
        field("start_time", task_time()),
        field("queued_time", task_time()),
        field("complete_time", task_time()),
        field("startTime", task_time()),
        field("endTime", task_time()),
        field("error", error),
        field("result", any_json()),
    ];
    fields.prop_map(|kv| Value::Object(kv.into_iter().flatten().collect())).boxed()
}

#[test]
fn task_view_near_task() {
    let tally = Tally::default();
    fuzz("task_view_near_task", (task_api(), task_like()), |(api, raw)| check_view(api, raw).map(|o| tally.add(o)));
    tally.report("task_view_near_task", &["no id", "unknown state", "queued", "running", "succeeded", "failed", "cancelled"]);
}

// ---- 2. error bodies -------------------------------------------------------------------------

fn headers() -> BoxedStrategy<Vec<(String, String)>> {
    let retry_after = prop_oneof![text(), http_date_text(), "[+-]?[0-9]{1,20}"];
    prop_oneof![
        1 => Just(Vec::new()),
        2 => (proptest::sample::select(&["Retry-After", "retry-after", "RETRY-AFTER"][..]), retry_after).prop_map(|(k, v)| vec![(k.to_string(), v)]),
        1 => proptest::collection::vec(("[a-zA-Z-]{1,12}", ".{0,12}"), 0..3),
    ]
    .boxed()
}

/// The error `decode::http_error` makes of `response`, and what it must be.
fn check_http_error(response: &Response, correlation: Option<String>) -> Result<(), TestCaseError> {
    let error = decode::http_error("someOperation", response, correlation.clone());
    let Error::Http(h) = &error else { return Err(TestCaseError::fail(format!("not an HTTP error: {error:?}"))) };
    check!(h.status == response.status && h.operation == "someOperation", "{h:?}");
    let object = serde_json::from_slice::<Value>(&response.body).ok().filter(Value::is_object);
    check!(h.body == object, "body {:?} of {:?}", h.body, String::from_utf8_lossy(&response.body));
    let field = |names: &[&str]| -> Option<String> {
        let body = object.as_ref()?;
        names.iter().find_map(|n| body.get(*n).and_then(Value::as_str).filter(|s| !s.is_empty()).map(String::from))
    };
    check!(h.code == field(&["error_code", "code"]), "code {:?} of {object:?}", h.code);
    check!(h.message == field(&["message", "msg"]), "message {:?} of {object:?}", h.message);
    check!(h.op_id == field(&["op_id"]).or(correlation), "op_id {:?} of {object:?}", h.op_id);
    check!(h.retry_after_ms.is_none_or(|ms| ms <= MAX_RETRY_AFTER_MS), "Retry-After {:?}", h.retry_after_ms);
    check!(error.status() == Some(response.status) && error.kind() == "http" && !error.to_string().is_empty(), "{error:?}");
    Ok(())
}

#[test]
fn http_error_any_bytes() {
    let body = prop_oneof![3 => proptest::collection::vec(any::<u8>(), 0..64), 1 => deep_bytes()];
    let strategy = (any::<u16>(), headers(), body, proptest::option::of(".{0,8}"));
    fuzz("http_error_any_bytes", strategy, |(status, headers, body, correlation)| {
        check_http_error(&Response { status, headers, body }, correlation)
    });
}

#[test]
fn http_error_any_json() {
    let error_like = proptest::collection::vec(
        (proptest::sample::select(&["error_code", "code", "message", "msg", "op_id", "details"][..]).prop_map(String::from), leaf()),
        0..6,
    )
    .prop_map(|kv| Value::Object(kv.into_iter().collect()));
    let body = prop_oneof![any_json_deep(), error_like];
    let strategy = (400u16..600, headers(), body, proptest::option::of(".{0,8}"));
    fuzz("http_error_any_json", strategy, |(status, headers, body, correlation)| {
        check_http_error(&Response { status, headers, body: body.to_string().into_bytes() }, correlation)
    });
}

// ---- 3. the validator ------------------------------------------------------------------------

fn step<'a>(value: &'a Value, segment: &Segment) -> Option<&'a Value> {
    match segment {
        Segment::Name(n) => value.get(*n),
        Segment::Key(k) => value.get(k),
        Segment::Index(i) => value.get(*i),
    }
}

/// A verdict on `value` names a field of it: the path leads to the value at fault (for a
/// missing one, to the object that lacks it), never deeper than the validator goes. The
/// outcome: accepted, rejected or too deep.
fn check_verdict(verdict: &Result<(), Invalid>, value: Option<&Value>) -> Result<&'static str, TestCaseError> {
    let Err(invalid) = verdict else { return Ok("accepted") };
    let outcome = if invalid.reason == Reason::TooDeep { "too deep" } else { "rejected" };
    check!(!invalid.field().is_empty() && !invalid.reason.text().is_empty(), "{invalid:?}");
    check!(invalid.path.len() <= MAX_DEPTH as usize + 2, "a path of {} segments", invalid.path.len());
    check!(!invalid.to_string().is_empty(), "{invalid:?}");
    let Some(value) = value else { return Ok(outcome) };
    let (walk, missing) = match invalid.path.split_last() {
        Some((last, walk)) if invalid.reason == Reason::Missing => (walk, Some(last)),
        _ => (&invalid.path[..], None),
    };
    let mut at = value;
    for segment in walk {
        at = step(at, segment).ok_or_else(|| TestCaseError::fail(format!("{} is not in {value}", invalid.field())))?;
    }
    if let Some(last) = missing {
        check!(step(at, last).is_none(), "{} is said to be missing from {value}", invalid.field());
    }
    Ok(outcome)
}

#[test]
fn validator_every_schema_any_json() {
    let patterns = RegexPatterns::new();
    let tally = Tally::default();
    fuzz("validator_every_schema_any_json", any_json_deep(), |value| {
        for (_, api, _) in apis() {
            for id in 0..api.schemas.len() as SchemaId {
                for mode in [Mode::Request, Mode::Response] {
                    let verdict = validate(api, id, &&value, mode, &patterns);
                    prop_assert_eq!(&validate_with::<_, PACKAGE_RULES>(api, id, &&value, mode, &patterns), &verdict);
                    tally.add(check_verdict(&verdict, Some(&value))?);
                }
            }
        }
        Ok(())
    });
    tally.report("validator_every_schema_any_json", &["accepted", "rejected"]);
}

/// Values generated from the schemas (valid, or with one mutation), as the parity test makes
/// them, checked against their own schema or call; and the same value nested deeper.
#[test]
fn validator_generated_json() {
    let patterns = RegexPatterns::new();
    let generators: Vec<(&'static Api, &'static cases::Generator)> =
        apis().iter().map(|(_, api, _)| (*api, &*Box::leak(Box::new(cases::Generator::new(api))))).collect();
    let strategy = Union::new(generators.iter().enumerate().map(|(i, (_, g))| g.strategy().prop_map(move |case| (i, case)).boxed()));
    let wraps = proptest::collection::vec(proptest::option::of(key()), 0..100);
    let tally = Tally::default();
    fuzz("validator_generated_json", (strategy, wraps), |((i, case), wraps)| {
        let (api, generator) = generators[i];
        match generator.targets[case.target] {
            cases::Target::Schema { id, mode } => {
                let verdict = validate(api, id, &&case.value, mode, &patterns);
                prop_assert_eq!(&validate_with::<_, PACKAGE_RULES>(api, id, &&case.value, mode, &patterns), &verdict);
                tally.add(check_verdict(&verdict, Some(&case.value))?);
                let deep = nest(case.value, &wraps);
                check_verdict(&validate(api, id, &&deep, mode, &patterns), Some(&deep))?;
            }
            cases::Target::Call { op } => {
                let op = &api.operations[op];
                let call = generator.to_call(op, &case.value);
                let verdict = siterecovery::table::check_request(api, op, &call, &patterns);
                let path: Vec<Value> = call.path.iter().cloned().map(Value::String).collect();
                let path: Vec<&Value> = path.iter().collect();
                let (params, body) = (call.params.as_ref(), call.body.as_ref());
                prop_assert_eq!(
                    &validate_request_with::<_, PACKAGE_RULES>(api, op, &path, params.as_ref(), body.as_ref(), &patterns),
                    &verdict
                );
                let at = verdict.as_ref().err().and_then(|e| match e.place {
                    Place::Body => call.body.as_ref(),
                    Place::Params => call.params.as_ref(),
                    Place::Path => None,
                });
                tally.add(check_verdict(&verdict, at)?);
            }
        }
        Ok(())
    });
    tally.report("validator_generated_json", &["accepted", "rejected"]);
}

/// Every operation's request (path arguments, parameters, body) and response (by status)
/// checks on arbitrary JSON.
#[test]
fn validator_every_operation_any_json() {
    let patterns = RegexPatterns::new();
    let ops: Vec<(&'static Api, &'static Operation)> =
        apis().iter().flat_map(|(_, api, _)| api.operations.iter().map(move |op| (*api, op))).collect();
    let strategy = (
        proptest::sample::select(ops),
        proptest::collection::vec(prop_oneof![3 => text().prop_map(Value::from), 1 => leaf()], 0..4),
        proptest::option::of(any_json_deep()),
        proptest::option::of(any_json_deep()),
        prop_oneof![Just(0u16), 100u16..600, any::<u16>()],
    );
    let tally = Tally::default();
    fuzz("validator_every_operation_any_json", strategy, |((api, op), path, params, body, status)| {
        let path: Vec<&Value> = path.iter().collect();
        let verdict = validate_request(api, op, &path, params.as_ref().as_ref(), body.as_ref().as_ref(), &patterns);
        let package =
            validate_request_with::<_, PACKAGE_RULES>(api, op, &path, params.as_ref().as_ref(), body.as_ref().as_ref(), &patterns);
        prop_assert_eq!(&package, &verdict);
        let at = verdict.as_ref().err().and_then(|e| match e.place {
            Place::Body => body.as_ref(),
            Place::Params => params.as_ref(),
            Place::Path => None,
        });
        tally.add(check_verdict(&verdict, at)?);
        let verdict = validate_response(api, op, status, body.as_ref().as_ref(), &patterns);
        prop_assert_eq!(&validate_response_with::<_, PACKAGE_RULES>(api, op, status, body.as_ref().as_ref(), &patterns), &verdict);
        tally.add(check_verdict(&verdict, body.as_ref())?);
        Ok(())
    });
    tally.report("validator_every_operation_any_json", &["accepted", "rejected"]);
}

/// A table whose schemas nest without end (arrays of itself, maps of itself, objects with a
/// `next` of itself): only `MAX_DEPTH` stops the validator.
static RECURSIVE: Api = Api {
    title: "recursive",
    version: "0",
    schemas: &[
        Schema { items: Some(0), ..Schema::ARRAY },
        Schema { additional: Additional::Schema(1), ..Schema::OBJECT },
        Schema { properties: &[Property { name: "next", schema: 2, required: true }], additional: Additional::Closed, ..Schema::OBJECT },
        Schema { one_of: &[0, 1, 2], ..Schema::ANY },
    ],
    patterns: &[],
    operations: &[],
    string_formats: &[],
};

#[test]
fn validator_nesting_beyond_max_depth() {
    let depth = prop_oneof![0usize..(MAX_DEPTH as usize + 4), 0usize..2000];
    let tally = Tally::default();
    fuzz("validator_nesting_beyond_max_depth", (0..RECURSIVE.schemas.len() as SchemaId, depth, key()), |(id, depth, k)| {
        let patterns = RegexPatterns::new();
        // `depth` levels of what schema `id` nests, around an innermost value that it accepts
        // (schemas 0, 1 and 3: valid unless too deep) or refuses (2: `next` is required).
        let (value, ok) = match id {
            0 => (nest(json!([]), &vec![None; depth]), depth <= MAX_DEPTH as usize),
            1 => (nest(json!({}), &vec![Some(k); depth]), depth <= MAX_DEPTH as usize),
            2 => (nest(json!({"next": null}), &vec![Some("next".to_string()); depth]), false),
            _ => (nest(json!([]), &vec![None; depth]), depth < MAX_DEPTH as usize),
        };
        for mode in [Mode::Request, Mode::Response] {
            let verdict = validate(&RECURSIVE, id, &&value, mode, &patterns);
            tally.add(check_verdict(&verdict, Some(&value))?);
            match (id, &verdict) {
                (_, Ok(())) => check!(ok, "depth {depth}: accepted"),
                // `next: null` at the bottom (required, so checked): the wrong type, or too deep.
                (2, Err(e)) => check!(
                    e.reason == if depth < MAX_DEPTH as usize { Reason::WrongType(Kind::Object) } else { Reason::TooDeep },
                    "depth {depth}: {e:?}"
                ),
                // `oneOf` of the others: the array alternative, one level down, too deep.
                (3, Err(e)) => check!(!ok && e.reason == Reason::NoAlternative, "depth {depth}: {e:?}"),
                (_, Err(e)) => {
                    check!(!ok && e.reason == Reason::TooDeep, "depth {depth}: {e:?}");
                    check!(e.path.len() == MAX_DEPTH as usize + 1, "depth {depth}: a path of {}", e.path.len());
                }
            }
        }
        Ok(())
    });
    tally.report("validator_nesting_beyond_max_depth", &["accepted", "rejected", "too deep"]);
}

// ---- 4. response bodies through a table call and the typed client --------------------------

/// Bytes nested far beyond serde_json's recursion limit (and unbalanced ones).
fn deep_bytes() -> BoxedStrategy<Vec<u8>> {
    (1usize..3000, proptest::sample::select(&["[", "{\"a\":", "[{\"k\":"][..]), any::<bool>())
        .prop_map(|(n, open, close)| {
            let mut s = open.repeat(n);
            if close {
                s.push('1');
                for _ in 0..n {
                    s.push_str(if open == "[" {
                        "]"
                    } else if open == "{\"a\":" {
                        "}"
                    } else {
                        "}]"
                    });
                }
            }
            s.into_bytes()
        })
        .boxed()
}

/// A response body: arbitrary bytes, white space, JSON (arbitrary, or valid for `schema`,
/// whole or cut short), or deep nesting.
fn response_body(api: &'static Api, schema: Option<SchemaId>) -> BoxedStrategy<Vec<u8>> {
    let valid = match schema {
        Some(id) => valid::valid(api, id, 0),
        None => any_json(),
    };
    prop_oneof![
        2 => proptest::collection::vec(any::<u8>(), 0..48),
        1 => "[ \t\r\n]{0,3}".prop_map(String::into_bytes),
        2 => any_json_deep().prop_map(|v| v.to_string().into_bytes()),
        3 => valid.clone().prop_map(|v| v.to_string().into_bytes()),
        1 => (valid, any::<proptest::sample::Index>()).prop_map(|(v, cut)| {
            let text = v.to_string().into_bytes();
            let at = cut.index(text.len() + 1);
            text[..at].to_vec()
        }),
        1 => deep_bytes(),
    ]
    .boxed()
}

/// A status the operation documents (with a body for its schema), or any other.
fn status_and_body(api: &'static Api, op: &'static Operation) -> BoxedStrategy<(u16, Vec<u8>)> {
    let mut choices: Vec<BoxedStrategy<(u16, Vec<u8>)>> = op
        .responses
        .iter()
        .map(|r| {
            let status = if r.status == 0 { (400u16..600).boxed() } else { Just(r.status).boxed() };
            (status, response_body(api, r.schema)).boxed()
        })
        .collect();
    choices.push((100u16..600, response_body(api, None)).boxed());
    Union::new(choices).boxed()
}

/// A call of `op` that the table accepts: path arguments, optional parameters (each maybe)
/// and the body, from the schemas.
fn valid_call(api: &'static Api, op: &'static Operation) -> BoxedStrategy<JsonCall> {
    let path: Vec<BoxedStrategy<String>> = op
        .path_params
        .iter()
        .map(|p| {
            // Valid for the schema, and neither blank nor `.`/`..` (those would address another
            // resource).
            let text = |v: Value| v.as_str().map_or_else(|| v.to_string(), String::from);
            let addresses_it = |s: &String| !s.trim().is_empty() && s != "." && s != "..";
            valid::valid(api, p.schema, 0).prop_map(move |v| Some(text(v)).filter(addresses_it).unwrap_or_else(|| "x".into())).boxed()
        })
        .collect();
    let params: Vec<BoxedStrategy<Option<(String, Value)>>> = op
        .params
        .iter()
        .map(|p| {
            let entry = valid::valid(api, p.schema, 0).prop_map(move |v| (p.name.to_string(), v));
            if p.required {
                entry.prop_map(Some).boxed()
            } else {
                proptest::option::of(entry).boxed()
            }
        })
        .collect();
    let body = match op.body {
        Some(b) if b.required => valid::valid(api, b.schema, 0).prop_map(Some).boxed(),
        Some(b) => proptest::option::of(valid::valid(api, b.schema, 0)).boxed(),
        None => Just(None).boxed(),
    };
    (path, params, body)
        .prop_map(|(path, params, body)| {
            let params: Map<String, Value> = params.into_iter().flatten().collect();
            JsonCall { path, params: (!params.is_empty()).then_some(Value::Object(params)), body }
        })
        .boxed()
}

/// A transport that answers every request with one canned response.
struct Canned(Response);

impl Transport for Canned {
    async fn send(&self, _request: Request) -> Result<Response, TransportError> {
        Ok(self.0.clone())
    }
}

/// The future of a call over [`Canned`] never waits.
fn now<F: Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    match future.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(output) => output,
        Poll::Pending => panic!("a call over a canned response waited"),
    }
}

/// The h4 `operationID` a call carries (the correlation id an error falls back on).
fn correlation(op: &Operation, call: &JsonCall) -> Option<String> {
    let param = op.params.iter().find(|p| p.location == Location::Header && p.name.eq_ignore_ascii_case("operationID"))?;
    let value = call.params.as_ref()?.get(param.name)?;
    let scalar = |v: &Value| match v {
        Value::String(s) => Some(s.clone()),
        Value::Null | Value::Object(_) | Value::Array(_) => None,
        other => Some(other.to_string()),
    };
    let parts: Vec<String> = match value {
        Value::Array(items) => items.iter().filter_map(scalar).collect(),
        v => scalar(v).into_iter().collect(),
    };
    (!parts.is_empty()).then(|| parts.join(","))
}

#[test]
fn table_call_any_response() {
    let patterns = RegexPatterns::new();
    let per_op: Vec<BoxedStrategy<_>> = apis()
        .iter()
        .flat_map(|(_, api, _)| api.operations.iter().map(move |op| (*api, op)))
        .map(|(api, op)| (Just((api, op)), valid_call(api, op), status_and_body(api, op), headers()).boxed())
        .collect();
    let tally = Tally::default();
    fuzz("table_call_any_response", Union::new(per_op), |((api, op), json_call, (status, body), headers)| {
        let response = Response { status, headers, body };
        let client = ApiClient::new("https://fuzz.test/api", Canned(response.clone())).expect("base URL");
        let result = now(call::call(&client, api, op, &json_call, &patterns));
        let empty = status == 204 || response.body.iter().all(u8::is_ascii_whitespace);
        let json = serde_json::from_slice::<Value>(&response.body).ok();
        match result {
            Err(Error::Validation { field, message }) => {
                return Err(TestCaseError::fail(format!(
                    "{}: a generated call was refused: {field}: {message}: {json_call:?}",
                    op.operation_id
                )))
            }
            Ok(rv) => {
                check!(op.is_success(status) && rv.status == status, "{}: {status} accepted", op.operation_id);
                let body = if empty { None } else { json.clone() };
                check!(empty || body.is_some(), "a body that is not JSON accepted");
                check!(rv.body == body.clone().unwrap_or(Value::Null) && rv.inner == rv.body, "the body changed");
                check!(check_response(api, op, status, body.as_ref(), &patterns).is_ok(), "an invalid body accepted");
                tally.add("ok");
            }
            Err(Error::Decode { status: s, field, message }) => {
                check!(
                    op.is_success(status) && s == Some(status) && !message.is_empty(),
                    "{}: decode error {s:?} for {status}",
                    op.operation_id
                );
                let body = if empty { None } else { json.clone() };
                match body {
                    None if !empty => check!(field.is_none() && message.starts_with("not JSON"), "{field:?}: {message}"),
                    body => check!(
                        check_response(api, op, status, body.as_ref(), &patterns).is_err(),
                        "a valid body refused: {field:?}: {message}"
                    ),
                }
                tally.add(if !empty && json.is_none() { "decode: not JSON" } else { "decode: invalid" });
            }
            Err(Error::Http(h)) => {
                check!(!op.is_success(status) && h.status == status && h.operation == op.operation_id, "{h:?}");
                let object = json.filter(Value::is_object);
                let kept = object.filter(|b| check_response(api, op, status, Some(b), &patterns).is_ok());
                check!(h.body == kept, "error body {:?}", h.body);
                check!(h.body.is_some() || (h.code.is_none() && h.message.is_none()), "code or message from a refused body: {h:?}");
                let op_id = kept.as_ref().and_then(|b| b.get("op_id")).and_then(Value::as_str).filter(|s| !s.is_empty());
                check!(h.op_id == op_id.map(String::from).or(correlation(op, &json_call)), "op_id {:?}", h.op_id);
                check!(h.retry_after_ms.is_none_or(|ms| ms <= MAX_RETRY_AFTER_MS), "Retry-After {:?}", h.retry_after_ms);
                tally.add(if h.body.is_some() { "http: body kept" } else { "http: no body kept" });
            }
            Err(other) => return Err(TestCaseError::fail(format!("{other:?}"))),
        }
        Ok(())
    });
    tally.report("table_call_any_response", &["ok", "decode: not JSON", "decode: invalid", "http: body kept", "http: no body kept"]);
}

type Decoder = fn(&OperationMeta, Response) -> Result<(), Error>;

macro_rules! typed_responses {
    ($($api:literal => $module:ident [$($ty:ident),* $(,)?])*) => {
        /// `decode::json` into the generated type of a response schema (by Rust name).
        fn typed_response(api: &str, rust_name: &str) -> Option<Decoder> {
            $($(if api == $api && rust_name == stringify!($ty) {
                return Some(|meta, response| decode::json::<siterecovery::$module::types::$ty>(meta, (response, None)).map(drop));
            })*)*
            None
        }
    };
}

typed_responses! {
    "srm" => srm [
        PairingDrResponseEntity, PairingDrResponseList, RecoveryPlanInfoDrResponseEntity, RecoveryPlanInfoDrResponseList,
        ResponseError, SessionIdData, SessionInfo, Task, TaskDrResponseEntity, TaskDrResponseList,
    ]
    "replication" => replication [ApiError, ApiTaskOfManagerPeerInfo, GetSitesResponse, SessionInfo]
}

#[test]
fn typed_decode_any_response() {
    // (api, op, meta, decoder, success schema) for every operation with a JSON success body.
    let mut targets = Vec::new();
    for (name, api, metas) in apis() {
        for op in api.operations {
            let meta = metas.iter().find(|m| m.operation_id == op.operation_id).expect("metadata");
            for r in op.responses.iter().filter(|r| op.is_success(r.status)) {
                let Some(schema) = r.schema else { continue };
                let rust = siterecovery_codegen::type_name(api.schema(schema).map_or("", |s| s.name));
                let decoder = typed_response(name, &rust).unwrap_or_else(|| panic!("{name}: list {rust} in typed_responses!"));
                targets.push((api, op, meta, decoder, r.status, schema));
            }
        }
    }
    let per_target: Vec<BoxedStrategy<_>> = targets
        .into_iter()
        .map(|(api, op, meta, decoder, status, schema)| {
            let status = prop_oneof![3 => Just(status), 1 => 100u16..600];
            (Just((op, meta, decoder)), status, response_body(api, Some(schema)), headers()).boxed()
        })
        .collect();
    let tally = Tally::default();
    fuzz("typed_decode_any_response", Union::new(per_target), |((op, meta, decoder), status, body, headers)| {
        let not_json = serde_json::from_slice::<Value>(&body).is_err();
        let outcome = match decoder(meta, Response { status, headers, body }) {
            Ok(()) => {
                check!(op.is_success(status) && !not_json, "{}: {status} accepted", op.operation_id);
                "ok"
            }
            Err(Error::Decode { status: s, field, message }) => {
                check!(
                    op.is_success(status) && s == Some(status) && !message.is_empty(),
                    "{}: decode error {s:?} for {status}",
                    op.operation_id
                );
                check!(!not_json || field.is_none(), "{field:?} named in a body that is not JSON");
                "decode"
            }
            Err(Error::Http(h)) => {
                check!(!op.is_success(status) && h.status == status, "{h:?}");
                "http"
            }
            Err(other) => return Err(TestCaseError::fail(format!("{other:?}"))),
        };
        tally.add(outcome);
        Ok(())
    });
    tally.report("typed_decode_any_response", &["ok", "decode", "http"]);
}

/// The typed decoders of every named schema (request and response types) on arbitrary JSON.
#[test]
fn typed_decode_any_json() {
    let mut names = Vec::new();
    for (name, api, _) in apis() {
        for op in api.operations {
            let schemas = op.body.iter().map(|b| b.schema).chain(op.responses.iter().filter_map(|r| r.schema));
            names.extend(schemas.filter_map(|id| api.schema(id)).map(|s| (name, s.name)));
        }
    }
    names.sort();
    names.dedup();
    let tally = Tally::default();
    fuzz("typed_decode_any_json", (proptest::sample::select(names), any_json_deep()), |((api, schema), value)| {
        match typed::value(api, schema, &value) {
            Ok(()) => tally.add("accepted"),
            Err(fault) => {
                check!(!fault.field.is_empty() && !fault.message.is_empty(), "{fault:?}");
                tally.add("rejected");
            }
        }
        Ok(())
    });
    tally.report("typed_decode_any_json", &["rejected"]);
}

// ---- 5. the core crate's parsers -------------------------------------------------------------

fn days_in(year: i32, month: u32) -> u32 {
    let next = if month == 12 { NaiveDate::from_ymd_opt(year + 1, 1, 1) } else { NaiveDate::from_ymd_opt(year, month + 1, 1) };
    next.and_then(|n| n.pred_opt()).map_or(28, |d| d.day0() + 1)
}

/// Years mostly near now, some anywhere in four digits.
fn year() -> BoxedStrategy<i32> {
    prop_oneof![3 => 1970i32..=2100, 1 => 0i32..=9999].boxed()
}

/// A valid calendar time: (year, month, day, hour, minute, second).
fn civil(years: impl Strategy<Value = i32>) -> impl Strategy<Value = (i32, u32, u32, u32, u32, u32)> {
    (years, 1u32..=12, 0u32..31, 0u32..24, 0u32..60, 0u32..60).prop_map(|(y, mo, d, h, mi, s)| (y, mo, d % days_in(y, mo) + 1, h, mi, s))
}

fn epoch_ms(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> i64 {
    let t = NaiveDate::from_ymd_opt(y, mo, d).and_then(|d| d.and_hms_opt(h, mi, s)).expect("a valid calendar time");
    t.and_utc().timestamp_millis()
}

/// An ISO-8601 / RFC 3339 time in every form `time::parse` reads, and its epoch ms.
fn iso_time() -> impl Strategy<Value = (String, i64)> {
    let offset = prop_oneof![
        Just((String::new(), 0i64)),
        proptest::sample::select(&["Z", "z"][..]).prop_map(|z| (z.to_string(), 0)),
        (any::<bool>(), 0i64..24, 0i64..60, any::<bool>()).prop_map(|(minus, h, m, colon)| {
            let text = format!("{}{h:02}{}{m:02}", if minus { '-' } else { '+' }, if colon { ":" } else { "" });
            (text, if minus { -(h * 60 + m) } else { h * 60 + m })
        }),
    ];
    (civil(year()), proptest::sample::select(&['T', 't', ' '][..]), proptest::option::of(("[.,]", "[0-9]{1,9}")), offset, "[ \t]{0,2}")
        .prop_map(|((y, mo, d, h, mi, s), sep, fraction, (offset, minutes), pad)| {
            let mut text = format!("{pad}{y:04}-{mo:02}-{d:02}{sep}{h:02}:{mi:02}:{s:02}");
            let mut ms = epoch_ms(y, mo, d, h, mi, s) - minutes * 60_000;
            if let Some((mark, digits)) = fraction {
                ms += format!("{digits:0<3}")[..3].parse::<i64>().expect("digits");
                text.push_str(&mark);
                text.push_str(&digits);
            }
            text.push_str(&offset);
            text.push_str(&pad);
            (text, ms)
        })
}

/// Any `i64`, its extremes included.
fn whole() -> BoxedStrategy<i64> {
    prop_oneof![4 => any::<i64>(), 1 => proptest::sample::select(&[i64::MIN, i64::MIN + 1, i64::MAX, -1, 0][..])].boxed()
}

#[test]
fn time_parse() {
    let strategy = prop_oneof![
        2 => iso_time().prop_map(|(t, ms)| (t, Some(ms))),
        1 => (whole(), "[ \t]{0,2}").prop_map(|(n, pad)| (format!("{pad}{n}{pad}"), Some(n))),
        3 => text().prop_map(|t| (t, None)),
        1 => "[0-9+-]{0,6}-[0-9]{0,3}-[0-9]{0,3}[Tt ][0-9]{0,3}:[0-9]{0,3}:[0-9]{0,3}.{0,8}".prop_map(|t| (t, None)),
    ];
    fuzz("time_parse", strategy, |(text, expected)| {
        let parsed = time::parse(&text);
        match expected {
            Some(ms) => check!(parsed == Some(ms), "{text:?}: {parsed:?}, not {ms}"),
            // Whatever it is, a time read from it has its fields in range.
            None => {
                if let (Some(_), Some(b)) = (parsed, text.trim().as_bytes().get(..19)) {
                    if b.get(4) == Some(&b'-') {
                        let field = |at: usize| std::str::from_utf8(&b[at..at + 2]).ok().and_then(|s| s.parse::<u32>().ok()).unwrap_or(99);
                        let (mo, d, h, mi, s) = (field(5), field(8), field(11), field(14), field(17));
                        check!(
                            (1..=12).contains(&mo) && (1..=31).contains(&d) && h <= 23 && mi <= 59 && s <= 60,
                            "{text:?} read as a time"
                        );
                    }
                }
            }
        }
        Ok(())
    });
}

const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// An HTTP-date in one of its three forms, and its epoch ms.
fn http_date() -> impl Strategy<Value = (String, i64)> {
    // RFC 850's two-digit years are 1970-2069.
    let form_and_time = prop_oneof![(Just(0usize), civil(year())), (Just(1usize), civil(1970..=2069)), (Just(2usize), civil(year()))];
    (form_and_time, proptest::sample::select(&DAYS[..])).prop_map(|((form, (y, mo, d, h, mi, s)), day)| {
        let mon = MONTHS[mo as usize - 1];
        let text = match form {
            0 => format!("{day}, {d:02} {mon} {y:04} {h:02}:{mi:02}:{s:02} GMT"),
            1 => format!("{day}day, {d:02}-{mon}-{:02} {h:02}:{mi:02}:{s:02} GMT", y % 100),
            _ => format!("{day} {mon} {d:>2} {h:02}:{mi:02}:{s:02} {y}"),
        };
        (text, epoch_ms(y, mo, d, h, mi, s))
    })
}

/// Text shaped like an HTTP-date with any numbers in it (huge years, days, times).
fn http_date_text() -> BoxedStrategy<String> {
    let n = prop_oneof![any::<u64>().prop_map(|n| n.to_string()), any::<i64>().prop_map(|n| n.to_string()), "[0-9]{1,4}", ".{0,3}"].boxed();
    let day = prop_oneof![3 => (1u8..=31).prop_map(|d| format!("{d:02}")), 1 => n.clone()];
    let mon = prop_oneof![3 => proptest::sample::select(&MONTHS[..]).prop_map(String::from), 1 => ".{0,4}"];
    let clock = prop_oneof![3 => "([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]", 1 => "[0-9]{2}:[0-9]{2}:[0-9]{2}", 1 => ".{0,9}"];
    (day, mon, n, clock, 0usize..3)
        .prop_map(|(d, mon, y, clock, form)| match form {
            0 => format!("Sun, {d} {mon} {y} {clock} GMT"),
            1 => format!("Sunday, {d}-{mon}-{y} {clock} GMT"),
            _ => format!("Sun {mon} {d} {clock} {y}"),
        })
        .boxed()
}

#[test]
fn time_http_date() {
    let strategy = prop_oneof![
        2 => http_date().prop_map(|(t, ms)| (t, Some(ms))),
        2 => http_date_text().prop_map(|t| (t, None)),
        1 => text().prop_map(|t| (t, None)),
    ];
    fuzz("time_http_date", strategy, |(text, expected)| {
        let parsed = time::http_date(&text);
        if let Some(ms) = expected {
            check!(parsed == Some(ms), "{text:?}: {parsed:?}, not {ms}");
        }
        Ok(())
    });
}

#[test]
fn retry_after() {
    let value = prop_oneof![
        2 => whole().prop_map(|n| n.to_string()),
        1 => (-400i64..400).prop_map(|n| format!(" {n} ")),
        2 => http_date().prop_map(|(t, _)| t),
        2 => http_date_text(),
        2 => text(),
    ];
    let now = prop_oneof![3 => 0.0f64..4.1e12, 1 => any::<f64>()];
    fuzz("retry_after", (value, now), |(value, now)| {
        let ms = retry_after_ms(&value, now, &time::http_date);
        check!(ms.is_none_or(|ms| ms <= MAX_RETRY_AFTER_MS), "{value:?}: {ms:?}");
        if let Ok(seconds) = value.trim().parse::<i64>() {
            let expected = (seconds.clamp(0, 300) * 1000) as u64;
            check!(ms == Some(expected), "{value:?}: {ms:?}, not {expected}");
        } else if let (Some(date), true) = (time::http_date(value.trim()), now.is_finite()) {
            let expected = (date as f64 - now).clamp(0.0, MAX_RETRY_AFTER_MS as f64) as u64;
            check!(ms == Some(expected), "{value:?} at {now}: {ms:?}, not {expected}");
        }
        Ok(())
    });
}

/// The reading of a token's JSON the hand-written reader must agree with: a flat object of
/// strings and unsigned integers, `v` 1, the same API and base URL, a non-empty id.
fn expected_task_id(json: &Value, api: TaskApi, base: &str) -> Option<String> {
    let object = json.as_object()?;
    let text = |k: &str| object.get(k).and_then(Value::as_str);
    let (token_api, token_base, id) = (text("api")?, text("base")?, text("id")?);
    let v = object.get("v").and_then(Value::as_f64)?;
    let addresses_a_task = !id.trim().is_empty() && id != "." && id != "..";
    (v == 1.0 && token_api == api.as_str() && token_base.trim_end_matches('/') == base.trim_end_matches('/') && addresses_a_task)
        .then(|| id.to_string())
}

/// What the package reads of a token: its JSON, parsed (here by serde_json, there by `JSON.parse`).
fn task_id_of(token: &str, api: TaskApi, base: &str) -> Result<String, String> {
    let value = resume::json_text(token).and_then(|text| serde_json::from_str::<Value>(&text).ok());
    resume::task_id(resume::fields(value.as_ref()), api, base)
}

#[test]
fn resume_task_id() {
    let api = prop_oneof![Just(TaskApi::Srm), Just(TaskApi::H4)];
    let base = prop_oneof!["https?://[a-z.:0-9]{1,12}(/[a-z]{0,5}){0,2}/{0,2}", ".{0,10}"];
    let api_name = prop_oneof![Just(json!("srm")), Just(json!("h4")), leaf()];
    let token_json = (
        proptest::option::weighted(0.9, prop_oneof![Just(json!(1)), Just(json!("1")), leaf()]),
        proptest::option::weighted(0.9, api_name),
        proptest::option::weighted(0.9, prop_oneof!["https?://[a-z.:0-9]{1,12}(/[a-z]{0,5}){0,2}/{0,2}".prop_map(Value::from), leaf()]),
        proptest::option::weighted(0.9, prop_oneof![".{0,10}".prop_map(Value::from), leaf()]),
        proptest::collection::vec((key(), leaf()), 0..2),
    )
        .prop_map(|(v, a, b, i, extra)| {
            let mut object = Map::new();
            for (k, value) in extra
                .into_iter()
                .chain([("v", v), ("api", a), ("base", b), ("id", i)].into_iter().filter_map(|(k, v)| Some((k.to_string(), v?))))
            {
                object.insert(k, value);
            }
            Value::Object(object)
        });
    // A token of JSON serde_json wrote (the reader must agree with it), else anything.
    let token = prop_oneof![
        4 => token_json.prop_map(|j| (encode_url(j.to_string().as_bytes()), Some(j))),
        1 => proptest::collection::vec(any::<u8>(), 0..64).prop_map(|b| (encode_url(&b), None)),
        1 => "[A-Za-z0-9_-]{0,40}".prop_map(|t| (t, None)),
        1 => ".{0,40}".prop_map(|t| (t, None)),
    ];
    fuzz("resume_task_id", (api, base, token, ".{1,16}"), |(api, base, (token, json), id)| {
        let got = task_id_of(&token, api, &base);
        if let Ok(id) = &got {
            check!(!id.is_empty(), "an empty id from {token:?}");
        }
        if let Some(json) = &json {
            // The token's own base and API, as its client would read it.
            for base in [base.as_str(), json.get("base").and_then(Value::as_str).unwrap_or(base.as_str())] {
                let got = task_id_of(&token, api, base);
                let expected = expected_task_id(json, api, base);
                check!(got.as_ref().ok() == expected.as_ref(), "{json} at {api:?} {base:?}: {got:?}, not {expected:?}");
            }
        }
        // Round trip: a token made for an id gives it back, to the same API and base only
        // (an id that addresses no task, blank or a dot segment, not at all).
        let made = resume::token(api, &base, &id);
        let back = task_id_of(&made, api, &format!("{base}/"));
        match !id.trim().is_empty() && id != "." && id != ".." {
            true => check!(back == Ok(id.clone()), "{id:?} at {base:?} does not come back"),
            false => check!(back.is_err(), "{id:?} at {base:?} came back"),
        }
        let other = if api == TaskApi::Srm { TaskApi::H4 } else { TaskApi::Srm };
        check!(task_id_of(&made, other, &base).is_err(), "a token for the other API");
        Ok(())
    });
}

#[test]
fn base64_decode_url() {
    let text = prop_oneof!["[A-Za-z0-9_-]{0,40}", "[A-Za-z0-9_+/=-]{0,12}", ".{0,16}"];
    fuzz("base64_decode_url", (text, proptest::collection::vec(any::<u8>(), 0..64)), |(text, bytes)| {
        let alphabet = text.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_');
        match decode_url(&text) {
            Some(decoded) => {
                check!(alphabet && text.len() % 4 != 1, "{text:?} decoded");
                check!(decoded.len() == text.len() * 6 / 8, "{text:?}: {} bytes", decoded.len());
            }
            None => check!(!alphabet || text.len() % 4 == 1, "{text:?} refused"),
        }
        let encoded = encode_url(&bytes);
        check!(decode_url(&encoded).as_deref() == Some(&bytes[..]), "{bytes:?} does not round-trip");
        check!(encode_standard(&bytes).len() == bytes.len().div_ceil(3) * 4, "standard length");
        Ok(())
    });
}

#[test]
fn base_url_parse() {
    let text = prop_oneof![
        3 => "[ \t]{0,2}(https?|HTTP|ftp|http:)(://)?[a-z0-9./: -]{0,12}/{0,3}[ \t]{0,2}",
        1 => ".{0,20}",
    ];
    fuzz("base_url", text, |text| {
        let parsed = base_url(&text);
        match &parsed {
            Ok(base) => {
                // The text trimmed, its scheme in lower case (`HTTP://` is `http://`).
                let trimmed = text.trim().trim_end_matches('/');
                let scheme = if base.starts_with("https://") { 8 } else { 7 };
                let lower = trimmed.get(..scheme).map(str::to_ascii_lowercase);
                check!(
                    base.get(scheme..) == trimmed.get(scheme..) && base.get(..scheme).map(str::to_string) == lower,
                    "{text:?}: {base:?}"
                );
                let rest = base.strip_prefix("https://").or_else(|| base.strip_prefix("http://"));
                check!(
                    rest.is_some_and(|r| !r.is_empty() && !r.starts_with('/') && !r.contains(char::is_whitespace)),
                    "{text:?}: {base:?}"
                );
            }
            Err(m) => check!(["must start with https:// or http://", "must name a host"].contains(m), "{m}"),
        }
        let client = ApiClient::new(&text, ());
        check!(client.as_ref().ok().map(|c| c.base_url()) == parsed.as_deref().ok(), "the client's base URL of {text:?}");
        Ok(())
    });
}
