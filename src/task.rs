//! One view of a long-running task over both APIs: SRM `Task` (`status`, snake_case,
//! timestamps int64 or strings) and h4 `ApiTask` (`state`, camelCase, `endTime: -1`).
use serde::Serialize;
use serde_json::Value;

use crate::{EpochMillis, Error};

/// Which API a task belongs to (the `x-siterecovery-task` marker in the specs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TaskApi {
    Srm,
    H4,
}

impl TaskApi {
    pub fn from_kind(kind: &str) -> Option<TaskApi> {
        match kind {
            "srm" => Some(TaskApi::Srm),
            "h4" => Some(TaskApi::H4),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            TaskApi::Srm => "srm",
            TaskApi::H4 => "h4",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TaskState {
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,
}

impl TaskState {
    pub fn is_terminal(self) -> bool {
        matches!(self, TaskState::Succeeded | TaskState::Failed | TaskState::Cancelled)
    }
    pub fn as_str(self) -> &'static str {
        match self {
            TaskState::Queued => "queued",
            TaskState::Running => "running",
            TaskState::Succeeded => "succeeded",
            TaskState::Failed => "failed",
            TaskState::Cancelled => "cancelled",
        }
    }
}

/// Why a task failed: SRM `error {message, details}`, h4 `error {code, msg}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TaskFailure {
    pub code: Option<String>,
    pub message: String,
    pub details: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskView {
    pub id: String,
    pub api: TaskApi,
    pub state: TaskState,
    /// 0–100.
    pub progress: u8,
    pub description: Option<String>,
    /// Epoch milliseconds.
    pub start_time: Option<i64>,
    /// Epoch milliseconds; `None` while the task runs (h4 `-1`, SRM missing/0).
    pub end_time: Option<i64>,
    pub error: Option<TaskFailure>,
    pub result: Option<Value>,
    /// The task exactly as the server sent it.
    pub raw: Value,
}

fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).filter(|s| !s.is_empty()).map(str::to_string)
}

fn time(v: &Value, key: &str) -> Option<i64> {
    let t = v.get(key)?;
    if t.is_null() {
        return None;
    }
    serde_json::from_value::<EpochMillis>(t.clone()).ok().map(|e| e.0).filter(|ms| *ms > 0)
}

fn decode_error(field: &str, message: &str) -> Error {
    Error::Decode { status: 200, field: Some(field.to_string()), message: message.to_string() }
}

impl TaskView {
    pub fn from_json(api: TaskApi, raw: Value) -> Result<TaskView, Error> {
        match api {
            TaskApi::Srm => Self::from_srm(raw),
            TaskApi::H4 => Self::from_h4(raw),
        }
    }

    fn from_srm(raw: Value) -> Result<TaskView, Error> {
        let id = text(&raw, "id").ok_or_else(|| decode_error("id", "task has no id"))?;
        let status = text(&raw, "status").unwrap_or_default();
        let state = match status.as_str() {
            "QUEUED" => TaskState::Queued,
            "RUNNING" => TaskState::Running,
            "SUCCESS" => TaskState::Succeeded,
            "ERROR" => TaskState::Failed,
            "CANCELLED" => TaskState::Cancelled,
            other => return Err(decode_error("status", &format!("unknown task status {other:?}"))),
        };
        let error = raw.get("error").filter(|e| e.is_object()).map(|e| TaskFailure {
            code: text(e, "code").or_else(|| text(e, "error_code")),
            message: text(e, "message").unwrap_or_else(|| "task failed".into()),
            details: text(e, "details"),
        });
        Ok(TaskView {
            progress: progress(&raw, state),
            description: text(&raw, "description"),
            start_time: time(&raw, "start_time").or_else(|| time(&raw, "queued_time")),
            end_time: if state.is_terminal() { time(&raw, "complete_time") } else { None },
            error: if state == TaskState::Failed { error } else { None },
            result: raw.get("result").filter(|r| !r.is_null()).cloned(),
            id,
            api: TaskApi::Srm,
            state,
            raw,
        })
    }

