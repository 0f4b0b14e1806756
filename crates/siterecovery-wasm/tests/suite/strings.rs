#![cfg(target_arch = "wasm32")]
//! How the module reads a JS string (js/package.js `textInto`, src/js.rs `string`): as
//! `TextEncoder` writes it (a lone surrogate as U+FFFD), ASCII by a loop of its own and
//! anything else by `encodeInto`, never a byte past the room it is given, and into the
//! module's memory as it is after the memory grew. And the URL and text checks in an engine
//! without `String.prototype.isWellFormed` / `toWellFormed` (js/package.js reads a string
//! through UTF-8 there).
use js_sys::{JsString, Object};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

#[wasm_bindgen(module = "/js/package.js")]
extern "C" {
    #[wasm_bindgen(js_name = textInto)]
    fn text_into(v: &JsValue, at: usize, room: usize) -> i32;
    #[wasm_bindgen(js_name = isUnicode)]
    fn is_unicode(s: &JsValue) -> bool;
    #[wasm_bindgen(js_name = requestTarget)]
    fn request_target(base: &str, template: &str, path: &js_sys::Array, params: &JsValue, names: &str) -> js_sys::Array;
}

/// An engine without `String.prototype.isWellFormed` / `toWellFormed` (Safari before 16.4,
/// Firefox before 119): both removed until it is dropped. Meanwhile no string may cross from JS
/// into the test's own code (the test glue of wasm-bindgen calls `toWellFormed`). Written with
/// js_sys, not in a JS file: one more snippet for the test page to load made
/// wasm-bindgen-test-runner's server leave one unanswered, in 1 page load of 3.
struct WithoutWellFormed(Vec<(JsValue, JsValue)>);

const WELL_FORMED: [&str; 2] = ["isWellFormed", "toWellFormed"];

fn string_prototype() -> Object {
    let string = js_sys::Reflect::get(&js_sys::global(), &"String".into()).unwrap();
    js_sys::Reflect::get(&string, &"prototype".into()).unwrap().unchecked_into()
}

impl WithoutWellFormed {
    fn new() -> WithoutWellFormed {
        let prototype = string_prototype();
        let saved = WELL_FORMED.map(|name| (JsValue::from_str(name), Object::get_own_property_descriptor(&prototype, &name.into())));
        for (name, _) in &saved {
            assert!(js_sys::Reflect::delete_property(&prototype, name).unwrap());
            assert!(!js_sys::Reflect::has(&prototype, name).unwrap(), "String.prototype kept {name:?}");
        }
        WithoutWellFormed(saved.into())
    }
}

impl Drop for WithoutWellFormed {
    fn drop(&mut self) {
        let prototype = string_prototype();
        for (name, descriptor) in &self.0 {
            if !descriptor.is_undefined() {
                Object::define_property(&prototype, name, descriptor.unchecked_ref());
            }
        }
    }
}

/// The byte on either side of the room `textInto` is given, which it must leave as it was.
const GUARD: u8 = 0xA5;

/// `textInto(s, at, room)` into a buffer of `room` bytes between guards: its answer, and the
/// bytes it wrote when it says it wrote them.
fn read(s: &JsValue, room: usize) -> (i32, Vec<u8>) {
    let mut buffer = vec![GUARD; room + 2];
    let answer = text_into(s, buffer[1..].as_mut_ptr() as usize, room);
    assert_eq!((buffer[0], buffer[room + 1]), (GUARD, GUARD), "wrote outside its room: {s:?} in {room}");
    let written = usize::try_from(answer).ok().filter(|&n| n <= room).map_or(Vec::new(), |n| buffer[1..=n].to_vec());
    (answer, written)
}

fn utf16(units: &[u16]) -> JsValue {
    JsString::from_char_code(units).into()
}

