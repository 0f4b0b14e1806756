//! One view of a long-running task over both APIs: SRM `Task` (`status`, snake_case,
//! timestamps int64 or strings) and h4 `ApiTask` (`state`, camelCase, `endTime: -1`).
//! Generic over the value the task came as (`serde_json::Value` natively). The npm package reads
//! task bodies in JS (js/package.js `readTask`, held to `TaskView::read` by a wasm-bindgen test)
//! and keeps a `TaskView<JsValue>` of what the wait loop reads (crates/siterecovery-wasm/src/view.rs).
use alloc::string::{String, ToString};

use siterecovery_schema::{Json, JsonKind};

use crate::time::epoch_ms;

/// Which API a task belongs to (the `x-siterecovery-task` marker in the specs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize), serde(rename_all = "lowercase"))]
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
    /// The operation that GETs one task of this API.
    pub fn poll_operation(self) -> &'static str {
        match self {
            TaskApi::Srm => "getTaskInfo",
            TaskApi::H4 => "getTask",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize), serde(rename_all = "lowercase"))]
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
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct TaskFailure {
    pub code: Option<String>,
    pub message: String,
    pub details: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize), serde(rename_all = "camelCase"))]
pub struct TaskView<V> {
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
    pub error: Option<alloc::boxed::Box<TaskFailure>>,
    pub result: Option<V>,
    /// The task exactly as the server sent it.
    pub raw: V,
}

/// A task body that is not a task: the field at fault and, for an unknown state, its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadTask {
    pub field: &'static str,
    pub value: Option<String>,
}

impl BadTask {
    pub fn message(&self) -> String {
        match &self.value {
            None => "task has no id".to_string(),
            Some(v) => {
                let mut m = String::from("unknown task ");
                m.push_str(self.field);
                m.push(' ');
                crate::text::push_json_string(&mut m, v);
                m
            }
        }
    }
}

fn text<J: Json>(v: &J, key: &str) -> Option<String> {
    v.get(key)?.as_str().filter(|s| !s.is_empty()).map(|s| s.into_owned())
}

fn time<J: Json>(v: &J, key: &str) -> Option<i64> {
    v.get(key).as_ref().and_then(epoch_ms).filter(|ms| *ms > 0)
}

fn failure<J: Json>(raw: &J, code: &[&str], message: &str, details: Option<&str>) -> Option<TaskFailure> {
    let e = raw.get("error").filter(|e| e.kind() == JsonKind::Object)?;
    Some(TaskFailure {
        code: code.iter().find_map(|k| text(&e, k)),
        message: text(&e, message).unwrap_or_else(|| "task failed".to_string()),
        details: details.and_then(|k| text(&e, k)),
    })
}

fn state(api: TaskApi, name: &str) -> Option<TaskState> {
    Some(match (api, name) {
        (_, "QUEUED") | (TaskApi::H4, "PENDING") => TaskState::Queued,
        (_, "RUNNING") => TaskState::Running,
        (TaskApi::Srm, "SUCCESS") | (TaskApi::H4, "SUCCEEDED") => TaskState::Succeeded,
        (TaskApi::Srm, "ERROR") | (TaskApi::H4, "FAILED") => TaskState::Failed,
        (_, "CANCELLED") | (TaskApi::H4, "CANCELED") => TaskState::Cancelled,
        _ => return None,
    })
}

impl<V> TaskView<V> {
    /// Read the task in `json`; `raw` is the same task as a `V`, and `own` makes a child of
    /// `json` a `V` (the `result`).
    pub fn read<J: Json>(api: TaskApi, json: &J, raw: V, own: impl Fn(J) -> V) -> Result<Self, BadTask> {
        let id = text(json, "id").ok_or(BadTask { field: "id", value: None })?;
        let (state_key, start, end) = match api {
            TaskApi::Srm => ("status", "start_time", "complete_time"),
            TaskApi::H4 => ("state", "startTime", "endTime"),
        };
        let name = text(json, state_key).unwrap_or_default();
        let state = state(api, &name).ok_or(BadTask { field: state_key, value: Some(name) })?;
        let error = match api {
            TaskApi::Srm => failure(json, &["code", "error_code"], "message", Some("details")),
            TaskApi::H4 => failure(json, &["code"], "msg", None),
        };
        let start_time = match api {
            TaskApi::Srm => time(json, start).or_else(|| time(json, "queued_time")),
            TaskApi::H4 => time(json, start),
        };
        // SRM sends `complete_time` 0 (or a stale value) while running; h4 `endTime` -1.
        let end_time = if api == TaskApi::H4 || state.is_terminal() { time(json, end) } else { None };
        let progress = match state {
            TaskState::Succeeded => 100,
            _ => json.get("progress").and_then(|p| p.as_number()).map_or(0, |p| p.as_f64().clamp(0.0, 100.0) as u8),
        };
        Ok(TaskView {
            progress,
            description: text(json, "description"),
            start_time,
            end_time,
            error: if state == TaskState::Failed { error.map(alloc::boxed::Box::new) } else { None },
            result: json.get("result").filter(|r| r.kind() != JsonKind::Null).map(own),
            id,
            api,
            state,
            raw,
        })
    }

