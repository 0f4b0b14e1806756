//! A task as the module keeps it. js/package.js `readTask` reads a task body of either API into
//! one view object, `{ id, api, state, progress, description, startTime, endTime, error,
//! result, raw }` (the getters' object; `raw` is the body as the server sent it): the answers
//! of siterecovery-core's `TaskView::read`, which native clients keep, held to it body by body
//! by the wasm-bindgen test `task_views_are_read_as_natively`. The module keeps only what the
//! shared wait loop reads (id, state, progress: core's `Polled`), the API and that view object
//! (JS reads the rest from it).
#[allow(unused_imports)]
use crate::prelude::*;
use siterecovery_core::task::{TaskApi, TaskState};
use siterecovery_core::wait::Polled;
use wasm_bindgen::prelude::*;

use crate::builtins::Array;
use crate::errors::Failure;
use crate::js::get;

/// A task as the module keeps it.
#[derive(Clone)]
pub struct View {
    pub id: String,
    pub api: TaskApi,
    pub state: TaskState,
    /// 0–100.
    pub progress: u8,
    /// The view object (`readTask`'s).
    object: JsValue,
}

impl Polled for View {
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

#[wasm_bindgen(module = "/js/package.js")]
extern "C" {
    #[wasm_bindgen(js_name = readTask)]
    fn read_task(api: &str, raw: &JsValue) -> Array;
    #[wasm_bindgen(js_name = unfetchedTask)]
    fn unfetched_task(api: &str, id: &str) -> JsValue;
    #[wasm_bindgen(js_name = copyView)]
    fn copy_view(view: &JsValue) -> JsValue;
}

/// The task in an answer with `status` (a body that is no task is a `decode` error). A task
/// with an id but no state this client knows (a spec that does not require or enumerate it)
/// is not lost: the error names it.
pub fn read(api: TaskApi, status: u16, raw: JsValue) -> Result<View, Failure> {
    let read = read_task(api.as_str(), &raw);
    let object = read.get(0);
    if object.is_undefined() {
        let reason = crate::js::string(&read.get(2)).unwrap_or_default();
        let mut failure = Failure::decode(Some(status), crate::js::string(&read.get(1)).as_deref(), &reason);
        failure.task_id = crate::js::string(&get(&raw, "id"));
        return Err(failure);
    }
    let state = match crate::js::number_of(&read.get(1)) as u8 {
        0 => TaskState::Queued,
        1 => TaskState::Running,
        2 => TaskState::Succeeded,
        3 => TaskState::Failed,
        _ => TaskState::Cancelled,
    };
    let progress = crate::js::number_of(&read.get(2)) as u8;
    let id = crate::js::string(&read.get(3)).unwrap_or_default();
    Ok(View { id, api, state, progress, object })
}

/// Task `id` known only from a resume token, not fetched yet.
pub fn unfetched(api: TaskApi, id: String) -> View {
    let object = unfetched_task(api.as_str(), &id);
    View { id, api, state: TaskState::Queued, progress: 0, object }
}

/// The view object the getters read.
pub fn object(v: &View) -> &JsValue {
    &v.object
}

/// A copy of the view object for the caller to keep: what `onProgress` receives,
/// `task.toJSON()` returns and a task error carries.
pub fn view_to_js(v: &View) -> JsValue {
    copy_view(object(v))
}
