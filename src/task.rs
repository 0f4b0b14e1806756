//! One view of a long-running task over both APIs: SRM `Task` (`status`, snake_case,
//! timestamps int64 or strings) and h4 `ApiTask` (`state`, camelCase, `endTime: -1`).
//! The reading is the core crate's (shared with the wasm package); here it is over
//! `serde_json::Value`, with this crate's [`Error`].
use serde_json::Value;

pub use siterecovery_core::task::{TaskApi, TaskFailure, TaskState};

use crate::Error;

/// A task as the native client sees it: `result` and `raw` are JSON values.
pub type TaskView = siterecovery_core::task::TaskView<Value>;

/// The task view of `raw`, a task of `api` as the server sent it. A body that is not a
/// task (no id, an unknown state) is [`Error::Decode`] naming the field, with `status`:
/// the HTTP status of the response `raw` came in, `None` when there is none at hand
/// (a value kept or built by the caller).
pub fn view(api: TaskApi, raw: Value, status: Option<u16>) -> Result<TaskView, Error> {
    // Read with a placeholder `raw`, then move the value in: no copy of the whole task.
    let mut view = TaskView::read(api, &&raw, Value::Null, Value::clone).map_err(|bad| Error::Decode {
        status,
        field: Some(bad.field.to_string()),
        message: bad.message(),
    })?;
    view.raw = raw;
    Ok(view)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_task_body_becomes_a_view_or_a_decode_error() {
        let raw = json!({"id": "t", "status": "RUNNING", "progress": 40, "start_time": "2023-11-14T22:13:20.500Z", "result": {"x": 1}});
        let t = view(TaskApi::Srm, raw.clone(), Some(200)).unwrap();
        assert_eq!((t.state, t.progress, t.start_time, t.end_time), (TaskState::Running, 40, Some(1700000000500), None));
        assert_eq!((t.result, t.raw), (Some(json!({"x": 1})), raw));
        let json = serde_json::to_value(view(TaskApi::H4, json!({"id": "h", "state": "SUCCEEDED"}), None).unwrap()).unwrap();
        assert_eq!(
            (&json["api"], &json["state"], &json["progress"], &json["endTime"]),
            (&json!("h4"), &json!("succeeded"), &json!(100), &json!(null))
        );
        // A decode error carries the status of the response the task came in, if any.
        let e = view(TaskApi::Srm, json!({"id": "t", "status": "WEIRD"}), Some(202)).unwrap_err();
        assert_eq!(e, Error::Decode { status: Some(202), field: Some("status".into()), message: "unknown task status \"WEIRD\"".into() });
        let e = view(TaskApi::H4, json!({"state": "RUNNING"}), None).unwrap_err();
        assert_eq!(e, Error::Decode { status: None, field: Some("id".into()), message: "task has no id".into() });
        assert_eq!((e.status(), e.to_string().as_str()), (None, "unexpected response body at id: task has no id"));
    }
}
