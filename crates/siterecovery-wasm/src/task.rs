//! The `Task` handle every task-returning method resolves to: latest view, `wait()`,
//! `refresh()`, `resumeToken()`. Both APIs' tasks look the same here (`crate::view::View`).
//!
//! Handles of one task (same client, same id: from a method, `getTaskInfo` or `resumeTask`)
//! share one `TaskInner`, and the waits on it share one poll loop (core-lro's shared result
//! promise, across handles): 1000 waits on a task cost the GETs of one. The loop is the core's
//! `poll::wait` with the first wait's delays; each wait keeps its own timeout, signal and
//! `onProgress`.
use crate::builtins;
use crate::cells::Cells;
#[allow(unused_imports)]
use crate::prelude::*;
use alloc::rc::{Rc, Weak};
use core::cell::{Cell, RefCell};

use crate::builtins::AbortSignal;
use siterecovery_core::task::TaskApi;
use siterecovery_core::wait::{self, WaitError, WaitOptions};
use wasm_bindgen::prelude::*;

use crate::convert::{opt_function, opt_number, opt_signal, options_arg, CallOptions};
use crate::errors::{promise, reject, Failure, Kind};
use crate::first::{first, First};
use crate::global::Global;
use crate::session::{Args, Session};
use crate::shared::{Joined, Shared};
use crate::timer::{sleep, BrowserClock};
use crate::view::{view_to_js, View};

/// The poll loop the current waits on a task share; it ends when the last of them drops it.
/// Its outcome is all they get: the final view is the task's own (`TaskInner::view`).
type Loop = Shared<Result<(), Failure>>;

/// (session, task id): the same id on another client (another session) is polled apart.
type Key = (usize, String);

#[cfg(feature = "glue-install")]
#[wasm_bindgen(module = "/js/package.js")]
extern "C" {
    #[wasm_bindgen(js_name = installTaskGetters)]
    fn install_task_getters(proto: &JsValue);
}

#[wasm_bindgen(module = "/js/package.js")]
extern "C" {
    /// A task's `onProgress` callbacks, by wait number (a `Map`).
    #[wasm_bindgen(js_name = newListeners)]
    fn new_listeners() -> JsValue;
    /// `f` joins `listeners` as wait `n`'s; called with `view` first, if one is given.
    #[wasm_bindgen(js_name = listen)]
    fn listen(listeners: &JsValue, n: f64, f: &builtins::Function, view: Option<&JsValue>);
    #[wasm_bindgen(js_name = unlisten)]
    fn unlisten(listeners: &JsValue, n: f64);
    /// Every callback of `listeners`, with a copy of `view` (one that throws stops nothing).
    #[wasm_bindgen(js_name = notify)]
    fn notify(listeners: &JsValue, view: &JsValue);
    /// siterecovery-core's `resume::token`, made in JS.
    #[wasm_bindgen(js_name = resumeToken)]
    fn resume_token(api: &str, base: &str, id: &str) -> JsValue;
}

/// Every live task, so a new handle of a known task joins it.
static LIVE: Global<Vec<(Key, Weak<TaskInner>)>> = Global::new(Vec::new());

pub(crate) struct TaskInner {
    /// Its key in `LIVE` (the id it was made with, whatever the server answers later).
    key: Key,
    session: Rc<Session>,
    view: RefCell<View>,
    /// Made from a resume token and not fetched yet.
    stale: Cell<bool>,
    /// GETs of this task so far (a timeout error reports them).
    polls: Cell<u32>,
    waiting: RefCell<Weak<Loop>>,
    /// The poll loop has made its first progress report (a wait joining later makes its own).
    reported: Cell<bool>,
    /// `onProgress` of each current wait, by wait number (js/package.js `listen`).
    listeners: JsValue,
    next_listener: Cell<f64>,
}

impl TaskInner {
    /// GET the task once; returns it and the server's `Retry-After`.
    async fn fetch(&self, signal: Option<AbortSignal>) -> Result<(View, Option<u64>), Failure> {
        let id = self.view.read().id.clone();
        let options = CallOptions { signal, operation_id: None };
        self.polls.set(self.polls.get().saturating_add(1));
        let api = self.view.read().api;
        crate::timer::turn().await;
        let prepared = self.session.own_call(api.poll_operation(), Args { path: vec![id], ..Args::default() }, &options)?;
        let reply = self.session.send(&prepared, &options, None).await?;
        let view = crate::view::read(api, reply.status, reply.body)?;
        self.set_view(view.clone());
        Ok((view, reply.retry_after_ms))
    }

    fn set_view(&self, view: View) {
        *self.view.write() = view;
        self.stale.set(false);
    }

    /// Tell every current wait's `onProgress` (a throwing callback stops nothing).
    fn report(&self, view: &View) {
        notify(&self.listeners, crate::view::object(view));
    }
}

impl Drop for TaskInner {
    fn drop(&mut self) {
        LIVE.with(|live| {
            let mut live = live.write();
            if let Some(at) = live.iter().position(|(k, w)| *k == self.key && w.strong_count() == 0) {
                live.swap_remove(at);
            }
        });
    }
}

