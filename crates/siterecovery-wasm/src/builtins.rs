//! The JavaScript built-ins the module calls, bound here instead of through js-sys (and
//! `AbortSignal` instead of through web-sys). Linking js-sys brings its JSPI task runner
//! into the module: an export the wasm-bindgen CLI deletes afterwards, but whose waker stays
//! in the function table, and with it the `RefCell` panic and `core::fmt`'s padding and
//! integer formatting. Measured: the package is 1,574 B gzip smaller without js-sys. These are
//! the same imports js-sys declares.
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(typescript_type = "object")]
    #[derive(Clone)]
    pub type Object;
    #[wasm_bindgen(constructor)]
    pub fn new() -> Object;
    #[wasm_bindgen(static_method_of = Object, js_name = getPrototypeOf)]
    pub fn get_prototype_of(obj: &JsValue) -> Object;

    #[wasm_bindgen(extends = Object, is_type_of = Array::is_array, typescript_type = "Array<any>")]
    #[derive(Clone)]
    pub type Array;
    #[wasm_bindgen(constructor)]
    pub fn new() -> Array;
    #[wasm_bindgen(static_method_of = Array, js_name = isArray)]
    pub fn is_array(value: &JsValue) -> bool;
    #[wasm_bindgen(static_method_of = Array, js_name = of)]
    pub fn of2(a: &JsValue, b: &JsValue) -> Array;
    #[wasm_bindgen(method)]
    pub fn push(this: &Array, value: &JsValue) -> u32;
    #[wasm_bindgen(method, getter)]
    pub fn length(this: &Array) -> u32;
    #[wasm_bindgen(method, indexing_getter)]
    pub fn get(this: &Array, index: u32) -> JsValue;

    /// Told by `typeof`, as js-sys does: a function of another realm (a plugin host's frame)
    /// is not `instanceof` this one's `Function`.
    #[wasm_bindgen(extends = Object, is_type_of = JsValue::is_function, typescript_type = "Function")]
    #[derive(Clone)]
    pub type Function;
    #[wasm_bindgen(method, catch, js_name = call)]
    pub fn call0(this: &Function, context: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, catch, js_name = call)]
    pub fn call1(this: &Function, context: &JsValue, arg: &JsValue) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(extends = Object, typescript_type = "Promise<any>")]
    #[derive(Clone)]
    pub type Promise;
    #[wasm_bindgen(static_method_of = Promise)]
    pub fn resolve(value: &JsValue) -> Promise;
    #[wasm_bindgen(static_method_of = Promise)]
    pub fn reject(value: &JsValue) -> Promise;

    #[wasm_bindgen(extends = Object, typescript_type = "AbortSignal")]
    #[derive(Clone)]
    pub type AbortSignal;
    #[wasm_bindgen(method, getter)]
    pub fn aborted(this: &AbortSignal) -> bool;

    #[wasm_bindgen(js_namespace = Reflect, catch)]
    pub fn get(target: &JsValue, key: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = Reflect, catch)]
    pub fn set(target: &JsValue, key: &JsValue, value: &JsValue) -> Result<bool, JsValue>;

    /// `Date.now()`.
    #[wasm_bindgen(js_namespace = Date, js_name = now)]
    pub fn now_ms() -> f64;
    #[wasm_bindgen(js_namespace = Math)]
    pub fn random() -> f64;
    /// `JSON.stringify` of a string: it in quotes, escaped.
    #[wasm_bindgen(js_namespace = JSON, js_name = stringify)]
    pub fn json_string(text: &str) -> JsValue;
}
