//! Awaiting JS from Rust by number, with no wasm-bindgen closure: a Promise (an exchange, the
//! caller's `credentials()`) or an AbortSignal's `abort` is handed to js/package.js with a
//! number, and when it settles js/package.js calls the module's `sr_settled(number, ok)`
//! (`crate::executor`), which wakes the future waiting on that number. Closures, and
//! wasm-bindgen's `JsFuture` built on them, cost the module their invoke shims, drop glue and
//! the glue's closure registry.
#[allow(unused_imports)]
use crate::prelude::*;
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll, Waker};

use wasm_bindgen::prelude::*;
use web_sys::AbortSignal;

use crate::global::Global;
use crate::slots::Slots;

#[wasm_bindgen(module = "/js/package.js")]
extern "C" {
    /// `promise.then(...)`, reporting to `sr_settled(number, ok)`.
    #[wasm_bindgen(js_name = settleInto)]
    fn settle_into(promise: &js_sys::Promise, number: u32);
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
    /// Its future was dropped first: the number stays taken until the Promise settles (so a
    /// late settling never reaches another future given the same number).
    Abandoned,
}

static WAITING: Global<Slots<State>> = Global::new(Slots::new());

/// The outcome of a Promise, or a signal's abort (`Ok(undefined)`).
pub struct Promised {
    /// `None` once it has resolved, or for a watch without a signal (never resolves).
    number: Option<usize>,
    /// An abort watch's signal and listener, removed when it is dropped.
    listening: Option<(AbortSignal, JsValue)>,
}

fn keep() -> usize {
    crate::executor::watch();
    WAITING.with(|w| w.borrow_mut().insert(State::Waiting(None)))
}

/// `promise` settled: fulfilled `Ok`, rejected `Err`.
pub fn promised(promise: &js_sys::Promise) -> Promised {
    let number = keep();
    settle_into(promise, number as u32);
    Promised { number: Some(number), listening: None }
}

/// Resolves when `signal` aborts (at once if it has; never without a signal).
pub fn aborted(signal: Option<&AbortSignal>) -> Promised {
    let Some(signal) = signal else { return Promised { number: None, listening: None } };
    let number = keep();
    if signal.aborted() {
        settled(number, Ok(JsValue::UNDEFINED));
        return Promised { number: Some(number), listening: None };
    }
    let listener = watch_abort(signal, number as u32);
    Promised { number: Some(number), listening: Some((signal.clone(), listener)) }
}

/// js/package.js reports the Promise (or signal) of `number` settled.
pub fn report(number: u32, ok: bool) {
    let value = settled_value();
    settled(number as usize, if ok { Ok(value) } else { Err(value) });
}

fn settled(number: usize, outcome: Result<JsValue, JsValue>) {
    let waker = WAITING.with(|w| {
        let mut w = w.borrow_mut();
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

impl Future for Promised {
    type Output = Result<JsValue, JsValue>;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let Some(number) = self.number else { return Poll::Pending };
        let outcome = WAITING.with(|w| {
            let mut w = w.borrow_mut();
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

impl Drop for Promised {
    fn drop(&mut self) {
        let Some(number) = self.number else { return };
        // An abort watch stops listening, so nothing reports its number again: it is free.
        let listening = self.listening.take();
        if let Some((signal, listener)) = &listening {
            unwatch_abort(signal, listener);
        }
        WAITING.with(|w| {
            let mut w = w.borrow_mut();
            match w.get_mut(number) {
                Some(state @ State::Waiting(_)) if listening.is_none() => *state = State::Abandoned,
                _ => {
                    w.take(number);
                }
            }
        });
    }
}