    fn from_h4(raw: Value) -> Result<TaskView, Error> {
        let id = text(&raw, "id").ok_or_else(|| decode_error("id", "task has no id"))?;
        let state = match text(&raw, "state").unwrap_or_default().as_str() {
            "RUNNING" => TaskState::Running,
            "SUCCEEDED" => TaskState::Succeeded,
            "FAILED" => TaskState::Failed,
            "CANCELED" | "CANCELLED" => TaskState::Cancelled,
            "QUEUED" | "PENDING" => TaskState::Queued,
            other => return Err(decode_error("state", &format!("unknown task state {other:?}"))),
        };
        let error = raw.get("error").filter(|e| e.is_object()).map(|e| TaskFailure {
            code: text(e, "code"),
            message: text(e, "msg").unwrap_or_else(|| "task failed".into()),
            details: None,
        });
        Ok(TaskView {
            progress: progress(&raw, state),
            description: text(&raw, "description"),
            start_time: time(&raw, "startTime"),
            end_time: time(&raw, "endTime"),
            error: if state == TaskState::Failed { error } else { None },
            result: raw.get("result").filter(|r| !r.is_null()).cloned(),
            id,
            api: TaskApi::H4,
            state,
            raw,
        })
    }

    /// The part that `onProgress` cares about: changes when state or progress change.
    pub fn progress_key(&self) -> (TaskState, u8) {
        (self.state, self.progress)
    }
}

fn progress(raw: &Value, state: TaskState) -> u8 {
    if state == TaskState::Succeeded {
        return 100;
    }
    raw.get("progress").and_then(Value::as_f64).map(|p| p.clamp(0.0, 100.0) as u8).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn srm_task_with_string_or_integer_times_is_one_view() {
        let a = json!({"id": "t1", "status": "SUCCESS", "progress": 100, "queued_time": 1700000000000i64,
            "start_time": 1700000000500i64, "complete_time": 1700000009000i64, "result": {"x": 1}});
        let b = json!({"id": "t1", "status": "SUCCESS", "progress": 100, "queued_time": "1700000000000",
            "start_time": "2023-11-14T22:13:20.500Z", "complete_time": "2023-11-14T22:13:29Z", "result": {"x": 1}});
        let (a, b) = (TaskView::from_json(TaskApi::Srm, a).unwrap(), TaskView::from_json(TaskApi::Srm, b).unwrap());
        assert_eq!((a.start_time, a.end_time), (Some(1700000000500), Some(1700000009000)));
        assert_eq!((a.start_time, a.end_time, a.state), (b.start_time, b.end_time, b.state));
        assert_eq!(a.state, TaskState::Succeeded);
    }

    #[test]
    fn srm_error_and_running_states() {
        let t = TaskView::from_json(TaskApi::Srm, json!({"id": "t", "status": "RUNNING", "progress": 40, "complete_time": 0})).unwrap();
        assert_eq!((t.state, t.progress, t.end_time), (TaskState::Running, 40, None));
        let t = TaskView::from_json(TaskApi::Srm, json!({"id": "t", "status": "ERROR", "error": {"message": "bad creds", "details": "x"}})).unwrap();
        assert_eq!(t.error.unwrap().message, "bad creds");
        assert!(TaskView::from_json(TaskApi::Srm, json!({"id": "t", "status": "WEIRD"})).is_err());
    }

    #[test]
    fn h4_end_time_minus_one_is_none() {
        let t = TaskView::from_json(TaskApi::H4, json!({"id": "h", "state": "RUNNING", "progress": 10, "startTime": 1499929548951i64, "endTime": -1})).unwrap();
        assert_eq!((t.state, t.start_time, t.end_time), (TaskState::Running, Some(1499929548951), None));
        let t = TaskView::from_json(TaskApi::H4, json!({"id": "h", "state": "FAILED", "endTime": 1499929558827i64, "error": {"code": "Forbidden", "msg": "Permission denied."}})).unwrap();
        assert_eq!(t.end_time, Some(1499929558827));
        assert_eq!(t.error.unwrap().code.as_deref(), Some("Forbidden"));
    }
}
