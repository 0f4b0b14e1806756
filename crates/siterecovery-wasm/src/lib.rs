//! The npm package `siterecovery`: `SrmClient` and `ReplicationClient` over `fetch`, every
//! operation of `openapi/*.yaml` as a camelCase method, tasks as `Task` handles with
//! Promise-based waiting. No panic crosses into JS: every path returns an error.

mod call;
mod convert;
mod errors;
mod fetch;
mod login;
mod replication;
mod resume;
mod session;
mod srm;
mod surface;
mod task;
mod timer;
mod ts;

pub use replication::ReplicationClient;
pub use srm::SrmClient;
pub use task::Task;
pub use timer::scheduler_stats;

use wasm_bindgen::prelude::*;

/// operationId, JS method name and whether it returns a task, for every operation of both
/// APIs (from the build-time metadata).
#[wasm_bindgen(unchecked_return_type = "{ api: \"srm\" | \"h4\"; operationId: string; method: string; path: string; jsName: string; returnsTask: boolean; permissions: string | null }[]")]
pub fn operations() -> JsValue {
    let all: Vec<serde_json::Value> = [("srm", &siterecovery::srm::API), ("h4", &siterecovery::replication::API)]
        .iter()
        .flat_map(|(api, table)| {
            table.operations.iter().map(move |m| {
                serde_json::json!({
                    "api": api, "operationId": m.operation_id, "method": m.method, "path": m.path,
                    "jsName": m.js_name, "returnsTask": m.returns_task(), "permissions": m.permissions,
                })
            })
        })
        .collect();
    convert::to_js(&all)
}
