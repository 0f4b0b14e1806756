//! One logged-in client of either API: checks a call against the generated table and builds
//! its request when the call is made (nothing is sent on bad input, and a caller changing its
//! object afterwards changes nothing), sends it, checks the answer against the table, logs in
//! again once on 401 through the caller's `credentials` callback, and tags every h4 call with
//! an `operationID` for log correlation.
use crate::builtins;
use crate::cells::Cells;
#[allow(unused_imports)]
use crate::prelude::*;
use core::cell::{Cell, RefCell};

use siterecovery_core::request::{is_correlation, is_header_value};
use siterecovery_core::schema::{validate_request_with, validate_response_with, Api, Invalid, Operation, Reason};
use siterecovery_core::task::TaskApi;
use siterecovery_schema::table::Location;
use wasm_bindgen::prelude::*;

use crate::builtins::AbortSignal;
use crate::convert::CallOptions;
use crate::errors::{Failure, Kind};
use crate::fetch::{self, Answer, Outgoing};
use crate::first::First;
use crate::js::{as_json, cat, get, own_copy, request_json, set, text, Js, JsPatterns};
use crate::spec::{Auth, Spec};

pub const SRM_SESSION_HEADER: &str = "x-dr-session";
/// Why a value sent as a header is refused (fetch would throw, with the value in its message).
pub const NOT_A_HEADER_VALUE: &str = "must be a header value: no line break, nothing beyond U+00FF";
pub const H4_SESSION_HEADER: &str = "X-VCAV-Auth";

/// A username and password (never shown: no `Debug`).
pub struct Credentials {
    username: String,
    password: String,
}

impl Credentials {
    pub fn new(username: String, password: String) -> Result<Credentials, Failure> {
        if crate::js::is_blank(&username) {
            return Err(Failure::invalid("username", "must not be empty"));
        }
        if password.is_empty() {
            return Err(Failure::invalid("password", "must not be empty"));
        }
        Ok(Credentials { username, password })
    }

    /// The `Authorization: Basic ...` value (js/package.js `basicAuth`).
    pub fn basic(&self) -> String {
        crate::js::string(&basic_auth(&self.username, &self.password)).unwrap_or_default()
    }
}

/// A call's JS arguments: path arguments (checked strings), the parameters object, the body.
#[derive(Default)]
pub struct Args {
    pub path: Vec<String>,
    pub params: Option<JsValue>,
    pub body: Option<JsValue>,
}

/// A checked call, ready to send (and to send again after a re-login).
pub struct Prepared {
    pub op: &'static Operation,
    pub out: Outgoing,
    /// The h4 `operationID` it carries, for errors.
    correlation: Option<String>,
    /// The task a task's GET (`getTaskInfo`, `getTask`) asks about: its errors name it.
    pub task_id: Option<String>,
    /// Send the session header (not when logging in).
    with_session: bool,
    /// A 401 may log in again (not for a logout, nor the remote login: `crate::call`).
    pub relogin: bool,
}

/// A success answer, checked against the table; boxed, as [`Prepared`] is (futures hold it).
pub type Reply = Box<Answered>;

pub struct Answered {
    pub status: u16,
    /// The body as `JSON.parse` read it; `null` when there was none.
    pub body: JsValue,
    pub retry_after_ms: Option<u64>,
    pub header: Option<String>,
}

/// The re-login in flight: while it lives, other calls that get 401 wait (`relogin_waiters`);
/// when it ends (done, failed or dropped with an aborted call), they go on.
struct Flight<'a>(&'a Session);

impl<'a> Flight<'a> {
    fn start(session: &'a Session) -> Flight<'a> {
        session.relogging.set(true);
        Flight(session)
    }
}

impl Drop for Flight<'_> {
    fn drop(&mut self) {
        self.0.relogging.set(false);
        let waiters = core::mem::take(&mut *self.0.relogin_waiters.write());
        // By reference: a consuming loop's IntoIter is code of its own.
        for &number in &waiters {
            crate::waits::settled(number, Ok(JsValue::UNDEFINED));
        }
    }
}

