//! Waiting for a task: exponential backoff with full jitter, `Retry-After`, timeout, abort,
//! progress reports on change only, and transient poll failures retried without losing the
//! task id. The one copy of this logic: the native client runs it on tokio, the wasm package
//! on its shared browser timer ([`Clock`]); each brings its error type ([`WaitError`]).
use core::future::Future;

use crate::task::{TaskState, TaskView};

#[derive(Debug, Clone, PartialEq)]
pub struct WaitOptions {
    /// Give up (reject with `timeout`) after this long; `None` waits for ever.
    pub timeout_ms: Option<f64>,
    /// First delay and lower bound of every delay.
    pub min_delay_ms: f64,
    /// Upper bound of the exponential growth.
    pub max_delay_ms: f64,
    /// Consecutive transient poll failures (network, 429, 5xx) tolerated before giving up.
    pub max_poll_failures: u32,
}

impl Default for WaitOptions {
    fn default() -> Self {
        WaitOptions { timeout_ms: None, min_delay_ms: 500.0, max_delay_ms: 5_000.0, max_poll_failures: 5 }
    }
}

/// A rejected option: the field (as JS names it) and why.
pub type BadOption = (&'static str, &'static str);

impl WaitOptions {
    pub fn validate(&self) -> Result<(), BadOption> {
        let ok = |v: f64| v.is_finite() && v >= 0.0;
        if self.timeout_ms.is_some_and(|t| !ok(t)) {
            return Err(("timeoutMs", "must be a non-negative number"));
        }
        if !ok(self.min_delay_ms) {
            return Err(("minDelayMs", "must be a non-negative number"));
        }
        if !ok(self.max_delay_ms) || self.max_delay_ms < self.min_delay_ms {
            return Err(("maxDelayMs", "must be a number not below minDelayMs"));
        }
        Ok(())
    }
}

/// Delays: attempt n waits `min + random * (cap_n - min)` with
/// `cap_n = min(max, min * 2^n)` ("full jitter", AWS style, above a floor of `min`), and never
/// less than the server's `Retry-After`.
#[derive(Debug, Clone)]
pub struct Backoff {
    min: f64,
    max: f64,
    attempt: u32,
}

impl Backoff {
    pub fn new(min: f64, max: f64) -> Self {
        Backoff { min, max: max.max(min), attempt: 0 }
    }

    /// `random` in `[0, 1)`.
    pub fn next_delay(&mut self, random: f64, retry_after_ms: Option<u64>) -> f64 {
        let growth = (1u64 << self.attempt.min(30)) as f64;
        let cap = (self.min * growth).min(self.max).max(self.min);
        self.attempt = self.attempt.saturating_add(1);
        let delay = self.min + random.clamp(0.0, 1.0) * (cap - self.min);
        match retry_after_ms {
            Some(ra) => delay.max(ra as f64),
            None => delay,
        }
    }
}

/// Time, randomness and (abortable) sleeping.
#[allow(async_fn_in_trait)]
pub trait Clock {
    fn now_ms(&self) -> f64;
    /// Uniform in `[0, 1)`.
    fn random(&self) -> f64;
    /// Sleep; `Err(())` when the caller aborted meanwhile.
    async fn sleep(&self, ms: f64) -> Result<(), ()>;
    fn aborted(&self) -> bool;
}

/// What the wait loop reads of a task: its id, state and progress. Natively core's
/// [`TaskView`]; the wasm keeps a smaller view of its own (JS reads the rest).
pub trait Polled {
    fn id(&self) -> &str;
    fn state(&self) -> TaskState;
    /// 0–100.
    fn progress(&self) -> u8;
}

impl<V> Polled for TaskView<V> {
    fn id(&self) -> &str {
        &self.id
    }
    fn state(&self) -> TaskState {
        self.state
    }
    fn progress(&self) -> u8 {
        self.progress
    }
}

/// What the wait loop needs of a platform's error type: to read a poll's failure and to make
/// the errors a wait ends with (`T`: the platform's task view). Every one of them names the
/// task.
pub trait WaitError<T>: Sized {
    /// The caller's signal fired during the poll.
    fn is_aborted(&self) -> bool;
    /// Worth another poll: no answer, 429, 5xx, a body that did not decode.
    fn is_transient(&self) -> bool;
    fn retry_after_ms(&self) -> Option<u64>;
    fn aborted(task_id: &str) -> Self;
    fn timeout(task_id: &str, elapsed_ms: u64, polls: u32) -> Self;
    /// Polling failed for good; `source` is the last poll's error.
    fn poll_failed(task_id: &str, source: Self) -> Self;
    /// The task ended failed or cancelled.
    fn task_failed(task: T) -> Self;
    fn invalid_option(bad: BadOption) -> Self;
}

