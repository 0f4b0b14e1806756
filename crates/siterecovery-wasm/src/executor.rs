//! The package's own executor: the future of every Promise-returning method runs here, and a
//! panic left in the code (issue 9: clippy denies the ways we know of) stops only the call it
//! hit. The call's Promise rejects with kind `internal`, the other calls go on, and the module
//! keeps working.
//!
//! That is why it is ours and not wasm-bindgen-futures': a future is taken out of its slot
//! while it is polled, and no `RefCell` is borrowed across a poll, so a panic that never
//! returns (wasm has no unwinding) leaves nothing half-borrowed behind — only the one future,
//! never polled again. Wakers are slot numbers: a waker of a finished call that fires later
//! finds an empty slot (or another call, which then polls once for nothing: harmless).
//!
//! A panic throws out of the module's frames without giving their stack space back; the next
//! run from the event loop (js/package.js `guarded`) puts the stack pointer back first.
use crate::builtins;
use crate::cells::Cells;
#[allow(unused_imports)]
use crate::prelude::*;
use core::cell::Cell;
use core::task::{Context, RawWaker, RawWakerVTable, Waker};

use wasm_bindgen::prelude::*;

use crate::global::Global;
use crate::slots::Slots;

#[wasm_bindgen(module = "/js/package.js")]
extern "C" {
    /// `queueMicrotask` of [`sr_run`]`(RUN)`, its `internal` errors caught (they are reported).
    #[wasm_bindgen(js_name = runSoon)]
    fn run_soon();
    /// Throws a `SiteRecoveryError` of kind `internal`: a panic ends here, unwinding the wasm
    /// frames to the JS caller (a method called synchronously, or `runSoon`'s catch).
    #[wasm_bindgen(js_name = throwInternal)]
    fn throw_internal(message: &str);
    /// Hands the module's exports to js/package.js: it calls [`sr_run`] and [`sr_settled`]
    /// there, and its `guarded` puts the stack pointer (exported: build.rs) back where a panic
    /// left it.
    #[wasm_bindgen(js_name = attach)]
    fn attach(exports: &JsValue);
}

/// A future on the heap, as the executor keeps it.
pub type LocalBoxFuture<T> = core::pin::Pin<Box<dyn core::future::Future<Output = T>>>;

/// A call in flight: its future (out while it is polled) and how to reject its Promise.
struct Slot {
    future: Option<LocalBoxFuture<()>>,
    reject: builtins::Function,
    queued: bool,
}

struct Executor {
    slots: Slots<Slot>,
    /// The calls woken since the batch being run was taken, in the order they woke.
    ready: Vec<usize>,
    /// The calls of the run under way (or of one a panic cut short), and how many of them
    /// have had their turn: two plain lists take less code than a queue.
    batch: Vec<usize>,
    done: usize,
    scheduled: bool,
}

static EXECUTOR: Global<Executor> =
    Global::new(Executor { slots: Slots::new(), ready: Vec::new(), batch: Vec::new(), done: 0, scheduled: false });

/// `Global` is a `RefCell`; this module's own state outside it, read by the panic path.
struct Polling(Cell<Option<usize>>);
// SAFETY: one thread only (see `crate::global`).
unsafe impl Sync for Polling {}
/// The slot being polled, if any: the call a panic belongs to.
static POLLING: Polling = Polling(Cell::new(None));

const MESSAGE: &str = "internal error in siterecovery (a bug: please report it); this call was stopped, the module goes on";

/// Hand the module's exports to js/package.js once: before the first work handed to the
/// event loop (a run, a timer, a Promise awaited) and the first that may panic from it.
pub fn watch() {
    static WATCHED: Global<bool> = Global::new(false);
    if !WATCHED.with(|w| w.put(true)) {
        attach(&wasm_bindgen::exports());
    }
}

/// What [`sr_run`] runs.
pub const RUN: u32 = 0;
pub const FIRE_DUE: u32 = 1;
pub const END_STRETCH: u32 = 2;

/// The module's work from the event loop: js/package.js calls it (through `guarded`) from its
/// microtask (`RUN`: poll the calls woken) and timers (`crate::timer`). A raw export of the
/// module, not a wasm-bindgen closure: no closure machinery in the module or its glue.
#[no_mangle]
pub extern "C" fn sr_run(what: u32) {
    match what {
        RUN => run(),
        FIRE_DUE => crate::timer::fire_due(),
        _ => crate::timer::end_stretch(),
    }
}

/// js/package.js reports a Promise or signal handed over with `number` settled
/// (`crate::waits`); `ok` is 0 for a rejection.
#[no_mangle]
pub extern "C" fn sr_settled(number: u32, ok: u32) {
    crate::waits::report(number, ok != 0);
}

/// Run `future` as a call whose Promise `reject` rejects if it panics.
pub fn spawn(future: LocalBoxFuture<()>, reject: builtins::Function) {
    #[cfg(feature = "std")]
    install_hook();
    watch();
    let slot = Slot { future: Some(future), reject, queued: false };
    let index = EXECUTOR.with(|e| e.write().slots.insert(slot));
    wake(index);
}

fn wake(index: usize) {
    let schedule = EXECUTOR.with(|e| {
        let mut e = e.write();
        match e.slots.get_mut(index) {
            Some(slot) if !slot.queued => slot.queued = true,
            _ => return false,
        }
        e.ready.push(index);
        schedule(&mut e)
    });
    if schedule {
        run_soon();
    }
}

