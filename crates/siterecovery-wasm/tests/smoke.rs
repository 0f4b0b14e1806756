#![cfg(target_arch = "wasm32")]
use wasm_bindgen_test::*;

#[wasm_bindgen_test]
fn operations_are_listed() {
    let ops = siterecovery_wasm::operations();
    let len = js_sys::Array::from(&ops).length();
    assert_eq!(len, 24);
}
