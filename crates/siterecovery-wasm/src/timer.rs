//! One timer for every wait: sleeps register a deadline in a shared queue and a single
//! `setTimeout` is armed for the earliest one (no per-task `setInterval`). Sleeps can be
//! cut short by an AbortSignal. And time slicing: a burst of calls (1000 waits starting, 1000
//! responses at once) runs in stretches of at most `STRETCH_MS`, each in its own macrotask,
//! so the page keeps painting and handling input in between. A piece of work after a pause
//! runs outside any stretch: calls one after another, each after a wait for the network, set
//! no timer.
use crate::builtins;
use crate::cells::Cells;
#[allow(unused_imports)]
use crate::prelude::*;
use alloc::vec::Vec;
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll, Waker};

use wasm_bindgen::prelude::*;

use crate::executor::{END_STRETCH, FIRE_DUE};
use crate::global::Global;
use crate::waits::{self, Wait};

#[wasm_bindgen(module = "/js/package.js")]
extern "C" {
    /// The global `setTimeout` (window, Worker, Node) of `crate::executor::sr_run(what)`, with
    /// a panic's `internal` error caught; its handle is a number or an object.
    #[wasm_bindgen(js_name = later)]
    fn later(what: u32, ms: f64) -> JsValue;
}

#[wasm_bindgen(module = "/js/package.js")]
extern "C" {
    /// Whether a timer belongs to the request that set it and dies with it (Cloudflare's
    /// workerd): then no timer is shared between calls.
    #[wasm_bindgen(js_name = timersPerRequest)]
    fn timers_per_request_js() -> bool;
    /// The object `schedulerStats()` returns, with `stackGuard`: whether js/package.js `attach`
    /// found the stack pointer (a `WebAssembly.Global`) for the panic guard.
    #[wasm_bindgen(js_name = schedulerStatsObject)]
    fn scheduler_stats_object(
        pending_sleeps: f64,
        timer_armed: bool,
        timers_created: f64,
        max_pending_sleeps: f64,
        held_turns: f64,
    ) -> JsValue;
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(handle: &JsValue);
}

/// [`timers_per_request_js`], asked once.
fn timers_per_request() -> bool {
    static ASKED: Global<Option<bool>> = Global::new(None);
    ASKED.with(|a| *a.write().get_or_insert_with(timers_per_request_js))
}

/// `setTimeout` of `sr_run(what)` (handed over first: `crate::executor::watch`).
fn set_timeout(what: u32, ms: f64) -> JsValue {
    crate::executor::watch();
    later(what, ms)
}

struct Scheduler {
    /// (deadline ms, the sleep's wait number, its own native timer where timers are per
    /// request: `timers_per_request`), unordered: a plain list is the least code, and scanning
    /// a few thousand sleeps costs microseconds.
    queue: Vec<(u64, usize, Option<JsValue>)>,
    /// The one armed native timer: its deadline and handle.
    armed: Option<(u64, JsValue)>,
    timers_created: u64,
    max_pending: usize,
}

static SCHEDULER: Global<Scheduler> = Global::new(Scheduler { queue: Vec::new(), armed: None, timers_created: 0, max_pending: 0 });

pub fn now_ms() -> f64 {
    builtins::now_ms()
}

pub fn fire_due() {
    let due = SCHEDULER.with(|s| {
        let mut s = s.write();
        s.armed = None;
        let now = now_ms() as u64;
        let mut due = Vec::new();
        // A due sleep's own timer has fired, or fires later for nothing. In place, not by a
        // consuming loop (its IntoIter is code of its own): the queue is unordered.
        let mut i = 0;
        while let Some(&(deadline, number, _)) = s.queue.get(i) {
            match deadline <= now {
                true => {
                    due.push(number);
                    s.queue.swap_remove(i);
                }
                false => i += 1,
            }
        }
        due
    });
    // By reference: a consuming loop's IntoIter is code of its own.
    for &number in &due {
        waits::settled(number, Ok(JsValue::UNDEFINED));
    }
    rearm();
}

/// Arm the single native timer for the earliest deadline, if it is not armed for it. Where
/// timers are per request, every sleep has its own instead (any of them, firing, wakes every
/// sleep that is due, also those whose timer died with their request).
fn rearm() {
    if timers_per_request() {
        return;
    }
    SCHEDULER.with(|s| {
        let mut s = s.write();
        let Some(deadline) = earliest(&s.queue) else {
            if let Some((_, handle)) = s.armed.take() {
                clear_timeout(&handle);
            }
            return;
        };
        if matches!(s.armed, Some((armed, _)) if armed <= deadline) {
            return;
        }
        if let Some((_, handle)) = s.armed.take() {
            clear_timeout(&handle);
        }
        s.armed = Some((deadline, fire_due_at(&mut s, deadline)));
    });
}

