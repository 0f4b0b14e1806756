//! The "JSON-like value" the validator reads: implemented natively for `&serde_json::Value`
//! (feature `serde_json`, module `value`) and in the browser over `wasm_bindgen::JsValue`.
use alloc::borrow::Cow;

/// What a value is, as JSON sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonKind {
    Null,
    Bool,
    Number,
    String,
    Array,
    Object,
}

/// A number as the value holds it. An integer is `Int`/`Uint`; `Float` is a number written
/// with a fraction or an exponent (`1.5`, `1.0`, `1e3`), which integer schemas reject as the
/// typed client does.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Number {
    Int(i64),
    Uint(u64),
    Float(f64),
}

impl Number {
    pub fn as_f64(self) -> f64 {
        match self {
            Number::Int(i) => i as f64,
            Number::Uint(u) => u as f64,
            Number::Float(f) => f,
        }
    }
}

/// Read access to one JSON-like value. Children come back as `Self`, so an implementation
/// chooses what a child costs: a borrow (`&serde_json::Value`) or a cheap owned handle
/// (`JsValue`). Strings come back as a `Cow`: borrowed natively, owned from JS.
///
/// # Implementing it for `wasm_bindgen::JsValue`
///
/// The orphan rule wants a local type, so the wasm crate wraps it: `struct Js(JsValue)`.
/// - `kind`: `is_null() || is_undefined()` → `Null`; `as_bool()` is some → `Bool`;
///   `as_f64()` is some → `Number`; `is_string()` → `String`; `Array::is_array` → `Array`;
///   anything else → `Object` (JSON has nothing else).
/// - `as_number`: JS has only doubles: an integral value with `|v| <= 2^53` is `Int(v as
///   i64)`, anything else `Float(v)` (so `1.0` from JS is an integer, as `JSON.parse` says).
/// - `as_str`: `as_string()` → `Cow::Owned`.
/// - `array_len` / `item`: `Array::length` / `Array::get` (an `undefined` hole is `Null`).
/// - `get`: `Reflect::get(obj, key)`; `undefined` → `None` (an absent property), so that
///   `{ a: undefined }` is `{}` as `JSON.stringify` sees it.
/// - `entries`: `Object::keys`, then `Reflect::get` per key; skip `undefined` values.
pub trait Json: Sized {
    fn kind(&self) -> JsonKind;
    fn as_bool(&self) -> Option<bool>;
    fn as_number(&self) -> Option<Number>;
    fn as_str(&self) -> Option<Cow<'_, str>>;
    /// Whether a string, `text` as `as_str` read it, is Unicode text. A JS string can hold a
    /// lone UTF-16 surrogate, which has no Rust (or UTF-8) form: reading it put U+FFFD in its
    /// place, and would send another value. Values read from JSON text always are.
    fn is_unicode(&self, text: &str) -> bool {
        let _ = text;
        true
    }
    /// For a string, whether it is Unicode text (see `is_unicode`); `None` for anything else.
    /// What the validator asks of a string whose schema constrains nothing else, so that an
    /// implementation may answer without copying the text out (`JsValue`: one call, no copy).
    fn unicode_text(&self) -> Option<bool> {
        let text = self.as_str()?;
        Some(self.is_unicode(&text))
    }
    /// Whether `text`, a string as `as_str` read it, is nothing but white space (Unicode's:
    /// [`crate::is_blank`]). An implementation may ask its own engine instead (`JsValue`: JS
    /// `RegExp`, so the wasm decodes no UTF-8 and carries no Unicode table).
    fn is_blank(&self, text: &str) -> bool {
        crate::is_blank(text)
    }
    /// Number of items of an array; 0 for anything else.
    fn array_len(&self) -> usize;
    fn item(&self, index: usize) -> Option<Self>;
    /// A property of an object; `None` when absent (or not an object).
    fn get(&self, key: &str) -> Option<Self>;
    /// Calls `each(key, value)` for every property of an object, in the value's own order,
    /// until it returns `false`.
    fn entries(&self, each: &mut dyn FnMut(&str, Self) -> bool);
}
