//! Every rejection is a `SiteRecoveryError` (js/package.js): `kind`, `status`, `code`, `opId`,
//! `field`, `taskId`, `message`, and per kind `operation`, `retryAfterMs`, `body`, `task`,
//! `elapsedMs`, `polls`. A [`Failure`] is one on its way to JS; none holds a secret.
use crate::builtins;
#[allow(unused_imports)]
use crate::prelude::*;
use core::future::Future;

use crate::executor::LocalBoxFuture;
use siterecovery_core::wait::{BadOption, WaitError};
use wasm_bindgen::prelude::*;

use crate::js::{cat, set};

#[wasm_bindgen(module = "/js/package.js")]
extern "C" {
    /// The error of a [`Failure`] (`kind`: its [`Kind`]'s number, named by js/package.js `KINDS`).
    #[wasm_bindgen(js_name = failureError)]
    fn failure_error(
        message: &JsValue,
        fields: &JsValue,
        kind: u8,
        status: Option<u16>,
        retry_after_ms: Option<f64>,
        task_id: Option<&str>,
    ) -> JsValue;
    /// `[promise, resolve, reject]` of a new Promise.
    fn deferred() -> builtins::Array;
    #[wasm_bindgen(js_name = isAbortSignal)]
    pub fn is_abort_signal(value: &JsValue) -> bool;
    /// `[message, fields]` of bad input: `invalid <field>: <reason>`, the field.
    #[wasm_bindgen(js_name = invalidFailure)]
    fn invalid_failure(field: &str, reason: &str) -> builtins::Array;
    /// `unexpected response body (HTTP <status>) at <field>: <reason>`.
    #[wasm_bindgen(js_name = decodeMessage)]
    fn decode_message(status: Option<u16>, field: Option<&str>, reason: &str) -> JsValue;
    /// `before` and then `text`: a message that goes on in a JS string.
    #[wasm_bindgen(js_name = joinText)]
    fn join_text(before: &JsValue, text: &JsValue) -> JsValue;
    /// The message of an aborted wait on task `id`, or (`polled`) the start of a failed poll's.
    #[wasm_bindgen(js_name = taskMessage)]
    fn task_message(id: &str, polled: bool) -> JsValue;
    /// `[message, fields]` of a wait that timed out.
    #[wasm_bindgen(js_name = timeoutFailure)]
    fn timeout_failure(task_id: &str, elapsed_ms: f64, polls: u32) -> builtins::Array;
    /// `[message, fields]` of a task that ended failed or cancelled, from its view object.
    #[wasm_bindgen(js_name = taskFailure)]
    fn task_failure(view: &JsValue) -> builtins::Array;
}

/// A `SiteRecoveryError`'s `kind`, by number: js/package.js `KINDS` names them, in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Validation,
    Http,
    Network,
    Decode,
    Task,
    Timeout,
    Aborted,
    /// A panic left in the package stopped the call (`crate::executor`).
    Internal,
}

/// Boxed: a `Result<_, Failure>` is a pointer wide, so the futures that hold one and every
/// `?` that moves one stay small: 1.6 KB gzip less than the fields inline (raw -4.4 KB).
#[derive(Clone)]
pub struct Failure(Box<FailureInfo>);

#[derive(Clone)]
pub struct FailureInfo {
    pub kind: Kind,
    /// A JS string: most messages are made in JS, and the error is made there too.
    pub message: JsValue,
    pub status: Option<u16>,
    pub retry_after_ms: Option<u64>,
    pub task_id: Option<String>,
    /// The error's other fields (`field`, `code`, `opId`, `operation`, `body`, `task`, ...).
    pub fields: builtins::Object,
}

impl core::ops::Deref for Failure {
    type Target = FailureInfo;
    fn deref(&self) -> &FailureInfo {
        &self.0
    }
}

impl core::ops::DerefMut for Failure {
    fn deref_mut(&mut self) -> &mut FailureInfo {
        &mut self.0
    }
}

impl Failure {
    pub fn new(kind: Kind, message: &str) -> Failure {
        Failure::said(kind, JsValue::from_str(message))
    }

    /// A failure whose message is a JS string already.
    pub fn said(kind: Kind, message: JsValue) -> Failure {
        Failure(Box::new(FailureInfo { kind, message, status: None, retry_after_ms: None, task_id: None, fields: builtins::Object::new() }))
    }

    /// A failure of `kind` with the `[message, fields]` js/package.js made.
    pub fn made(kind: Kind, made: &builtins::Array) -> Failure {
        let mut failure = Failure::said(kind, made.get(0));
        failure.fields = made.get(1).into();
        failure
    }