/// The earliest deadline of `queue` (a loop: `map().min()` is code of its own).
fn earliest(queue: &[(u64, usize, Option<JsValue>)]) -> Option<u64> {
    let mut min = None;
    for &(deadline, _, _) in queue {
        if min.is_none_or(|m| deadline < m) {
            min = Some(deadline);
        }
    }
    min
}

/// The longest delay `setTimeout` holds (a signed 32-bit count of ms, about 24.8 days):
/// engines fire a longer one at once (Node after 1 ms), so a farther deadline is armed for
/// this long, and again from there.
const MAX_TIMER_MS: u64 = i32::MAX as u64;

/// A native timer that runs `fire_due` at `deadline`: its handle.
fn fire_due_at(s: &mut Scheduler, deadline: u64) -> JsValue {
    let delay = deadline.saturating_sub(now_ms() as u64).min(MAX_TIMER_MS) as f64;
    s.timers_created += 1;
    set_timeout(FIRE_DUE, delay)
}

/// A sleep in the shared queue: a wait (`crate::waits`) that `fire_due` settles.
pub fn sleep(ms: f64) -> Wait {
    let deadline = (now_ms() + ms.max(0.0)) as u64;
    let number = waits::keep();
    SCHEDULER.with(|s| {
        let mut s = s.write();
        let own_timer = timers_per_request().then(|| fire_due_at(&mut s, deadline));
        s.queue.push((deadline, number, own_timer));
        s.max_pending = s.max_pending.max(s.queue.len());
    });
    rearm();
    waits::timer(number)
}

/// A sleep ended before it was due (its wait was dropped: an aborted wait): it leaves the
/// queue at once.
pub fn forget(number: usize) {
    let removed = SCHEDULER.with(|s| {
        let mut s = s.write();
        let at = s.queue.iter().position(|(_, n, _)| *n == number);
        at.map(|i| s.queue.swap_remove(i))
    });
    if let Some((_, _, own_timer)) = removed {
        if let Some(handle) = own_timer {
            clear_timeout(&handle);
        }
        rearm();
    }
}

/// How long the client may keep the main thread busy before it lets the page run.
const STRETCH_MS: f64 = 8.0;
/// A gap this long since the client last took a turn is a pause: the thread was free of it
/// meanwhile (a call that waited for the network, not the next of a burst). A turn is taken
/// once a call's arguments are checked (`crate::call::prepare`) and before an answer of the
/// module's own calls (polls, logins) is checked: small bodies, well under this.
const PAUSE_MS: f64 = 1.0;
/// A stretch whose ending timer is this late is over anyway: the thread had time meanwhile
/// (a hidden tab runs timers once a second or less; its calls must not wait for that).
const STRETCH_STALE_MS: f64 = 50.0;

struct Slicer {
    /// When the current busy stretch began; NaN when none runs (its end is a `setTimeout(0)`,
    /// which runs after the current macrotask). NaN, not an `Option`: with `last` beside it
    /// the static data keeps its size, and so the ~400 addresses of it in the code theirs.
    started: f64,
    /// When the client last took a turn.
    last: f64,
    /// Work held back for the next stretch (number, waker), in the order it was held back.
    waiting: Vec<(u64, Waker)>,
    next: u64,
    /// Turns ever held back for a later stretch (diagnostics).
    held: u64,
}

static SLICER: Global<Slicer> = Global::new(Slicer { started: f64::NAN, last: 0.0, waiting: Vec::new(), next: 0, held: 0 });

/// The waker of the work first in line, to wake once the borrow of `SLICER` ends.
fn first_in_line(s: &Slicer) -> Option<Waker> {
    s.waiting.first().map(|(_, w)| w.clone())
}

pub fn end_stretch() {
    let front = SLICER.with(|s| {
        let mut s = s.write();
        s.started = f64::NAN;
        first_in_line(&s)
    });
    // The work held back resumes in the order it was held back, one piece after another while
    // this new stretch has time: each that gets its turn wakes the next (`Turn::poll`). Woken
    // all at once, every piece still held was polled again at each stretch: a burst of 1000
    // calls was held back about 37,000 times, in line about 1,500.
    if let Some(w) = front {
        w.wake();
    }
}

/// End the current stretch in the next macrotask.
fn end_stretch_soon() {
    set_timeout(END_STRETCH, 0.0);
}

