//! One error type for every call. Never carries a password or a session token.
use std::fmt;

/// An HTTP answer outside the operation's success statuses, with the API's error body
/// decoded: SRM `ResponseError {error_code, message, op_id}`, h4 `ApiError {code, msg}`.
#[derive(Debug, Clone, PartialEq)]
pub struct HttpError {
    pub status: u16,
    /// The operationId that was called.
    pub operation: &'static str,
    /// `error_code` (SRM) or `code` (h4).
    pub code: Option<String>,
    pub message: Option<String>,
    /// SRM `op_id`, or the h4 `operationID` header the request carried.
    pub op_id: Option<String>,
    /// The decoded error body, when there was a JSON one.
    pub body: Option<serde_json::Value>,
    /// `Retry-After`, in milliseconds, when the server sent one.
    pub retry_after_ms: Option<u64>,
}

#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Error {
    /// Bad input, caught before any request was sent. `field` is the wire name/path.
    Validation { field: String, message: String },
    /// The server answered with an error status.
    Http(Box<HttpError>),
    /// No HTTP answer at all (an abort is [`Error::Aborted`], not this).
    Network { message: String },
    /// A body that does not decode into what was expected: a success status's body (with
    /// that response's `status`), or a value read without a response at hand (`None`).
    Decode { status: Option<u16>, field: Option<String>, message: String },
    /// The task ended in ERROR / FAILED / CANCELLED; carries the final task.
    Task(Box<crate::task::TaskView>),
    /// Waiting took longer than the caller allowed; the task itself goes on.
    Timeout { task_id: String, elapsed_ms: u64, polls: u32 },
    /// The caller's AbortSignal fired: while waiting for a task (`task_id`; the task itself
    /// goes on on the server), or during a request (`None`: the transport was aborted).
    Aborted { task_id: Option<String> },
    /// Polling a task failed (after retrying transient failures); never loses the task id.
    Poll { task_id: String, source: Box<Error> },
}

impl Error {
    pub fn validation(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Validation { field: field.into(), message: message.into() }
    }

    /// `validation | http | network | decode | task | timeout | aborted` (the JS
    /// `SiteRecoveryError.kind`).
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Validation { .. } => "validation",
            Error::Http(_) => "http",
            Error::Aborted { .. } => "aborted",
            Error::Network { .. } => "network",
            Error::Decode { .. } => "decode",
            Error::Task(_) => "task",
            Error::Timeout { .. } => "timeout",
            Error::Poll { source, .. } => source.kind(),
        }
    }

    /// HTTP status, when there was an answer.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Http(h) => Some(h.status),
            Error::Decode { status, .. } => *status,
            Error::Poll { source, .. } => source.status(),
            _ => None,
        }
    }

    pub fn http(&self) -> Option<&HttpError> {
        match self {
            Error::Http(h) => Some(h),
            Error::Poll { source, .. } => source.http(),
            _ => None,
        }
    }

    /// The task this error is about, when waiting on one.
    pub fn task_id(&self) -> Option<&str> {
        match self {
            Error::Task(t) => Some(&t.id),
            Error::Timeout { task_id, .. } | Error::Poll { task_id, .. } => Some(task_id),
            Error::Aborted { task_id } => task_id.as_deref(),
            _ => None,
        }
    }

    /// The caller aborted: the request, or the wait (also when a poll's source was aborted).
    pub fn is_aborted(&self) -> bool {
        match self {
            Error::Aborted { .. } => true,
            Error::Poll { source, .. } => source.is_aborted(),
            _ => false,
        }
    }

    /// Worth another poll: no answer, 429, 5xx (never used for POSTs). An abort is not.
    pub fn is_transient(&self) -> bool {
        match self {
            Error::Network { .. } => true,
            Error::Http(h) => h.status == 429 || h.status >= 500,
            Error::Decode { .. } => true,
            _ => false,
        }
    }

    /// `Retry-After` the server asked for, in milliseconds.
    pub fn retry_after_ms(&self) -> Option<u64> {
        self.http().and_then(|h| h.retry_after_ms)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Validation { field, message } => write!(f, "invalid {field}: {message}"),
            Error::Http(h) => {
                write!(f, "{} failed with HTTP {}", h.operation, h.status)?;
                if let Some(code) = &h.code {
                    write!(f, " {code}")?;
                }
                if let Some(message) = &h.message {
                    write!(f, ": {message}")?;
                }
                if let Some(op_id) = &h.op_id {
                    write!(f, " (op_id {op_id})")?;
                }
                Ok(())
            }
            Error::Network { message } => write!(f, "network error: {message}"),
            Error::Decode { status, field, message } => {
                write!(f, "unexpected response body")?;
                if let Some(status) = status {
                    write!(f, " (HTTP {status})")?;
                }
                if let Some(field) = field {
                    write!(f, " at {field}")?;
                }
                write!(f, ": {message}")
            }
            Error::Task(t) => {
                write!(f, "task {} {}", t.id, t.state.as_str())?;
                if let Some(e) = &t.error {
                    write!(f, ": {}", e.message)?;
                }
                Ok(())
            }
            Error::Timeout { task_id, elapsed_ms, polls } => {
                write!(f, "gave up waiting for task {task_id} after {elapsed_ms} ms and {polls} polls (the task goes on)")
            }
            Error::Aborted { task_id: Some(id) } => write!(f, "waiting for task {id} was aborted (the task goes on)"),
            Error::Aborted { task_id: None } => write!(f, "request aborted"),
            Error::Poll { task_id, source } => write!(f, "polling task {task_id} failed: {source}"),
        }
    }
}

