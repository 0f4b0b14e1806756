//! The path every JS method takes: the arguments sorted and checked by the table when the
//! method is called (nothing is sent on bad input), the request sent by js/package.js, then
//! the answer checked here: a `Task` for task-returning operations, the body as received
//! otherwise (`undefined` for none).
//!
//! No future runs between the two halves: the call is one Promise chain in JS (`call` in
//! js/package.js) around two synchronous steps of the module, [`prepare`] and [`settle`]. A
//! call goes on as a future (`Session::send`, the path of the module's own calls) only after
//! a 401 that a re-login may cure, or when it must wait its turn on the main thread.
use crate::builtins;
use crate::cells::Cells;
#[allow(unused_imports)]
use crate::prelude::*;
use alloc::rc::Rc;

use siterecovery_core::request::is_correlation;
use siterecovery_core::task::TaskApi;
use wasm_bindgen::prelude::*;

use crate::convert::{object_arg, string_arg, CallOptions};
use crate::errors::{promise, Failure};
use crate::global::Global;
use crate::session::{Args, Prepared, Reply, Session};
use crate::slots::Slots;
use crate::task::Task;

/// A call whose request is out: what its answer is checked against.
struct Pending {
    session: Rc<Session>,
    prepared: Box<Prepared>,
    options: CallOptions,
    /// The session it was sent in.
    generation: u64,
}

/// The calls whose requests are out, by number.
static PENDING: Global<Slots<Pending>> = Global::new(Slots::new());

/// `client.__prepare(operation, args)`, what every generated method calls first (`operation`:
/// the operation's index in the table, which `crate::surface` handed over with its name): the
/// arguments sorted by the table — path parameters, the parameters object (when the operation
/// has query or header parameters besides `operationID`), the body (when it has one), then
/// options — and checked. The request as `exchange` takes it, and last the call's number for
/// [`settle`]; or, when the main thread's stretch is used up, the Promise of the call sent in a
/// later one (`crate::timer`: a burst of 1000 calls must not block the page).
pub fn prepare(session: &Rc<Session>, operation: u32, args: &builtins::Array) -> Result<JsValue, JsValue> {
    crate::executor::watch();
    let op = session.operation_at(operation).map_err(|e| e.to_js())?;
    let logout = session.is_logout(op);
    let mut next = 0;
    let mut take = || {
        next += 1;
        args.get(next - 1)
    };
    let checked = (|| -> Result<_, Failure> {
        // A loop, not `collect::<Result<Vec<_>, _>>`: its adapter is 0.4 KB of wasm.
        let mut path = Vec::with_capacity(op.path_params.len());
        for p in op.path_params {
            path.push(string_arg(&take(), p.js_name)?);
        }
        let remote_login = crate::remote_login::is_remote_login(op);
        let header = match remote_login {
            true => Some(crate::remote_login::header(&take())?),
            false => None,
        };
        // The rule of the generated TypeScript (siterecovery_schema::methods::takes_params).
        let params = match op.params.iter().any(|p| !is_correlation(p)) {
            true => object_arg(take(), "query")?,
            false => None,
        };
        let body = match &op.body {
            // An absent body of an operation that requires one is `{}`: the table's check then
            // names any required field that is missing.
            Some(spec) => object_arg(take(), "body")?.or_else(|| spec.required.then(|| builtins::Object::new().into())),
            None => None,
        };
        let options = CallOptions::parse(&take())?;
        let mut prepared = session.prepare(op, Args { path, params, body }, &options, header)?;
        // Their 401 answers the remote site's credentials, or ends a session that is ending.
        prepared.relogin = !remote_login && !logout;
        Ok((prepared, options))
    })();
    let (prepared, options) = checked.map_err(|e| e.to_js())?;
    #[cfg(any(feature = "std", feature = "test-hooks"))]
    #[allow(clippy::panic)]
    if crate::executor::PANIC_IN_PREPARE.with(|p| p.put(false)) {
        panic!("provoked");
    }
    if logout && !session.begin_logout() {
        // No session to end on the server (a second logout): nothing is sent.
        return Ok(builtins::Promise::resolve(&JsValue::UNDEFINED).into());
    }
    let session = Rc::clone(session);
    if !crate::timer::turn_now() {
        // The main thread's stretch is used up (a burst of calls): this call waits its turn.
        return Ok(later(session, prepared, options, None));
    }
    let request = session.request(&prepared, &options).map_err(|e| e.to_js())?;
    let pending = Pending { generation: session.generation(), session, prepared, options };
    let number = PENDING.with(|p| p.write().insert(pending));
    request.push(&JsValue::from(number as u32));
    Ok(request.into())
}