/// Wait until `task` ends. Resolves with the final task on success; rejects with a task
/// failure, a timeout, an abort, or a poll failure carrying the id.
pub async fn wait<T, E, C, P, F>(clock: &C, options: &WaitOptions, task: T, poll: P, on_progress: impl FnMut(&T)) -> Result<T, E>
where
    T: Polled,
    E: WaitError<T>,
    C: Clock,
    P: FnMut() -> F,
    F: Future<Output = Result<(T, Option<u64>), E>>,
{
    options.validate().map_err(E::invalid_option)?;
    wait_from(clock, options, task, true, poll, on_progress).await
}

/// [`wait`] with `options` valid already ([`WaitOptions::validate`]: the caller checked them,
/// as the wasm checks a wait's options before it joins the shared loop), where `fetched` says
/// whether `task` came from the server. When it did not (a placeholder: a task resumed by id),
/// the task is polled at once, and nothing is reported or judged before the first answer; that
/// poll fails and is retried as every other.
pub async fn wait_from<T, E, C, P, F>(
    clock: &C,
    options: &WaitOptions,
    task: T,
    mut fetched: bool,
    mut poll: P,
    mut on_progress: impl FnMut(&T),
) -> Result<T, E>
where
    T: Polled,
    E: WaitError<T>,
    C: Clock,
    P: FnMut() -> F,
    F: Future<Output = Result<(T, Option<u64>), E>>,
{
    let started = clock.now_ms();
    let elapsed = || (clock.now_ms() - started).max(0.0);
    let mut backoff = Backoff::new(options.min_delay_ms, options.max_delay_ms);
    let mut last = task;
    let mut polls = 0u32;
    let mut failures = 0u32;
    let mut retry_after: Option<u64> = None;
    if fetched {
        on_progress(&last);
    }
    loop {
        if fetched && last.state().is_terminal() {
            return match last.state() {
                TaskState::Succeeded => Ok(last),
                _ => Err(E::task_failed(last)),
            };
        }
        if clock.aborted() {
            return Err(E::aborted(last.id()));
        }
        let timed_out = || options.timeout_ms.is_some_and(|t| elapsed() >= t);
        if timed_out() {
            return Err(E::timeout(last.id(), elapsed() as u64, polls));
        }
        let mut delay = match polls == 0 && !fetched {
            true => 0.0,
            false => backoff.next_delay(clock.random(), retry_after.take()),
        };
        if let Some(t) = options.timeout_ms {
            delay = delay.min((t - elapsed()).max(0.0));
        }
        if clock.sleep(delay).await.is_err() {
            return Err(E::aborted(last.id()));
        }
        if timed_out() {
            return Err(E::timeout(last.id(), elapsed() as u64, polls));
        }
        polls += 1;
        match poll().await {
            Ok((view, ra)) => {
                failures = 0;
                retry_after = ra;
                if !fetched || (view.state(), view.progress()) != (last.state(), last.progress()) {
                    on_progress(&view);
                }
                fetched = true;
                last = view;
            }
            Err(e) if e.is_aborted() => return Err(E::aborted(last.id())),
            Err(e) if e.is_transient() && failures < options.max_poll_failures => {
                failures += 1;
                retry_after = e.retry_after_ms();
            }
            Err(e) => return Err(E::poll_failed(last.id(), e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_to_the_cap_with_jitter_and_honours_retry_after() {
        let mut b = Backoff::new(500.0, 5_000.0);
        let top: std::vec::Vec<f64> = (0..6).map(|_| b.next_delay(1.0, None)).collect();
        assert_eq!(top, [500.0, 1_000.0, 2_000.0, 4_000.0, 5_000.0, 5_000.0]);
        let mut b = Backoff::new(500.0, 5_000.0);
        assert!((0..40).map(|_| b.next_delay(0.0, None)).all(|d| d == 500.0));
        let mut b = Backoff::new(500.0, 5_000.0);
        b.next_delay(0.5, None);
        let d = b.next_delay(0.5, None);
        assert!(d > 500.0 && d < 1_000.0, "{d}");
        assert_eq!(Backoff::new(500.0, 5_000.0).next_delay(0.0, Some(7_000)), 7_000.0);
    }

    #[test]
    fn options_are_validated() {
        let bad = WaitOptions { max_delay_ms: 10.0, ..Default::default() };
        assert_eq!(bad.validate().unwrap_err().0, "maxDelayMs");
        let bad = WaitOptions { timeout_ms: Some(f64::NAN), ..Default::default() };
        assert_eq!(bad.validate().unwrap_err().0, "timeoutMs");
        assert_eq!(WaitOptions::default().validate(), Ok(()));
    }
}