fn key(session: &Rc<Session>, id: &str) -> Key {
    (Rc::as_ptr(session) as usize, id.to_string())
}

/// The live `TaskInner` of (session, id), if a handle of it exists.
fn live(session: &Rc<Session>, id: &str) -> Option<Rc<TaskInner>> {
    let at = Rc::as_ptr(session) as usize;
    LIVE.with(|live| live.read().iter().find(|((s, i), _)| *s == at && i == id).and_then(|(_, w)| w.upgrade()))
}

fn register(session: Rc<Session>, view: View, stale: bool) -> Rc<TaskInner> {
    let key = key(&session, &view.id);
    let inner = Rc::new(TaskInner {
        key: key.clone(),
        session,
        view: RefCell::new(view),
        stale: Cell::new(stale),
        polls: Cell::new(0),
        waiting: RefCell::new(Weak::new()),
        reported: Cell::new(false),
        listeners: new_listeners(),
        next_listener: Cell::new(0.0),
    });
    LIVE.with(|live| live.write().push((key, Rc::downgrade(&inner))));
    inner
}

/// A long-running task on the server. Its getters show the latest state this handle saw.
#[wasm_bindgen]
pub struct Task {
    inner: Rc<TaskInner>,
}

impl Task {
    /// A handle of the task in `view`: joins the task's other handles, with this newer view.
    pub(crate) fn new(session: Rc<Session>, view: View) -> Task {
        if let Some(inner) = live(&session, &view.id) {
            inner.set_view(view);
            return Task { inner };
        }
        Task { inner: register(session, view, false) }
    }

    /// A handle of task `id` from a resume token: joins a live handle of it, else is fetched
    /// at its first wait.
    pub(crate) fn resumed(session: Rc<Session>, api: TaskApi, id: String) -> Task {
        if let Some(inner) = live(&session, &id) {
            return Task { inner };
        }
        Task { inner: register(session, crate::view::unfetched(api, id), true) }
    }

    /// The JS object of this handle. The package's entry gives the class its getters at init;
    /// with `glue-install`, the first handle does.
    pub(crate) fn into_js(self) -> JsValue {
        let js = JsValue::from(self);
        #[cfg(feature = "glue-install")]
        {
            static INSTALLED: Global<bool> = Global::new(false);
            if !INSTALLED.with(|i| i.put(true)) {
                install_task_getters(&builtins::Object::get_prototype_of(&js));
            }
        }
        js
    }

    fn same(&self) -> Task {
        Task { inner: Rc::clone(&self.inner) }
    }

    fn view(&self) -> core::cell::Ref<'_, View> {
        self.inner.view.read()
    }
}

#[wasm_bindgen]
impl Task {
    /// What the getters (`id`, `api`, `state`, `progress`, `description`, `startTime`,
    /// `endTime`, `error`, `result`, `raw`: js/package.js) read: the latest view as one plain
    /// object, made once per view by js/package.js `readTask` (one boundary call for all the
    /// getters, no Rust getter each).
    #[wasm_bindgen(js_name = "__view", skip_typescript)]
    pub fn view_object(&self) -> JsValue {
        crate::view::object(&self.view()).clone()
    }

    /// A plain object snapshot (also what `JSON.stringify(task)` gives).
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "TaskView")]
    pub fn to_json(&self) -> JsValue {
        view_to_js(&self.view())
    }

    /// A short string (no secret) to continue waiting after a page reload:
    /// `client.resumeTask(token)`.
    #[wasm_bindgen(js_name = resumeToken, unchecked_return_type = "string")]
    pub fn resume_token(&self) -> JsValue {
        let view = self.view();
        resume_token(view.api.as_str(), &self.inner.session.base_url, &view.id)
    }

    /// Fetch the task once; resolves with this handle, updated.
    #[wasm_bindgen(unchecked_return_type = "Promise<Task>")]
    pub fn refresh(&self, #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<JsValue>) -> builtins::Promise {
        let options = match CallOptions::parse(&options.unwrap_or(JsValue::UNDEFINED)) {
            Ok(o) => o,
            Err(e) => return reject(e),
        };
        let task = self.same();
        promise(async move {
            let id = task.view().id.clone();
            match task.inner.fetch(options.signal).await {
                // js/package.js resolves the call with the handle it was made on.
                Ok(_) => Ok(JsValue::UNDEFINED),
                // A failed poll, however it failed: one that names the task already (a body
                // with its id but no state) reads as every other.
                Err(mut e) => {
                    e.task_id = None;
                    Err(with_task(e, &id))
                }
            }
        })
    }

    /// Wait until the task ends: resolves with this handle on success; rejects with a
    /// `SiteRecoveryError` of kind `task` (failed/cancelled, carrying the task), `timeout`,
    /// `aborted` (an AbortError: the task goes on on the server), or the poll's error kind.
    #[wasm_bindgen(unchecked_return_type = "Promise<Task>")]
    pub fn wait(&self, #[wasm_bindgen(unchecked_optional_param_type = "WaitOptions")] options: Option<JsValue>) -> builtins::Promise {
        let options = options.unwrap_or(JsValue::UNDEFINED);
        let parsed = parse_wait_options(&options);
        let (wait_options, on_progress, signal) = match parsed {
            Ok(p) => p,
            Err(e) => return reject(e),
        };
        promise(wait(Rc::clone(&self.inner), wait_options, on_progress, signal))
    }
}

