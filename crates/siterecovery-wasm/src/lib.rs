//! The npm package `siterecovery`: `SrmClient` and `ReplicationClient` over `fetch`, every
//! operation of `openapi/*.yaml` as a camelCase method, tasks as `Task` handles with
//! Promise-based waiting. No panic crosses into JS: every path returns an error.

#[cfg(target_arch = "wasm32")]
/// The allocator: see Cargo.toml for the measurement.
#[global_allocator]
static ALLOC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

mod call;
mod convert;
mod errors;
mod fetch;
mod js;
mod login;
mod replication;
mod session;
mod srm;
mod surface;
mod task;
mod timer;
mod ts;
mod view;

pub use replication::ReplicationClient;
pub use srm::SrmClient;
pub use task::Task;
pub use timer::scheduler_stats;

use js::{set, str_or_null};
use wasm_bindgen::prelude::*;

/// operationId, JS method name and whether it returns a task, for every operation of both
/// APIs (from the generated tables).
#[wasm_bindgen(unchecked_return_type = "{ api: \"srm\" | \"h4\"; operationId: string; method: string; path: string; jsName: string; returnsTask: boolean; permissions: string | null }[]")]
pub fn operations() -> JsValue {
    let all = js_sys::Array::new();
    for (api, table) in [("srm", &siterecovery::srm::API), ("h4", &siterecovery::replication::API)] {
        for m in table.operations {
            let o = js_sys::Object::new();
            set(&o, "api", &JsValue::from_str(api));
            set(&o, "operationId", &JsValue::from_str(m.operation_id));
            set(&o, "method", &JsValue::from_str(m.method));
            set(&o, "path", &JsValue::from_str(m.path));
            set(&o, "jsName", &JsValue::from_str(m.js_name));
            set(&o, "returnsTask", &JsValue::from(m.returns_task()));
            set(&o, "permissions", &str_or_null(m.permissions));
            all.push(&o);
        }
    }
    all.into()
}
