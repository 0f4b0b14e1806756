//! The module's waits, by number: a JS Promise (an exchange, the caller's `credentials()`), an
//! AbortSignal's `abort`, or a sleep of the shared timer (`crate::timer`). The future of a wait
//! holds its number; what settles it (js/package.js calling the module's
//! `sr_settled(number, ok)`, or the timer's `fire_due`) stores the outcome under that number
//! and wakes the future. No wasm-bindgen closure: closures, and wasm-bindgen's `JsFuture`
//! built on them, cost the module their invoke shims, drop glue and the glue's closure
//! registry.
use crate::builtins;
use crate::cells::Cells;
#[allow(unused_imports)]
use crate::prelude::*;
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll, Waker};

use crate::builtins::AbortSignal;
use wasm_bindgen::prelude::*;

use crate::global::Global;
use crate::slots::Slots;

#[wasm_bindgen(module = "/js/package.js")]
extern "C" {
    /// `promise.then(...)`, reporting to `sr_settled(number, ok)`.
    #[wasm_bindgen(js_name = settleInto)]
    fn settle_into(promise: &builtins::Promise, number: u32);
    /// The value `sr_settled` reports, once (js/package.js keeps it only for that call).
    #[wasm_bindgen(js_name = settledValue)]
    fn settled_value() -> JsValue;
    /// Listen for the signal's `abort`, reporting to `sr_settled(number, 1)` in a microtask
    /// (`abort()` may be called from inside the module); the listener.
    #[wasm_bindgen(js_name = watchAbort)]
    fn watch_abort(signal: &AbortSignal, number: u32) -> JsValue;
    #[wasm_bindgen(js_name = unwatchAbort)]
    fn unwatch_abort(signal: &AbortSignal, listener: &JsValue);
}

enum State {
    Waiting(Option<Waker>),
    Settled(Result<JsValue, JsValue>),
    /// Its future was dropped before its Promise settled: the number stays taken until it
    /// does (so a late settling never reaches another future given the same number).
    Abandoned,
}

static WAITING: Global<Slots<State>> = Global::new(Slots::new());

/// What settles a wait, and so what dropping it undoes.
enum Source {
    /// A JS Promise: it settles once, whatever happens here.
    Promise,
    /// A signal's `abort`: its listener is removed.
    Abort(AbortSignal, JsValue),
    /// A sleep: it leaves the timer's queue.
    Timer,
}

/// The outcome of a wait: a Promise's (fulfilled `Ok`, rejected `Err`), `Ok(undefined)` for an
/// abort or a sleep.
pub struct Wait {
    /// `None` once it has resolved, or for a watch without a signal (never resolves).
    number: Option<usize>,
    source: Source,
}

/// A number for a new wait, not settled yet.
pub fn keep() -> usize {
    crate::executor::watch();
    WAITING.with(|w| w.write().insert(State::Waiting(None)))
}

/// `promise` settled.
pub fn promise(promise: &builtins::Promise) -> Wait {
    let number = keep();
    settle_into(promise, number as u32);
    Wait { number: Some(number), source: Source::Promise }
}

/// A wait that never ends.
pub fn never() -> Wait {
    Wait { number: None, source: Source::Promise }
}

/// Resolves when `signal` aborts (at once if it has; never without a signal).
pub fn abort(signal: Option<&AbortSignal>) -> Wait {
    let Some(signal) = signal else { return never() };
    let number = keep();
    if signal.aborted() {
        // Settled already: nothing to undo when it is dropped.
        settled(number, Ok(JsValue::UNDEFINED));
        return Wait { number: Some(number), source: Source::Promise };
    }
    let listener = watch_abort(signal, number as u32);
    Wait { number: Some(number), source: Source::Abort(signal.clone(), listener) }
}

/// A wait the module settles itself ([`settled`]) under the number it comes with: a call
/// waiting for another call's re-login. The number stays taken until then.
pub fn flag() -> (usize, Wait) {
    let number = keep();
    (number, Wait { number: Some(number), source: Source::Promise })
}

/// The wait of a sleep the timer queued under `number` (from [`keep`]).
pub fn timer(number: usize) -> Wait {
    Wait { number: Some(number), source: Source::Timer }
}

/// js/package.js reports the Promise (or signal) of `number` settled.
pub fn report(number: u32, ok: bool) {
    let value = settled_value();
    settled(number as usize, if ok { Ok(value) } else { Err(value) });
}

/// Wait `number` has its outcome.
pub fn settled(number: usize, outcome: Result<JsValue, JsValue>) {
    let waker = WAITING.with(|w| {
        let mut w = w.write();
        match w.get_mut(number) {
            Some(state @ State::Waiting(_)) => match core::mem::replace(state, State::Settled(outcome)) {
                State::Waiting(waker) => waker,
                _ => None,
            },
            Some(State::Abandoned) => {
                w.take(number);
                None
            }
            _ => None,
        }
    });
    if let Some(waker) = waker {
        waker.wake();
    }
}

impl Future for Wait {
    type Output = Result<JsValue, JsValue>;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let Some(number) = self.number else { return Poll::Pending };
        let outcome = WAITING.with(|w| {
            let mut w = w.write();
            match w.get_mut(number) {
                Some(State::Settled(_)) => match w.take(number) {
                    Some(State::Settled(outcome)) => Some(outcome),
                    _ => None,
                },
                Some(State::Waiting(waker)) => {
                    *waker = Some(cx.waker().clone());
                    None
                }
                _ => None,
            }
        });
        match outcome {
            Some(outcome) => {
                self.number = None;
                Poll::Ready(outcome)
            }
            None => Poll::Pending,
        }
    }
}

impl Drop for Wait {
    fn drop(&mut self) {
        let Some(number) = self.number else { return };
        // An abort watch stops listening and a sleep leaves the queue, so nothing settles
        // their number again: it is free. A Promise settles later anyway.
        let settles_later = match &self.source {
            Source::Promise => true,
            Source::Abort(signal, listener) => {
                unwatch_abort(signal, listener);
                false
            }
            Source::Timer => {
                crate::timer::forget(number);
                false
            }
        };
        WAITING.with(|w| {
            let mut w = w.write();
            match w.get_mut(number) {
                Some(state @ State::Waiting(_)) if settles_later => *state = State::Abandoned,
                _ => {
                    w.take(number);
                }
            }
        });
    }
}