    /// Bad input (nothing was sent): `invalid <field>: <reason>`.
    pub fn invalid(field: &str, reason: &str) -> Failure {
        Failure::made(Kind::Validation, &invalid_failure(field, reason))
    }

    /// A success answer that is not what the spec documents (`field` at fault, if one).
    pub fn decode(status: Option<u16>, field: Option<&str>, reason: &str) -> Failure {
        let mut failure = Failure::said(Kind::Decode, decode_message(status, field, reason));
        failure.status = status;
        match field {
            Some(f) => failure.with("field", &JsValue::from_str(f)),
            None => failure,
        }
    }

    pub fn internal(message: &str) -> Failure {
        Failure::new(Kind::Internal, message)
    }

    /// A request the caller's signal stopped before an answer: `request aborted: <when>`.
    pub fn request_aborted(when: &str) -> Failure {
        Failure::new(Kind::Aborted, &cat(&["request aborted: ", when]))
    }

    /// `Err(self)`, or `Ok` when it is an HTTP error of `status`.
    pub fn unless_status(self, status: u16) -> Result<(), Failure> {
        match self.status == Some(status) {
            true => Ok(()),
            false => Err(self),
        }
    }

    pub fn with(self, key: &str, value: &JsValue) -> Failure {
        if !value.is_undefined() {
            set(&self.fields, key, value);
        }
        self
    }

    /// The JS error: a `SiteRecoveryError` (an `AbortError` when aborted).
    pub fn to_js(&self) -> JsValue {
        let retry_after_ms = self.retry_after_ms.map(|ms| ms as f64);
        failure_error(&self.message, &self.fields, self.kind as u8, self.status, retry_after_ms, self.task_id.as_deref())
    }
}

/// The one way the package makes a Promise: every async method's future goes through it
/// boxed (the machinery is compiled once, not once per method) and runs on the package's
/// executor, which rejects it with kind `internal` if it panics.
pub fn promise(future: impl Future<Output = Result<JsValue, Failure>> + 'static) -> builtins::Promise {
    boxed_promise(Box::pin(future))
}

/// Not generic, so that its async block is one type for all callers.
fn boxed_promise(future: LocalBoxFuture<Result<JsValue, Failure>>) -> builtins::Promise {
    let parts = deferred();
    let (promise, resolve, reject) = (parts.get(0), builtins::Function::from(parts.get(1)), builtins::Function::from(parts.get(2)));
    let settle = reject.clone();
    crate::executor::spawn(
        Box::pin(async move {
            let _ = match future.await {
                Ok(value) => resolve.call1(&JsValue::UNDEFINED, &value),
                Err(e) => settle.call1(&JsValue::UNDEFINED, &e.to_js()),
            };
        }),
        reject,
    );
    promise.into()
}

/// A rejected promise of an invalid argument.
pub fn reject(failure: Failure) -> builtins::Promise {
    builtins::Promise::reject(&failure.to_js())
}

impl WaitError<crate::view::View> for Failure {
    fn is_aborted(&self) -> bool {
        self.kind == Kind::Aborted
    }
    fn is_transient(&self) -> bool {
        match self.kind {
            Kind::Network | Kind::Decode => true,
            Kind::Http => self.status.is_some_and(|s| s == 429 || s >= 500),
            _ => false,
        }
    }
    fn retry_after_ms(&self) -> Option<u64> {
        self.retry_after_ms
    }
    fn aborted(task_id: &str) -> Self {
        let mut failure = Failure::said(Kind::Aborted, task_message(task_id, false));
        failure.task_id = Some(task_id.to_string());
        failure
    }
    fn timeout(task_id: &str, elapsed_ms: u64, polls: u32) -> Self {
        let mut failure = Failure::made(Kind::Timeout, &timeout_failure(task_id, elapsed_ms as f64, polls));
        failure.task_id = Some(task_id.to_string());
        failure
    }
    fn poll_failed(task_id: &str, source: Self) -> Self {
        let message = join_text(&task_message(task_id, true), &source.message);
        let mut failure = source;
        failure.message = message;
        failure.task_id = Some(task_id.to_string());
        failure
    }
    fn task_failed(task: crate::view::View) -> Self {
        let mut failure = Failure::made(Kind::Task, &task_failure(crate::view::object(&task)));
        failure.task_id = Some(task.id);
        failure
    }
    fn invalid_option((field, reason): BadOption) -> Self {
        Failure::invalid(field, reason)
    }
}