/// Whether a run must be queued (it is not queued already).
fn schedule(e: &mut Executor) -> bool {
    !core::mem::replace(&mut e.scheduled, true)
}

/// Poll the calls woken before this microtask (calls woken meanwhile run in the next one).
/// Each is counted off the batch only when its turn comes: if a poll panics, the rest of the
/// batch is still there, and `on_panic` queues a run, which finishes it first.
fn run() {
    let more = EXECUTOR.with(|e| {
        let mut e = e.write();
        e.scheduled = false;
        if e.done < e.batch.len() {
            // What a panic left of the last batch runs first; the calls woken since, next.
            return !e.ready.is_empty() && schedule(&mut e);
        }
        // The finished batch's list (its memory) takes the calls woken from now on.
        let e = &mut *e;
        core::mem::swap(&mut e.batch, &mut e.ready);
        e.ready.clear();
        e.done = 0;
        false
    });
    if more {
        run_soon();
    }
    loop {
        let next = EXECUTOR.with(|e| {
            let mut e = e.write();
            let index = *e.batch.get(e.done)?;
            e.done += 1;
            let slot = e.slots.get_mut(index);
            Some((
                index,
                slot.and_then(|s| {
                    s.queued = false;
                    s.future.take()
                }),
            ))
        });
        let Some((index, future)) = next else { break };
        let Some(mut future) = future else { continue };
        POLLING.0.set(Some(index));
        let done = future.as_mut().poll(&mut Context::from_waker(&waker(index))).is_ready();
        POLLING.0.set(None);
        EXECUTOR.with(|e| {
            let mut e = e.write();
            if done {
                e.slots.take(index);
            } else if let Some(slot) = e.slots.get_mut(index) {
                slot.future = Some(future);
            }
        });
    }
}

/// A panic: reject the call being polled and free its slot (its future was out of the slot,
/// on the abandoned frame of `run`: it is leaked, never polled or dropped), queue the rest of
/// the batch, and throw the `internal` error to the JS caller. Nothing here may panic again;
/// borrows are tried, not assumed.
pub fn on_panic() -> ! {
    let polling = POLLING.0.take();
    let (reject, run) = EXECUTOR.with(|e| match e.try_borrow_mut() {
        Ok(mut e) => {
            let reject = polling.and_then(|i| e.slots.take(i)).map(|s| s.reject);
            let run = (e.done < e.batch.len() || !e.ready.is_empty()) && schedule(&mut e);
            (reject, run)
        }
        Err(_) => (None, false),
    });
    if let Some(reject) = reject {
        let _ = reject.call1(&JsValue::UNDEFINED, &crate::errors::Failure::internal(MESSAGE).to_js());
    }
    if run {
        run_soon();
    }
    throw_internal(MESSAGE);
    // `throwInternal` does not return.
    #[cfg(target_arch = "wasm32")]
    core::arch::wasm32::unreachable();
    #[cfg(not(target_arch = "wasm32"))]
    unreachable!()
}

/// The std build (the tests) panics through std: a panic in a call's poll goes where the
/// package's `panic_handler` sends it; any other (a test's own assertion) to the hook that was
/// there (wasm-bindgen-test's report). std counts the panic and it never ends, so std aborts
/// on a second one: the tests provoke one.
#[cfg(feature = "std")]
fn install_hook() {
    static INSTALLED: Global<bool> = Global::new(false);
    if !INSTALLED.with(|i| i.put(true)) {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if POLLING.0.get().is_some() {
                on_panic();
            }
            previous(info)
        }));
    }
}

fn waker(index: usize) -> Waker {
    // SAFETY: the data is a slot number, not a pointer; the vtable never dereferences it.
    unsafe { Waker::from_raw(raw(index)) }
}

fn raw(index: usize) -> RawWaker {
    RawWaker::new(index as *const (), &VTABLE)
}

static VTABLE: RawWakerVTable =
    RawWakerVTable::new(|data| raw(data as usize), |data| wake(data as usize), |data| wake(data as usize), |_| {});

/// Test hook: the next operation call panics in `__prepare` (`provokePanic("prepare")`).
#[cfg(any(feature = "std", feature = "test-hooks"))]
pub static PANIC_IN_PREPARE: Global<bool> = Global::new(false);

/// Test hook (the tests' std build, and a package built with the `test-hooks` feature): a
/// call that panics synchronously (`"now"`), in its first poll (`"poll"`) or after an await
/// (`"after-await"`); or (`"prepare"`) the next operation call, while its arguments are
/// checked. So the tests can show the guard.
#[cfg(any(feature = "std", feature = "test-hooks"))]
#[wasm_bindgen(js_name = provokePanic)]
#[allow(clippy::panic)]
pub fn provoke_panic(when: &str) -> builtins::Promise {
    if when == "now" {
        panic!("provoked");
    }
    if when == "prepare" {
        PANIC_IN_PREPARE.with(|p| *p.write() = true);
        return builtins::Promise::resolve(&JsValue::UNDEFINED);
    }
    let after_await = when == "after-await";
    crate::errors::promise(async move {
        if after_await {
            let _ = crate::timer::sleep(1.0).await;
        }
        panic!("provoked")
    })
}