impl std::error::Error for Error {
    /// A failed poll's own error; nothing for the others (their inner parts are data).
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Poll { source, .. } => Some(source.as_ref()),
            _ => None,
        }
    }
}

impl From<crate::TransportError> for Error {
    fn from(e: crate::TransportError) -> Self {
        if e.aborted {
            // The transport's message says how it was aborted, nothing the caller needs:
            // one form for every abort, as a wait's.
            Error::Aborted { task_id: None }
        } else {
            Error::Network { message: e.message }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::TransportError;

    #[test]
    fn an_aborted_transport_is_one_aborted_error() {
        let e = Error::from(TransportError { message: "The user aborted a request.".into(), aborted: true });
        assert_eq!(e, Error::Aborted { task_id: None });
        assert!(e.is_aborted() && !e.is_transient());
        assert_eq!((e.kind(), e.task_id(), e.to_string().as_str()), ("aborted", None, "request aborted"));

        let e = Error::from(TransportError::new("connection refused"));
        assert_eq!(e, Error::Network { message: "connection refused".into() });
        assert!(!e.is_aborted() && e.is_transient());
        assert_eq!((e.kind(), e.to_string().as_str()), ("network", "network error: connection refused"));
    }

    #[test]
    fn a_poll_is_aborted_when_its_source_is() {
        let poll = |source: Error| Error::Poll { task_id: "t".into(), source: Box::new(source) };
        assert!(poll(Error::Aborted { task_id: None }).is_aborted());
        assert!(poll(poll(Error::Aborted { task_id: None })).is_aborted());
        assert!(!poll(Error::Network { message: "x".into() }).is_aborted());
        assert!(Error::Aborted { task_id: Some("t".into()) }.is_aborted());
        assert!(!Error::Timeout { task_id: "t".into(), elapsed_ms: 1, polls: 1 }.is_aborted());
    }

    #[test]
    fn a_decode_error_has_a_status_only_when_there_was_a_response() {
        let at = |status| Error::Decode { status, field: Some("id".into()), message: "task has no id".into() };
        assert_eq!(
            (at(Some(202)).status(), at(Some(202)).to_string().as_str()),
            (Some(202), "unexpected response body (HTTP 202) at id: task has no id")
        );
        assert_eq!((at(None).status(), at(None).to_string().as_str()), (None, "unexpected response body at id: task has no id"));
        let poll = Error::Poll { task_id: "t".into(), source: Box::new(at(Some(200))) };
        assert_eq!((poll.status(), poll.kind()), (Some(200), "decode"));
    }

    #[test]
    fn a_poll_error_has_its_failure_as_source() {
        use std::error::Error as _;
        let inner = Error::Network { message: "offline".into() };
        let poll = Error::Poll { task_id: "t".into(), source: Box::new(inner.clone()) };
        let source = poll.source().expect("a poll error has a source");
        assert_eq!(source.downcast_ref::<Error>(), Some(&inner));
        assert!(source.source().is_none());
        assert!(inner.source().is_none());
        assert!(Error::validation("f", "m").source().is_none());
        // As a boxed dyn Error too (what `?` into Box<dyn Error> callers see).
        let boxed: Box<dyn std::error::Error> = Box::new(poll);
        assert_eq!(boxed.source().map(ToString::to_string).as_deref(), Some("network error: offline"));
    }
}