#[wasm_bindgen(module = "/js/package.js")]
extern "C" {
    #[wasm_bindgen(js_name = basicAuth)]
    fn basic_auth(username: &str, password: &str) -> JsValue;
    /// h4's `POST /sessions` body: `{ type: "localUser", localUser, localPassword }`.
    #[wasm_bindgen(js_name = h4LoginBody)]
    fn h4_login_body(username: &str, password: &str) -> JsValue;
    #[wasm_bindgen(js_name = askCredentials)]
    fn ask_credentials(f: &builtins::Function, signal: Option<&AbortSignal>) -> builtins::Promise;
    /// `[url, headers, correlation]` of a checked call, or `[undefined, header]` (a header
    /// value fetch cannot send), as siterecovery-core's `request::url` and `request::params`
    /// make them natively: see js/package.js.
    #[wasm_bindgen(js_name = requestTarget)]
    fn request_target(base: &str, template: &str, path: &builtins::Array, params: &JsValue, names: &str) -> builtins::Array;
    /// `[message, fields]` of an HTTP error.
    #[wasm_bindgen(js_name = httpFailure)]
    fn http_failure(operation: &str, status: u16, trusted: &JsValue, correlation: &JsValue) -> builtins::Array;
    /// A fresh `operationID` (h4 log correlation): `sr-` and 16 random hex digits, no secret.
    #[wasm_bindgen(js_name = newOperationId)]
    fn new_operation_id() -> JsValue;
}

/// Why a value was refused, as the error's message says it: a pattern's source quoted as a
/// JSON string (`JSON.stringify`, which writes it as siterecovery-core's `push_json_string`
/// does: a Rust string has no lone surrogate).
fn reason(invalid: &Invalid) -> String {
    let text = invalid.reason.text();
    match &invalid.reason {
        Reason::Pattern(source) => cat(&[text, " ", &crate::js::string(&builtins::json_string(source)).unwrap_or_default()]),
        _ => text.to_string(),
    }
}

pub struct Session {
    pub spec: &'static Spec,
    pub base_url: String,
    auth: RefCell<Option<String>>,
    credentials: Option<builtins::Function>,
    /// Bumped at each (re)login, so concurrent 401s log in again only once.
    generation: Cell<u64>,
    /// A re-login is under way; the calls that got 401 meanwhile wait for it (`relogin_waiters`).
    relogging: Cell<bool>,
    /// Those calls' waits (`crate::waits` numbers), settled when it ends.
    relogin_waiters: RefCell<Vec<usize>>,
    /// `logout()` was called: no call logs in again after it (a wait still running gets 401).
    logged_out: Cell<bool>,
}

impl Session {
    pub fn new(spec: &'static Spec, base_url: String, credentials: Option<builtins::Function>) -> Session {
        Session {
            spec,
            base_url,
            auth: RefCell::new(None),
            credentials,
            generation: Cell::new(0),
            relogging: Cell::new(false),
            relogin_waiters: RefCell::new(Vec::new()),
            logged_out: Cell::new(false),
        }
    }

    /// A session made elsewhere (`fromSession`): its token, as a login would have set it.
    pub fn set_token(&self, token: String) {
        *self.auth.write() = Some(token);
        self.generation.set(self.generation.get() + 1);
    }