    /// A task known only by its id (from a resume token), not fetched yet.
    pub fn unfetched(api: TaskApi, id: String, raw: V) -> Self {
        TaskView {
            id,
            api,
            state: TaskState::Queued,
            progress: 0,
            description: None,
            start_time: None,
            end_time: None,
            error: None,
            result: None,
            raw,
        }
    }

    /// The part that `onProgress` cares about: changes when state or progress change.
    pub fn progress_key(&self) -> (TaskState, u8) {
        (self.state, self.progress)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn view(api: TaskApi, raw: Value) -> Result<TaskView<Value>, BadTask> {
        TaskView::read(api, &&raw, raw.clone(), Value::clone)
    }

    #[test]
    fn srm_task_with_string_or_integer_times_is_one_view() {
        let a = json!({"id": "t1", "status": "SUCCESS", "progress": 100, "queued_time": 1700000000000i64,
            "start_time": 1700000000500i64, "complete_time": 1700000009000i64, "result": {"x": 1}});
        let b = json!({"id": "t1", "status": "SUCCESS", "progress": 100, "queued_time": "1700000000000",
            "start_time": "2023-11-14T22:13:20.500Z", "complete_time": "2023-11-14T22:13:29Z", "result": {"x": 1}});
        let (a, b) = (view(TaskApi::Srm, a).unwrap(), view(TaskApi::Srm, b).unwrap());
        assert_eq!((a.start_time, a.end_time), (Some(1700000000500), Some(1700000009000)));
        assert_eq!((a.start_time, a.end_time, a.state), (b.start_time, b.end_time, b.state));
        assert_eq!((a.state, a.result), (TaskState::Succeeded, Some(json!({"x": 1}))));
    }

    #[test]
    fn srm_error_and_running_states() {
        let t = view(TaskApi::Srm, json!({"id": "t", "status": "RUNNING", "progress": 40, "complete_time": 5})).unwrap();
        assert_eq!((t.state, t.progress, t.end_time), (TaskState::Running, 40, None));
        let t = view(
            TaskApi::Srm,
            json!({"id": "t", "status": "ERROR", "error": {"message": "bad creds", "details": "x", "error_code": "E1"}}),
        )
        .unwrap();
        assert_eq!(
            t.error.as_deref(),
            Some(&TaskFailure { code: Some("E1".into()), message: "bad creds".into(), details: Some("x".into()) })
        );
        let bad = view(TaskApi::Srm, json!({"id": "t", "status": "WEIRD"})).unwrap_err();
        assert_eq!((bad.field, bad.message().as_str()), ("status", "unknown task status \"WEIRD\""));
        assert_eq!(view(TaskApi::Srm, json!({"status": "RUNNING"})).unwrap_err().message(), "task has no id");
    }

    #[test]
    fn h4_end_time_minus_one_is_none() {
        let t = view(TaskApi::H4, json!({"id": "h", "state": "RUNNING", "progress": 10, "startTime": 1499929548951i64, "endTime": -1}))
            .unwrap();
        assert_eq!((t.state, t.start_time, t.end_time), (TaskState::Running, Some(1499929548951), None));
        let t = view(
            TaskApi::H4,
            json!({"id": "h", "state": "FAILED", "endTime": 1499929558827i64, "error": {"code": "Forbidden", "msg": "Permission denied."}}),
        )
        .unwrap();
        assert_eq!(t.end_time, Some(1499929558827));
        assert_eq!(t.error.unwrap().code.as_deref(), Some("Forbidden"));
        assert_eq!(view(TaskApi::H4, json!({"id": "h", "state": "CANCELED"})).unwrap().state, TaskState::Cancelled);
        assert_eq!(view(TaskApi::H4, json!({"id": "h", "state": "SUCCESS"})).unwrap_err().field, "state");
    }
}
