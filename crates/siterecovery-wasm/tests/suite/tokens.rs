#![cfg(target_arch = "wasm32")]
//! What the package writes in base64 in JS (js/package.js): a task's resume token, as
//! siterecovery-core's `resume::token` makes it natively, and an SRM login's `Authorization`
//! value, as the native client writes it. Input by input, the same text.
use siterecovery_core::base64::encode_standard;
use siterecovery_core::task::TaskApi;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

#[wasm_bindgen(module = "/js/package.js")]
extern "C" {
    #[wasm_bindgen(js_name = resumeToken)]
    fn resume_token(api: &str, base: &str, id: &str) -> String;
    #[wasm_bindgen(js_name = basicAuth)]
    fn basic_auth_js(username: &str, password: &str) -> String;
    #[wasm_bindgen(js_name = tokenTaskId)]
    fn token_task_id(token: &JsValue, api: &str, base: &str) -> js_sys::Array;
    #[wasm_bindgen(js_name = isBlankText)]
    fn is_blank_text(text: &str) -> bool;
}

/// The module asks JS whether a text is blank (an id, a username): the answer of
/// siterecovery-schema's `is_blank` (Rust's `char::is_whitespace`), character by character up
/// to U+3100 (every white space character is below it) and at every 61st beyond, and for texts
/// of several.
#[wasm_bindgen_test]
fn blank_is_decided_in_js_as_natively() {
    let mut buf = [0u8; 4];
    for c in (0..0x3100).chain((0x3100..=0x10FFFF).step_by(61)).filter_map(char::from_u32) {
        let text = c.encode_utf8(&mut buf);
        assert_eq!(is_blank_text(text), siterecovery_schema::is_blank(text), "{c:?}");
    }
    for text in ["", " \t\n\u{3000}\u{a0}\u{85}", " x ", "\u{feff}", "\u{200b}", "\u{2028}\u{2029}\u{202f}\u{205f}\u{1680}"] {
        assert_eq!(is_blank_text(text), siterecovery_schema::is_blank(text), "{text:?}");
    }
}

const TEXTS: [&str; 12] = [
    "",
    "t-1",
    "6f1c1c36-1f2b-4a53-9a8e-3b2d3c1e0f11",
    "say \"hi\" \\ /",
    "tab\tnew\nline\r\u{8}\u{c}\u{1}\u{1f}\u{7f}",
    "é ÿ Ω 操作 🙂",
    "\u{2028}\u{2029}\u{feff}",
    "a:b:c",
    "+/=?&#",
    "https://srm.example/api/rest/srm/v2",
    "http://[::1]:8443/x",
    "ab",
];

#[wasm_bindgen_test]
fn resume_tokens_are_made_as_natively() {
    for api in [TaskApi::Srm, TaskApi::H4] {
        for base in TEXTS {
            for id in TEXTS {
                let made = resume_token(api.as_str(), base, id);
                assert_eq!(made, siterecovery_core::resume::token(api, base, id), "{api:?} {base:?} {id:?}");
                // And the package reads back the id it wrote (a blank id is no task's).
                let read = token_task_id(&JsValue::from_str(&made), api.as_str(), base).get(0).as_string();
                assert_eq!(read.as_deref(), Some(id).filter(|id| !id.trim().is_empty()), "{made}");
            }
        }
    }
}

#[wasm_bindgen_test]
fn basic_auth_is_made_as_natively() {
    for username in TEXTS {
        for password in TEXTS {
            let native = format!("Basic {}", encode_standard(format!("{username}:{password}").as_bytes()));
            assert_eq!(basic_auth_js(username, password), native, "{username:?} {password:?}");
        }
    }
    assert_eq!(basic_auth_js("admin", "s3cret"), "Basic YWRtaW46czNjcmV0");
}