    fn table(&self) -> &'static Api {
        self.spec.api
    }

    fn session_header(&self) -> &'static str {
        match self.spec.auth() {
            Auth::Srm => SRM_SESSION_HEADER,
            Auth::H4 | Auth::None => H4_SESSION_HEADER,
        }
    }

    pub fn operation(&self, operation_id: &str) -> Result<&'static Operation, Failure> {
        self.table().operation(operation_id).ok_or_else(not_an_operation)
    }

    /// The operation at `index` of the table (what a generated method calls by: no name to
    /// pass into the module and look up at every call).
    pub fn operation_at(&self, index: u32) -> Result<&'static Operation, Failure> {
        usize::try_from(index).ok().and_then(|i| self.table().operations.get(i)).ok_or_else(not_an_operation)
    }

    /// Check a call of `op` and build its request; `header` is sent besides the table's (the
    /// `Authorization` of a login or of the remote site's login).
    pub fn prepare(
        &self,
        op: &'static Operation,
        args: Args,
        options: &CallOptions,
        header: Option<(&'static str, String)>,
    ) -> Result<Box<Prepared>, Failure> {
        let api = self.table();
        // The parameters object read once, as JSON.stringify reads it (see the body below): the
        // values checked are the values sent.
        let mut params = args.params.map(|p| request_json(&p).map_or(p, |(_, value)| value));
        if let Some(header) = op.params.iter().find(|p| is_correlation(p)) {
            // A copy: the caller's object is not changed.
            let copy = own_copy(params.as_ref().unwrap_or(&JsValue::UNDEFINED));
            if get(&copy, header.name).is_undefined() {
                let id = options.operation_id.as_deref().map_or_else(new_operation_id, JsValue::from_str);
                set(&copy, header.name, &id);
            }
            params = Some(copy.into());
        }
        // The path arguments as JS strings, once: what is checked, and (`values`, in template
        // order, as the table's path parameters are) what fills the path template. Callers give
        // one per path parameter (a method takes them positionally by the table; the module's
        // own calls are the poll and the login); the check refuses any other count.
        let mut path = Vec::with_capacity(args.path.len());
        let values = builtins::Array::new();
        for arg in &args.path {
            let value = JsValue::from_str(arg);
            values.push(&value);
            path.push(Js(value));
        }
        // The body's JSON text (undefined when it cannot be sent), and what is checked: that
        // text read back, else (no text, or NaN or ±Infinity in it) the body itself, as
        // JSON.stringify takes it (what its `toJSON` returns), which names the field at fault.
        let (body, checked) = match args.body.as_ref() {
            Some(b) if !b.is_null() => match request_json(b) {
                Some((text, value)) => (Some(text), Some(Js(value))),
                None => (Some(JsValue::UNDEFINED), Some(Js(as_json(b)))),
            },
            // `null` sends nothing, and is checked as null.
            other => (None, other.map(|b| Js(b.clone()))),
        };
        let params = params.map(Js);
        let verdict = validate_request_with::<_, { crate::apis::RULES }>(api, op, &path, params.as_ref(), checked.as_ref(), &JsPatterns);
        // A cycle: the check gave up deep inside it, with a field path as long as it went.
        if body.as_ref().is_some_and(JsValue::is_undefined) && verdict.as_ref().err().is_none_or(|e| matches!(e.reason, Reason::TooDeep)) {
            return Err(Failure::invalid("body", "cannot be sent as JSON (it holds a cycle, or its toJSON throws)"));
        }
        verdict.map_err(|e| Failure::invalid(&e.field(), &reason(&e)))?;
        let mut all = String::new();
        fetch::push_header(&mut all, "accept", op.response_media_type.unwrap_or("application/json"));
        if let (Some(spec), Some(_)) = (&op.body, &body) {
            fetch::push_header(&mut all, "content-type", spec.media_type);
        }
        if let Some((name, value)) = &header {
            if !is_header_value(value) {
                return Err(Failure::invalid(name, NOT_A_HEADER_VALUE));
            }
            fetch::push_header(&mut all, name, value);
        }
        // The URL, and the operation's own headers after those: the parameters, each as a line
        // of its kind and name (none when there is no parameters object: nothing to send).
        let mut names = String::new();
        if params.is_some() {
            for p in op.params {
                let kind = match p.location {
                    Location::Header if is_correlation(p) => "\n2",
                    Location::Header => "\n1",
                    _ => "\n0",
                };
                names.push_str(kind);
                names.push_str(p.name);
            }
        }
        let target = request_target(&self.base_url, op.path, &values, params.as_ref().map_or(&JsValue::UNDEFINED, |p| &p.0), &names);
        let part = |i| crate::js::string(&target.get(i)).unwrap_or_default();
        let Some(url) = crate::js::string(&target.get(0)) else {
            return Err(Failure::invalid(&part(1), NOT_A_HEADER_VALUE));
        };
        all.push_str(&part(1));
        let correlation = crate::js::string(&target.get(2));
        // Its API's poll operation, not any GET that answers a task (another spec's
        // `GET /pairings/{id}/last-task` names no task by its path).
        let polls = op.task_kind.and_then(TaskApi::from_kind).is_some_and(|api| api.poll_operation() == op.operation_id);
        let task_id = if polls { args.path.first().cloned() } else { None };
        let out = Outgoing { method: op.method, url, headers: all, body };
        Ok(Box::new(Prepared { op, out, correlation, task_id, with_session: true, relogin: true }))
    }

    /// The request of `p` as js/package.js's `exchange` takes it, with the session header.
    pub fn request(&self, p: &Prepared, options: &CallOptions) -> Result<builtins::Array, Failure> {
        // Borrowed, not copied: nothing in `fetch::request` logs in.
        let auth = self.auth.read();
        let token = auth.as_deref().filter(|_| p.with_session);
        fetch::request(&p.out, token.map(|token| (self.session_header(), token)), options.signal.as_ref())
    }

    /// Send a prepared call once and check the answer: the client's own calls (polls, logins),
    /// and an operation that waited for its turn or is sent again after a re-login
    /// (operation calls are otherwise driven by js/package.js `call`).
    pub async fn exchange(&self, p: &Prepared, options: &CallOptions, read_header: Option<&str>) -> Result<Reply, Failure> {
        let sent = fetch::exchange(&self.request(p, options)?, read_header);
        let answered = crate::waits::promise(&sent).await.map_err(|e| fetch::failure(&e))?;
        // The body is checked next: in a burst of responses, take turns.
        crate::timer::turn().await;
        self.receive(p, fetch::answer(&answered.into()))
    }

    /// Check the answer to `p`.
    pub fn receive(&self, p: &Prepared, answer: Answer) -> Result<Reply, Failure> {
        let Answer { status, retry_after_ms, header, body } = answer;
        let api = self.table();
        let op = p.op;
        if !op.is_success(status) {
            return Err(self.http_error(p, status, retry_after_ms, body));
        }
        if body.as_ref().is_some_and(JsValue::is_undefined) {
            return Err(Failure::decode(Some(status), None, "not JSON"));
        }
        let body = body.map(Js);
        validate_response_with::<_, { crate::apis::RULES }>(api, op, status, body.as_ref(), &JsPatterns).map_err(|e| {
            let mut failure = Failure::decode(Some(status), (!e.path.is_empty()).then(|| e.field()).as_deref(), &reason(&e));
            // A task the server started is not lost with a body that breaks its schema.
            if op.task_kind.is_some() {
                failure.task_id = body.as_ref().and_then(|b| crate::js::string(&get(&b.0, "id")));
            }
            failure
        })?;
        Ok(Box::new(Answered { status, body: body.map_or(JsValue::NULL, |b| b.0), retry_after_ms, header }))
    }

    /// An answer outside the success statuses. Knows both APIs' error bodies (SRM
    /// `{error_code, message, op_id}`, h4 `{code, msg}`); a body that breaks its documented
    /// schema lends the error no code, message or op_id. The message and fields are made by
    /// js/package.js `httpFailure` (0.1 KB gzip less in the package than making them here).
    fn http_error(&self, p: &Prepared, status: u16, retry_after_ms: Option<u64>, body: Option<JsValue>) -> Failure {
        let trusted = body.filter(|b| {
            b.is_object()
                && !builtins::Array::is_array(b)
                && validate_response_with::<_, { crate::apis::RULES }>(self.table(), p.op, status, Some(&Js(b.clone())), &JsPatterns)
                    .is_ok()
        });
        let correlation = p.correlation.as_deref().map_or(JsValue::UNDEFINED, JsValue::from_str);
        let mut failure =
            Failure::made(Kind::Http, &http_failure(p.op.operation_id, status, &trusted.unwrap_or(JsValue::UNDEFINED), &correlation));
        failure.status = Some(status);
        failure.retry_after_ms = retry_after_ms;
        failure
    }

    /// Send a prepared call (`sent`: it was sent already, in session generation `.0`, and
    /// answered `.1`). On 401 with a `credentials` callback: log in again and send it again (a
    /// 401 means the server did not act on it). Calls that get 401 together share one
    /// re-login (single flight): the first logs in, the others wait for it.
    pub async fn send(&self, p: &Prepared, options: &CallOptions, sent: Option<(u64, Result<Reply, Failure>)>) -> Result<Reply, Failure> {
        let (generation, first) = match sent {
            Some(sent) => sent,
            None => (self.generation.get(), self.exchange(p, options, None).await),
        };
        if !self.may_log_in_again(p, &first) {
            return first;
        }
        if self.relogging.get() {
            // Another call's re-login (its `credentials()` may be a dialog): not past this
            // call's own signal.
            let (number, relogged) = crate::waits::flag();
            self.relogin_waiters.write().push(number);
            if let First::B(_) = crate::first::first(relogged, crate::waits::abort(options.signal.as_ref())).await {
                return Err(Failure::request_aborted("while logging in again"));
            }
        } else if self.generation.get() == generation {
            let _flight = Flight::start(self);
            let credentials = match self.ask_credentials(options).await? {
                Ok(credentials) => credentials,
                // The 401 stands, with why there was no re-login: the callback's rejection, or
                // what its answer lacked.
                Err(cause) => return first.map_err(|e| e.with("cause", &cause)),
            };
            self.login(&credentials, options).await?;
        }
        // No new session (the re-login failed or found no credentials): the 401 stands.
        if self.generation.get() == generation {
            return first;
        }
        self.exchange(p, options, None).await
    }

    /// Whether `first`, the answer to a call, is a 401 that a re-login may cure: then
    /// [`Session::send`] has more to do.
    pub fn may_log_in_again(&self, p: &Prepared, first: &Result<Reply, Failure>) -> bool {
        matches!(first, Err(e) if e.status == Some(401)) && self.credentials.is_some() && p.relogin && !self.logged_out.get()
    }

    /// The session a call is sent in (bumped at each login).
    pub fn generation(&self) -> u64 {
        self.generation.get()
    }

    /// Check and build one of the client's own calls (a task's poll), for [`Session::send`].
    /// Callers wait for their turn first (`crate::timer::turn`), so that a burst of polls (1000
    /// sleeps ending together) builds its requests across several stretches of the main
    /// thread.
    pub fn own_call(&self, operation_id: &str, args: Args, options: &CallOptions) -> Result<Box<Prepared>, Failure> {
        self.prepare(self.operation(operation_id)?, args, options, None)
    }

    /// Log in (again): SRM `POST /session` with Basic auth, the session id from the body;
    /// h4 `POST /sessions {type: localUser, ...}`, the token from `X-VCAV-Auth`.
    pub async fn login(&self, credentials: &Credentials, options: &CallOptions) -> Result<(), Failure> {
        let auth = self.spec.auth();
        if auth == Auth::None {
            return Ok(());
        }
        let op = self.operation("login")?;
        let (args, header) = match auth {
            Auth::Srm | Auth::None => (Args::default(), Some(("authorization", credentials.basic()))),
            Auth::H4 => (Args { body: Some(h4_login_body(&credentials.username, &credentials.password)), ..Args::default() }, None),
        };
        let mut prepared = self.prepare(op, args, options, header)?;
        prepared.with_session = false;
        let reply = self.exchange(&prepared, options, Some(self.session_header())).await?;
        let (token, field) = match auth {
            Auth::Srm | Auth::None => (crate::js::string(&get(&reply.body, "session_id")), "session_id"),
            Auth::H4 => (reply.header, H4_SESSION_HEADER),
        };
        match token {
            // A token is sent back as a header value (so no line break in it: `fetch::Outgoing`).
            Some(token) if !token.is_empty() && is_header_value(&token) => {
                self.set_token(token);
                Ok(())
            }
            _ => Err(Failure::decode(Some(reply.status), Some(field), "login answered without a session token")),
        }
    }

    /// Ask the JS `credentials()` callback (js/package.js `askCredentials`): `Err` with why
    /// there are none (its rejection; the validation error of what it gave; `undefined` when it
    /// gave nothing); an `aborted` error when the call's signal aborts while it is pending (a
    /// login dialog may stay open).
    async fn ask_credentials(&self, options: &CallOptions) -> Result<Result<Credentials, JsValue>, Failure> {
        let Some(f) = &self.credentials else { return Ok(Err(JsValue::UNDEFINED)) };
        let signal = options.signal.as_ref();
        let answer = crate::waits::promise(&ask_credentials(f, signal)).await;
        if signal.is_some_and(AbortSignal::aborted) {
            return Err(Failure::request_aborted("while logging in again"));
        }
        Ok(answer.and_then(|value| {
            if value.is_undefined() || value.is_null() {
                return Err(JsValue::UNDEFINED);
            }
            let field = |key| text(&get(&value, key)).flatten().unwrap_or_default();
            Credentials::new(field("username"), field("password")).map_err(|e| e.to_js())
        }))
    }

    /// Whether `op` is this API's logout (an API without a session has none).
    pub fn is_logout(&self, op: &Operation) -> bool {
        self.spec.auth() != Auth::None && op.operation_id == "logout"
    }

    /// `logout()` was called: no call logs in again after it (a wait still running gets 401).
    /// Whether there is a session to end on the server: without one (a second logout) nothing
    /// is sent.
    pub fn begin_logout(&self) -> bool {
        self.logged_out.set(true);
        self.auth.read().is_some()
    }

    /// The answer to `logout()`: the session ends here even if the server call failed, and a
    /// 401 says the server had ended it already.
    pub fn end(&self, answer: Result<Reply, Failure>) -> Result<JsValue, Failure> {
        *self.auth.write() = None;
        answer.map(|_| ()).or_else(|e| e.unless_status(401)).map(|()| JsValue::UNDEFINED)
    }
}

fn not_an_operation() -> Failure {
    Failure::invalid("operationId", "is not an operation of this API")
}