#[wasm_bindgen_test]
fn strings_are_read_as_text_encoder_writes_them() {
    // The module hands its memory to js/package.js when it first reads a string (a client's
    // options, here): `textInto` writes there.
    siterecovery_wasm::SrmClient::from_session(crate::common::js(
        &serde_json::json!({ "baseUrl": "https://srm.example", "sessionId": "s" }),
    ))
    .expect("fromSession");
    let long: Vec<u16> = "a".repeat(63).encode_utf16().collect();
    let cases: Vec<Vec<u16>> = vec![
        vec![],
        "pairing-1".encode_utf16().collect(),
        "Ädmin 管理者 🙂@vsphere.local".encode_utf16().collect(),
        // Lone surrogates, alone, between ASCII, after a pair.
        vec![0xD800],
        vec![b'a' as u16, 0xDC00, b'b' as u16],
        "🙂".encode_utf16().chain([0xD83D]).collect(),
        // ASCII up to the room, then past it by one byte, by one character of two bytes.
        "a".repeat(64).encode_utf16().collect(),
        "a".repeat(65).encode_utf16().collect(),
        long.iter().copied().chain("é".encode_utf16()).collect(),
        long.iter().copied().chain([0xD800]).collect(),
        "é".repeat(32).encode_utf16().collect(),
        "\u{7f}\u{80}\u{0}".encode_utf16().collect(),
    ];
    for units in &cases {
        let expected = String::from_utf16_lossy(units).into_bytes();
        let s = utf16(units);
        let (answer, written) = read(&s, 64);
        if expected.len() <= 64 {
            assert_eq!((answer, written), (expected.len() as i32, expected.clone()), "{units:?}");
        } else {
            // Too long: the room it may need (3 bytes per UTF-16 unit at most), in which it fits.
            assert_eq!(answer, 3 * units.len() as i32, "{units:?}");
            assert_eq!(read(&s, answer as usize), (expected.len() as i32, expected), "{units:?}");
        }
    }
    for not_a_string in [JsValue::NULL, JsValue::UNDEFINED, JsValue::from(7), Object::new().into(), js_sys::Array::of1(&"x".into()).into()]
    {
        assert_eq!(read(&not_a_string, 64).0, -1);
    }

    // The memory grows (the old buffer is detached): strings are still read into it. One page
    // grown from JS (the allocator takes its next pages after it).
    let memory = wasm_bindgen::memory().unchecked_into::<js_sys::WebAssembly::Memory>();
    let before = memory.buffer();
    memory.grow(1);
    assert!(!Object::is(&before, &memory.buffer()), "the memory did not grow");
    assert_eq!(read(&JsValue::from_str("after growing"), 64), (13, b"after growing".to_vec()));
    assert_eq!(read(&JsValue::from_str("après"), 64), (6, "après".as_bytes().to_vec()));
}

#[wasm_bindgen_test]
fn without_well_formed_strings_are_read_alike() {
    let lone = utf16(&[b'n' as u16, 0xD800, b'e' as u16]);
    let pair = utf16(&"🙂".encode_utf16().collect::<Vec<_>>());
    // What the package makes of them: the checks' answers and the URL (read as a Rust string
    // only once the methods are back).
    let check = || {
        let answers = [&lone, &utf16(&[0xDC00, 0xD800]), &pair, &JsValue::from_str("Ädmin 管理者")].map(is_unicode);
        let path = js_sys::Array::of2(&lone, &pair);
        let params = Object::new();
        js_sys::Reflect::set(&params, &"filter".into(), &lone).unwrap();
        (answers, request_target("https://srm.example", "/a/{a}/b/{b}", &path, &params, "\n0filter").get(0))
    };
    let with = check();
    let hidden = WithoutWellFormed::new();
    let without = check();
    drop(hidden);
    for (answers, url) in [with, without] {
        assert_eq!(answers, [false, false, true, true]);
        assert_eq!(url.as_string().unwrap(), "https://srm.example/a/n%EF%BF%BDe/b/%F0%9F%99%82?filter=n%EF%BF%BDe");
    }
}
