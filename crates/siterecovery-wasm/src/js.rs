//! Plain JS values as the validator reads them (the schema crate's `Json` trait over
//! `JsValue`), the spec's patterns through the JS engine's `RegExp`, and small object helpers.
//! Requests are checked as `JSON.stringify` will send them; answers as `JSON.parse` read them.
use crate::builtins;
#[allow(unused_imports)]
use crate::prelude::*;
use alloc::borrow::Cow;

use siterecovery_core::schema::{Json, JsonKind, Number, Patterns};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(module = "/js/package.js")]
extern "C" {
    #[wasm_bindgen(js_name = kindOf)]
    fn kind_of(v: &JsValue) -> u8;
    #[wasm_bindgen(js_name = ownValue)]
    fn own_value(o: &JsValue, key: &str) -> JsValue;
    #[wasm_bindgen(js_name = ownEntries)]
    fn own_entries(o: &JsValue) -> builtins::Array;
    /// A copy of a parameters object, every value read as the check reads it.
    #[wasm_bindgen(js_name = ownCopy)]
    pub fn own_copy(o: &JsValue) -> builtins::Object;
    #[wasm_bindgen(js_name = itemValue)]
    fn item_value(a: &JsValue, index: u32) -> JsValue;
    /// A body as `JSON.stringify` takes it: what its `toJSON` returns, unboxed.
    #[wasm_bindgen(js_name = asJson)]
    pub fn as_json(v: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = unicodeText)]
    fn unicode_text_js(v: &JsValue) -> u8;
    /// A body's JSON text and that text read back (`[text, value]`), or `[]`.
    #[wasm_bindgen(js_name = requestJson)]
    fn request_json_js(v: &JsValue) -> builtins::Array;
    #[wasm_bindgen(js_name = isUnicode)]
    fn is_unicode_text(s: &JsValue) -> bool;
    /// siterecovery-schema's `is_blank` (Unicode white space only, or nothing), by JS `RegExp`.
    #[wasm_bindgen(js_name = isBlankText)]
    pub fn is_blank(text: &str) -> bool;
    /// A string's UTF-8 written at `at`: its length when it fits in `room` bytes, else the room
    /// it may need; -1 for anything but a string.
    #[wasm_bindgen(js_name = textInto)]
    fn text_into(v: &JsValue, at: *mut u8, room: usize) -> i32;
    /// A JS number, NaN for anything else.
    #[wasm_bindgen(js_name = numberOf)]
    pub fn number_of(v: &JsValue) -> f64;
    #[wasm_bindgen(js_name = isNumber)]
    fn is_number(v: &JsValue) -> bool;
}

/// A JS number (`JsValue::as_f64`, through js/package.js `numberOf`, and `isNumber` for a
/// NaN): `None` for anything else.
fn number(v: &JsValue) -> Option<f64> {
    let n = number_of(v);
    (!n.is_nan() || is_number(v)).then_some(n)
}

/// A JS string's text (`JsValue::as_string`, through js/package.js `textInto` instead of the
/// glue's own path: no `String` crosses from JS): `None` for anything else. A lone UTF-16
/// surrogate reads as U+FFFD (see [`text`]). Most texts (a key, an id) fit in the first room
/// made for them, and take one call; a longer one takes a second, in the room `textInto` asked
/// for (within which it fits).
pub fn string(v: &JsValue) -> Option<String> {
    // `textInto` writes through the module's memory, which `watch` hands to js/package.js.
    crate::executor::watch();
    let mut bytes = Vec::new();
    let mut room = 64;
    loop {
        bytes.reserve_exact(room);
        room = usize::try_from(text_into(v, bytes.as_mut_ptr(), bytes.capacity())).ok()?;
        if room <= bytes.capacity() {
            // SAFETY: `textInto` wrote `room` bytes there (it writes only when they fit), UTF-8
            // as `TextEncoder` writes it.
            unsafe {
                bytes.set_len(room);
                return Some(String::from_utf8_unchecked(bytes));
            }
        }
    }
}

/// A JS string as Rust text: `None` for anything else, `Some(None)` for a string with a lone
/// UTF-16 surrogate (it has no Rust form: `as_string` would put U+FFFD in its place, and the
/// request would carry another value). Only a string holding U+FFFD is asked about.
pub fn text(v: &JsValue) -> Option<Option<String>> {
    let s = string(v)?;
    Some(is_unicode(v, &s).then_some(s))
}

/// Whether `v`, read as `text`, was Unicode text: only a string holding U+FFFD is asked about.
fn is_unicode(v: &JsValue, text: &str) -> bool {
    // U+FFFD in UTF-8, found by bytes: `str::contains` would bring core's panicking slice path
    // (and with it char's Debug and its Unicode tables, 5 KB gzip) into the module.
    !text.as_bytes().windows(3).any(|w| w == [0xEF, 0xBF, 0xBD]) || is_unicode_text(v)
}

