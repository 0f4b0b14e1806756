//! The JS surface of the clients: one method per operation of the generated table, installed
//! on the class's prototype (js/package.js) the first time a client of that API is made, and
//! the one generic path they all take (`crate::call`). Their TypeScript comes from the generator too
//! (`CLIENT_TYPESCRIPT`, in ts.rs).
use crate::builtins;
#[allow(unused_imports)]
use crate::prelude::*;
use crate::spec::Spec;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/package.js")]
extern "C" {
    #[wasm_bindgen(js_name = installOperations)]
    fn install_operations(proto: &JsValue, operations: &builtins::Array);
}

/// Give `client`'s class the methods of every operation of its API. Idempotent: a method the
/// class has already (installed, or written in Rust) is kept.
pub fn install(client: &JsValue, spec: &Spec) {
    let operations = builtins::Array::new();
    // [jsName, index]: a method calls `__prepare` with its operation's index in the table.
    let add = |name: &str, i: u32| operations.push(&builtins::Array::of2(&JsValue::from_str(name), &JsValue::from(i)));
    for (i, op) in (0u32..).zip(spec.api.operations) {
        add(op.js_name, i);
        if crate::remote_login::is_remote_login(op) {
            add(crate::remote_login::REMOTE_LOGIN.1, i);
        }
    }
    let proto = builtins::Object::get_prototype_of(client);
    install_operations(&proto, &operations);
}
