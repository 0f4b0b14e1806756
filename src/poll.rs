//! Waiting for a task: the core crate's wait loop (exponential backoff with full jitter,
//! `Retry-After`, timeout, abort, progress reports on change only, transient poll failures
//! retried without losing the task id), re-exported; natively it ends with this crate's
//! [`Error`] and runs on any [`Clock`] (tokio in the tests).
pub use siterecovery_core::wait::*;

use crate::task::TaskView;
use crate::Error;

/// One poll's outcome: the task, and the `Retry-After` the server sent with it.
pub type Polled = Result<(TaskView, Option<u64>), Error>;

/// What a wait ends with natively: `Error::Task` on failure/cancel, `Timeout`, `Aborted`,
/// or `Poll` (carrying the id); a bad option is `Validation`.
impl WaitError<TaskView> for Error {
    fn is_aborted(&self) -> bool {
        Error::is_aborted(self)
    }
    fn is_transient(&self) -> bool {
        Error::is_transient(self)
    }
    fn retry_after_ms(&self) -> Option<u64> {
        Error::retry_after_ms(self)
    }
    fn aborted(task_id: &str) -> Self {
        Error::Aborted { task_id: Some(task_id.to_string()) }
    }
    fn timeout(task_id: &str, elapsed_ms: u64, polls: u32) -> Self {
        Error::Timeout { task_id: task_id.to_string(), elapsed_ms, polls }
    }
    fn poll_failed(task_id: &str, source: Self) -> Self {
        Error::Poll { task_id: task_id.to_string(), source: Box::new(source) }
    }
    fn task_failed(task: TaskView) -> Self {
        Error::Task(Box::new(task))
    }
    fn invalid_option((field, message): BadOption) -> Self {
        Error::validation(field, message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::task::{view, TaskApi};
    use serde_json::json;

    /// Sleeps no time, and keeps how long it was asked to sleep.
    #[derive(Default)]
    struct Recording(std::cell::RefCell<Vec<f64>>);

    impl Clock for Recording {
        fn now_ms(&self) -> f64 {
            0.0
        }
        fn random(&self) -> f64 {
            0.0
        }
        async fn sleep(&self, ms: f64) -> Result<(), ()> {
            self.0.borrow_mut().push(ms);
            Ok(())
        }
        fn aborted(&self) -> bool {
            false
        }
    }

    fn block_on<F: std::future::Future>(f: F) -> F::Output {
        let mut f = std::pin::pin!(f);
        let waker = std::task::Waker::noop();
        match f.as_mut().poll(&mut std::task::Context::from_waker(waker)) {
            std::task::Poll::Ready(out) => out,
            std::task::Poll::Pending => panic!("the instant clock never waits"),
        }
    }

    #[test]
    fn a_wait_ends_with_this_crates_errors() {
        let running = view(TaskApi::H4, json!({"id": "h", "state": "RUNNING"}), None).unwrap();
        let run = |options: WaitOptions, polled: fn() -> Polled| {
            block_on(wait(&Recording::default(), &options, running.clone(), || async move { polled() }, |_| {}))
        };
        let bad = WaitOptions { max_delay_ms: 10.0, ..Default::default() };
        let e = run(bad, || unreachable!()).unwrap_err();
        assert!(matches!(e, Error::Validation { field, .. } if field == "maxDelayMs"));

        let failed = || Ok((view(TaskApi::H4, json!({"id": "h", "state": "FAILED", "error": {"msg": "no"}}), None).unwrap(), None));
        let e = run(WaitOptions::default(), failed).unwrap_err();
        assert_eq!((e.kind(), e.task_id(), e.to_string().as_str()), ("task", Some("h"), "task h failed: no"));

        let forbidden = || {
            Err(Error::Http(Box::new(crate::HttpError {
                status: 403,
                operation: "getTask",
                code: None,
                message: None,
                op_id: None,
                body: None,
                retry_after_ms: None,
            })))
        };
        let e = run(WaitOptions::default(), forbidden).unwrap_err();
        assert!(matches!(&e, Error::Poll { task_id, source } if task_id == "h" && source.status() == Some(403)));

        // A poll whose request was aborted ends the wait as aborted, with the task's id.
        let aborted = || Err(crate::TransportError { message: "gone".into(), aborted: true }.into());
        assert_eq!(run(WaitOptions::default(), aborted).unwrap_err(), Error::Aborted { task_id: Some("h".into()) });

        let offline = || Err(Error::Network { message: "offline".into() });
        let e = run(WaitOptions { max_poll_failures: 2, ..Default::default() }, offline).unwrap_err();
        assert!(matches!(&e, Error::Poll { source, .. } if matches!(**source, Error::Network { .. })));
    }

    /// A task known only by its id (a resumed one) is polled at once; its first poll, failing
    /// for a moment, is retried after the usual delay; nothing is reported of the placeholder.
    #[test]
    fn a_placeholder_task_is_polled_at_once_and_its_first_poll_retried() {
        let placeholder = siterecovery_core::task::TaskView::unfetched(TaskApi::Srm, "t".into(), serde_json::Value::Null);
        let polls = std::cell::Cell::new(0);
        let poll = || {
            polls.set(polls.get() + 1);
            let n = polls.get();
            async move {
                match n {
                    1 => Err(Error::Network { message: "a moment offline".into() }),
                    _ => Ok((view(TaskApi::Srm, json!({"id": "t", "status": "SUCCESS", "progress": 100}), None).unwrap(), None)),
                }
            }
        };
        let (clock, mut reported) = (Recording::default(), Vec::new());
        let done =
            block_on(wait_from(&clock, &WaitOptions::default(), placeholder, false, poll, |v: &TaskView| reported.push(v.state))).unwrap();
        assert_eq!((done.id.as_str(), polls.get()), ("t", 2));
        assert_eq!(*clock.0.borrow(), [0.0, 500.0], "at once, then the first delay");
        assert_eq!(reported, [siterecovery_core::task::TaskState::Succeeded], "no report of the placeholder");
    }
}