/// Resolves when this piece of work may run: at once while the current stretch has time left,
/// else in a later macrotask. Awaited before each request is built and before each response
/// is decoded.
pub fn turn() -> Turn {
    Turn { number: None }
}

pub struct Turn {
    /// Arrival number, once held back.
    number: Option<u64>,
}

/// A turn taken at once, if the stretch has time left; a new stretch if none runs, unless the
/// turn comes after a pause with nothing held back (then it runs without one).
fn take_turn(s: &mut Slicer, now: f64) -> bool {
    let went_on = now - s.last < PAUSE_MS;
    s.last = now;
    // (No stretch: `started` is NaN, and every comparison with it false.)
    let ran = now - s.started;
    if ran < STRETCH_MS {
        return true;
    }
    // The stretch is used up.
    if ran < STRETCH_STALE_MS {
        return false;
    }
    // No stretch, or one whose end timer is late (throttled) or gone (workerd drops a
    // request's timers when it ends): a new stretch, with a timer of its own to end it; but
    // after a pause, with no work held back, this piece runs and starts none.
    if went_on || !s.waiting.is_empty() {
        s.started = now;
        end_stretch_soon();
    }
    true
}

/// Whether work may run now, synchronously: the current stretch has time left, a new one
/// starts, or the work comes after a pause and needs none. When not, it awaits [`turn`].
pub fn turn_now() -> bool {
    SLICER.with(|s| take_turn(&mut s.write(), now_ms()))
}

impl Future for Turn {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let (poll, next) = SLICER.with(|s| {
            let mut s = s.write();
            if take_turn(&mut s, now_ms()) {
                // Held back before: it leaves the line, and the next in line goes on after it.
                let Some(n) = self.number.take() else { return (Poll::Ready(()), None) };
                crate::slots::remove_keyed(&mut s.waiting, n);
                return (Poll::Ready(()), first_in_line(&s));
            }
            s.held += 1;
            if timers_per_request() && s.waiting.first().is_none_or(|(k, _)| Some(*k) == self.number) {
                // First in line: the stretch's end timer may have died with an earlier request.
                end_stretch_soon();
            }
            let waker = cx.waker().clone();
            match self.number.and_then(|n| s.waiting.iter_mut().find(|(k, _)| *k == n)) {
                // Refused again (the stretch is used up): it keeps its place in line.
                Some(held) => held.1 = waker,
                None => {
                    s.next += 1;
                    let n = s.next;
                    s.waiting.push((n, waker));
                    self.number = Some(n);
                }
            }
            (Poll::Pending, None)
        });
        if let Some(w) = next {
            w.wake();
        }
        poll
    }
}

impl Drop for Turn {
    fn drop(&mut self) {
        let Some(n) = self.number else { return };
        // It may have been woken first in line (its call aborted meanwhile): the line goes on.
        let next = SLICER.with(|s| {
            let mut s = s.write();
            crate::slots::remove_keyed(&mut s.waiting, n);
            first_in_line(&s)
        });
        if let Some(w) = next {
            w.wake();
        }
    }
}

/// The [`siterecovery_core::wait::Clock`] of the browser: the shared timer and `Math.random`.
/// No abort: the poll loop that waits on a task has none of its own, each wait races its own
/// signal and timeout against it (`crate::task::wait`).
pub struct BrowserClock;

impl siterecovery_core::wait::Clock for BrowserClock {
    fn now_ms(&self) -> f64 {
        now_ms()
    }
    fn random(&self) -> f64 {
        builtins::random()
    }
    async fn sleep(&self, ms: f64) -> Result<(), ()> {
        let _ = sleep(ms).await;
        Ok(())
    }
    fn aborted(&self) -> bool {
        false
    }
}

/// Diagnostics of the shared scheduler: how many sleeps are queued, whether its one native
/// timer is armed, how many native timers were ever created, the most sleeps queued at once,
/// how many times work was held back for a later stretch of the main thread; and whether the
/// panic guard has the module's stack pointer.
#[wasm_bindgen(js_name = schedulerStats, unchecked_return_type = "SchedulerStats")]
pub fn scheduler_stats() -> JsValue {
    let (pending, armed, created, max_pending) = SCHEDULER.with(|s| {
        let s = s.read();
        (s.queue.len(), s.armed.is_some(), s.timers_created, s.max_pending)
    });
    let held = SLICER.with(|s| s.read().held);
    scheduler_stats_object(pending as f64, armed, created as f64, max_pending as f64, held as f64)
}