/// Errors of a call about a task always carry its id: an abort is the wait's abort, any
/// other failure without it a failed poll of the task.
fn with_task(e: Failure, task_id: &str) -> Failure {
    match e {
        e if e.kind == Kind::Aborted => Failure::aborted(task_id),
        e if e.task_id.is_some() => e,
        other => Failure::poll_failed(task_id, other),
    }
}

type ParsedWait = (WaitOptions, Option<builtins::Function>, Option<AbortSignal>);

pub(crate) fn parse_wait_options(o: &JsValue) -> Result<ParsedWait, Failure> {
    options_arg(o)?;
    let defaults = WaitOptions::default();
    let options = WaitOptions {
        timeout_ms: opt_number(o, "timeoutMs")?,
        min_delay_ms: opt_number(o, "minDelayMs")?.unwrap_or(defaults.min_delay_ms),
        max_delay_ms: opt_number(o, "maxDelayMs")?.unwrap_or(defaults.max_delay_ms),
        ..defaults
    };
    options.validate().map_err(Failure::invalid_option)?;
    Ok((options, opt_function(o, "onProgress")?, opt_signal(o)?))
}

/// The poll loop of the waits on `inner`: the running one, or a new one with these delays.
fn shared_wait(inner: &Rc<TaskInner>, options: &WaitOptions) -> Joined<Result<(), Failure>> {
    if let Some(running) = inner.waiting.read().upgrade() {
        return running.join();
    }
    let task = Rc::clone(inner);
    // The loop has no timeout and no signal of its own: each wait has its own.
    let options = WaitOptions { timeout_ms: None, ..options.clone() };
    let run = async move {
        let clock = BrowserClock;
        let start = task.view.read().clone();
        let poll_once = || task.fetch(None);
        let report = |view: &View| {
            task.reported.set(true);
            task.report(view);
        };
        // Each poll stores what it fetched: the handle shows the final task however it ends. A
        // resumed task not fetched yet is polled at once, its first poll retried as any other.
        wait::wait_from(&clock, &options, start, !task.stale.get(), poll_once, report).await.map(drop)
    };
    let shared = Shared::new(alloc::boxed::Box::pin(run));
    *inner.waiting.write() = Rc::downgrade(&shared);
    inner.reported.set(false);
    shared.join()
}

/// Removes a wait's `onProgress` when the wait ends, however it ends.
struct Listening<'a> {
    inner: &'a TaskInner,
    id: f64,
}

impl Drop for Listening<'_> {
    fn drop(&mut self) {
        unlisten(&self.inner.listeners, self.id);
    }
}

/// `Task.wait()`'s one future: `undefined` when the task succeeded (js/package.js resolves the
/// call with the handle it was made on), else the error, naming the task (`with_task`).
async fn wait(
    inner: Rc<TaskInner>,
    options: WaitOptions,
    on_progress: Option<builtins::Function>,
    signal: Option<AbortSignal>,
) -> Result<JsValue, Failure> {
    let inner = &inner;
    let task_id = inner.view.read().id.clone();
    let id = || inner.view.read().id.clone();
    if signal.as_ref().is_some_and(AbortSignal::aborted) {
        return Err(Failure::aborted(&task_id));
    }
    let started = crate::timer::now_ms();
    let polls_before = inner.polls.get();
    let shared = shared_wait(inner, &options);
    let _listening = on_progress.map(|f| {
        // A loop reports its first view to the waits listening then; later ones get it here.
        let view = inner.reported.get().then(|| crate::view::object(&inner.view.read()).clone());
        let n = inner.next_listener.get() + 1.0;
        inner.next_listener.set(n);
        listen(&inner.listeners, n, &f, view.as_ref());
        Listening { inner, id: n }
    });
    // A sleep of the shared timer, or a wait that never ends: the same future as the abort's.
    let timeout = options.timeout_ms.map_or_else(crate::waits::never, sleep);
    let outcome = match first(shared, first(timeout, crate::waits::abort(signal.as_ref()))).await {
        First::A(outcome) => outcome,
        First::B(First::A(_)) => {
            let elapsed = (crate::timer::now_ms() - started).max(0.0) as u64;
            Err(Failure::timeout(&id(), elapsed, inner.polls.get().saturating_sub(polls_before)))
        }
        First::B(First::B(_)) => Err(Failure::aborted(&task_id)),
    };
    outcome.map(|()| JsValue::UNDEFINED).map_err(|e| with_task(e, &task_id))
}

impl From<&Task> for Rc<TaskInner> {
    fn from(t: &Task) -> Self {
        Rc::clone(&t.inner)
    }
}