/// `<Class>.__settle(number, answered, value)`: the answer of call `number` (`exchange`'s
/// array when `answered`, else why it got none), checked. Resolves the call's Promise with
/// the result, rejects it (thrown), or, after a 401 that a re-login may cure, hands it the
/// Promise of sending the call again.
pub fn settle(number: u32, answered: bool, value: JsValue) -> Result<JsValue, JsValue> {
    let pending = PENDING.with(|p| p.write().take(number as usize));
    let Some(Pending { session, prepared, options, generation }) = pending else {
        return Err(Failure::internal("an answer to no call in flight").to_js());
    };
    let first = match answered {
        true => session.receive(&prepared, crate::fetch::answer(&value.into())),
        false => Err(crate::fetch::failure(&value)),
    };
    if session.may_log_in_again(&prepared, &first) {
        return Ok(later(session, prepared, options, Some((generation, first))));
    }
    outcome(&session, &prepared, first).map_err(|e| e.to_js())
}

/// What `__prepare` and `__settle` hand to js/package.js `call`: the value, or the error, which
/// it throws (a `SiteRecoveryError` is never a call's result). A `Result` would cross as three
/// values and be thrown by the glue: more code on both sides.
pub fn either(result: Result<JsValue, JsValue>) -> JsValue {
    match result {
        Ok(value) | Err(value) => value,
    }
}

/// An error of a task's GET names the task, as a failed poll of a `Task` does: a caller that
/// kept only the error still knows which task it asked about.
fn naming_task(prepared: &Prepared, mut e: Failure) -> Failure {
    if e.task_id.is_none() {
        e.task_id = prepared.task_id.clone();
    }
    e
}

/// The call as a future of the module (`Session::send`): sent once its turn comes, or
/// (`sent`) answered already with a 401 that a re-login may cure.
fn later(session: Rc<Session>, prepared: Box<Prepared>, options: CallOptions, sent: Option<(u64, Result<Reply, Failure>)>) -> JsValue {
    promise(async move {
        if sent.is_none() {
            crate::timer::turn().await;
        }
        let reply = session.send(&prepared, &options, sent).await;
        outcome(&session, &prepared, reply)
    })
    .into()
}

/// What the call resolves with, from its answer: see [`shape`]; a logout's is `undefined`
/// (`Session::end`).
fn outcome(session: &Rc<Session>, prepared: &Prepared, answer: Result<Reply, Failure>) -> Result<JsValue, Failure> {
    if session.is_logout(prepared.op) {
        return session.end(answer);
    }
    answer.and_then(|reply| shape(session, prepared.op.task_kind, reply.status, reply.body)).map_err(|e| naming_task(prepared, e))
}

/// What a call resolves with: a `Task` for a task-returning operation, else the body
/// (`undefined` for none).
fn shape(session: &Rc<Session>, task_kind: Option<&str>, status: u16, body: JsValue) -> Result<JsValue, Failure> {
    match task_kind.and_then(TaskApi::from_kind) {
        Some(api) => Ok(Task::new(Rc::clone(session), crate::view::read(api, status, body)?).into_js()),
        None if body.is_null() => Ok(JsValue::UNDEFINED),
        None => Ok(body),
    }
}