/// Whether `v` is an object JSON sends as one: not an array, not a revoked Proxy (which
/// `Array.isArray` throws on).
pub fn is_json_object(v: &JsValue) -> bool {
    v.is_object() && kind_of(v) == 5
}

/// A request body (or parameters object) as `JSON.stringify` sends it: its JSON text, and
/// that text read back (what is checked, so that a getter or `toJSON` is read once); `None`
/// when it has none, or NaN or ±Infinity would be sent as `null`.
pub fn request_json(v: &JsValue) -> Option<(JsValue, JsValue)> {
    let pair = request_json_js(v);
    let text = pair.get(0);
    (!text.is_undefined()).then(|| (text, pair.get(1)))
}

/// A JS value read as JSON.
#[derive(Clone)]
pub struct Js(pub JsValue);

/// Largest integer a double holds exactly.
const MAX_SAFE: f64 = 9_007_199_254_740_991.0;

impl Json for Js {
    fn kind(&self) -> JsonKind {
        match kind_of(&self.0) {
            0 => JsonKind::Null,
            1 => JsonKind::Bool,
            2 => JsonKind::Number,
            3 => JsonKind::String,
            4 => JsonKind::Array,
            _ => JsonKind::Object,
        }
    }
    fn as_bool(&self) -> Option<bool> {
        self.0.as_bool()
    }
    fn as_number(&self) -> Option<Number> {
        let f = number(&self.0)?;
        Some(if f.is_finite() && f.abs() <= MAX_SAFE && f == (f as i64) as f64 { Number::Int(f as i64) } else { Number::Float(f) })
    }
    fn as_str(&self) -> Option<Cow<'_, str>> {
        string(&self.0).map(Cow::Owned)
    }
    fn is_unicode(&self, text: &str) -> bool {
        is_unicode(&self.0, text)
    }
    fn is_blank(&self, text: &str) -> bool {
        is_blank(text)
    }
    fn unicode_text(&self) -> Option<bool> {
        match unicode_text_js(&self.0) {
            0 => None,
            state => Some(state == 1),
        }
    }
    fn array_len(&self) -> usize {
        self.0.dyn_ref::<builtins::Array>().map_or(0, |a| a.length() as usize)
    }
    fn item(&self, index: usize) -> Option<Self> {
        (index < self.array_len()).then(|| Js(item_value(&self.0, index as u32)))
    }
    fn get(&self, key: &str) -> Option<Self> {
        let v = own_value(&self.0, key);
        (!v.is_undefined()).then_some(Js(v))
    }
    fn entries(&self, each: &mut dyn FnMut(&str, Self) -> bool) {
        // [key, value, key, value, ...] in one call: a key crosses the boundary once.
        let flat = own_entries(&self.0);
        let len = flat.length();
        let mut i = 0;
        while i + 1 < len {
            let Some(name) = string(&flat.get(i)) else { break };
            if !each(&name, Js(flat.get(i + 1))) {
                break;
            }
            i += 2;
        }
    }
}

#[wasm_bindgen(module = "/js/package.js")]
extern "C" {
    #[wasm_bindgen(js_name = patternMatches)]
    fn pattern_matches(source: &str, text: &str) -> bool;
}

/// The spec's patterns through the JS engine's `RegExp` (js/package.js `patternMatches`: each
/// compiled once, with `u`, Unicode, as JSON Schema means; one the engine refuses matches
/// nothing).
pub struct JsPatterns;

impl Patterns for JsPatterns {
    fn is_match(&self, _index: u16, source: &str, text: &str) -> bool {
        pattern_matches(source, text)
    }
}

/// `obj[key]` of an options object, or undefined when `obj` is not an object. A getter or a
/// Proxy trap that throws reads as `false`, which no option takes: bad input naming the
/// field, not an absent option (a `signal` read as absent would leave the call without its
/// abort).
pub fn get(obj: &JsValue, key: &str) -> JsValue {
    if !obj.is_object() {
        return JsValue::UNDEFINED;
    }
    builtins::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::FALSE)
}

pub fn set(obj: &builtins::Object, key: &str, value: &JsValue) {
    let _ = builtins::set(obj, &JsValue::from_str(key), value);
}

/// A string, or null.
pub fn str_or_null(s: Option<&str>) -> JsValue {
    s.map_or(JsValue::NULL, JsValue::from_str)
}

/// `parts` joined, without `format!`.
pub fn cat(parts: &[&str]) -> String {
    let mut len = 0;
    for p in parts {
        len += p.len();
    }
    let mut s = String::with_capacity(len);
    for p in parts {
        s.push_str(p);
    }
    s
}
