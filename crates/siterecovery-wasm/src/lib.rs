//! The npm package `siterecovery`: `SrmClient` and `ReplicationClient` over `fetch`, every
//! operation of `openapi/*.yaml` as a camelCase method, tasks as `Task` handles with
//! Promise-based waiting. No panic crosses into JS: every path returns an error.

// No panic on any path reachable from a caller (issue 9): tests may unwrap.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing))]
#![no_std]
extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

#[cfg(target_arch = "wasm32")]
/// The allocator: see src/heap.rs, and Cargo.toml for the measurement.
#[global_allocator]
static ALLOC: heap::Heap<heap::WasmPages> = heap::Heap::new(heap::WasmPages);

/// Without `std` (the package), a panic formats nothing (so `core::fmt` stays out of the
/// wasm): it rejects the call it hit with kind `internal` and the module goes on
/// (`executor::on_panic`).
#[cfg(all(target_arch = "wasm32", not(feature = "std")))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    executor::on_panic()
}

/// The generated tables and TypeScript of every `openapi/*.yaml` (build.rs).
mod apis {
    include!(concat!(env!("OUT_DIR"), "/package_apis.rs"));
}
mod prelude {
    pub use alloc::boxed::Box;
    pub use alloc::string::{String, ToString};
    pub use alloc::vec;
    pub use alloc::vec::Vec;
}
mod builtins;
mod call;
mod cells;
mod client;
mod convert;
mod errors;
mod executor;
mod fetch;
mod first;
mod global;
#[cfg(any(target_arch = "wasm32", test))]
mod heap;
mod js;
mod login;
mod pair_sites;
mod remote_login;
mod session;
mod shared;
mod slots;
mod spec;
#[cfg(feature = "glue-install")]
mod surface;
mod task;
mod timer;
mod ts;
mod view;
mod waits;

pub use apis::*;
#[cfg(any(feature = "std", feature = "test-hooks"))]
pub use executor::provoke_panic;
pub use task::Task;
pub use timer::scheduler_stats;

use js::{set, str_or_null};
use wasm_bindgen::prelude::*;

/// Every operation of every API of the package: its API (task kind `srm` / `h4`, or the
/// spec's module name), client class, operationId, JS method name, HTTP method and path,
/// whether it returns a task, and its `x-dr-permissions`. Each API's operations come in its
/// table's order (sorted by operationId): the package's entry point installs each method with
/// its operation's index there, which is what the method hands the module.
#[wasm_bindgen(
    unchecked_return_type = "{ api: string; client: string; operationId: string; method: string; path: string; jsName: string; returnsTask: boolean; permissions: string | null }[]"
)]
pub fn operations() -> JsValue {
    let all = builtins::Array::new();
    for spec in apis::SPECS {
        for m in spec.api.operations {
            let o = builtins::Object::new();
            set(&o, "api", &JsValue::from_str(spec.name()));
            set(&o, "client", &JsValue::from_str(spec.class));
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
