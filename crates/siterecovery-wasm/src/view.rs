//! The task view of both APIs over JS values (the shared `TaskView`, its `raw` and `result`
//! as the server sent them), and its plain-object form: what `onProgress` receives,
//! `task.toJSON()` returns and a task error carries.
#[allow(unused_imports)]
use crate::prelude::*;
use siterecovery_core::task::{TaskApi, TaskView};
use wasm_bindgen::prelude::*;

use crate::errors::Failure;
use crate::js::{get, num_or_null, str_or_null, Js};

pub type View = TaskView<JsValue>;

/// The task in an answer with `status` (a body that is no task is a `decode` error). A task
/// with an id but no state this client knows (a spec that does not require or enumerate it)
/// is not lost: the error names it.
pub fn read(api: TaskApi, status: u16, raw: JsValue) -> Result<View, Failure> {
    TaskView::read(api, &Js(raw.clone()), raw.clone(), |j| j.0).map_err(|bad| {
        let mut failure = Failure::decode(Some(status), Some(bad.field), &bad.message());
        failure.task_id = get(&raw, "id").as_string();
        failure
    })
}

/// Epoch milliseconds as a JS number (never BigInt), or null.
pub fn time(ms: Option<i64>) -> JsValue {
    num_or_null(ms.map(|v| v as f64))
}

#[wasm_bindgen(module = "/js/package.js")]
extern "C" {
    #[wasm_bindgen(js_name = taskView)]
    #[allow(clippy::too_many_arguments)]
    fn task_view(
        id: &JsValue,
        api: &JsValue,
        state: &JsValue,
        progress: u8,
        description: &JsValue,
        start_time: &JsValue,
        end_time: &JsValue,
        error: &JsValue,
        result: &JsValue,
        raw: &JsValue,
    ) -> JsValue;
    #[wasm_bindgen(js_name = taskFailure)]
    fn task_failure(code: &JsValue, message: &JsValue, details: &JsValue) -> JsValue;
}

/// `{ id, api, state, progress, description, startTime, endTime, error, result, raw }`.
pub fn view_to_js(v: &View) -> JsValue {
    task_view(
        &JsValue::from_str(&v.id),
        &JsValue::from_str(v.api.as_str()),
        &JsValue::from_str(v.state.as_str()),
        v.progress,
        &str_or_null(v.description.as_deref()),
        &time(v.start_time),
        &time(v.end_time),
        &failure(v),
        v.result.as_ref().unwrap_or(&JsValue::NULL),
        &v.raw,
    )
}

/// `{ code, message, details }` of a failed task, or null.
pub fn failure(v: &View) -> JsValue {
    let Some(e) = &v.error else { return JsValue::NULL };
    task_failure(&str_or_null(e.code.as_deref()), &JsValue::from_str(&e.message), &str_or_null(e.details.as_deref()))
}
