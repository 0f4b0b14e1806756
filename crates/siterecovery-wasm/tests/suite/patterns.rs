#![cfg(target_arch = "wasm32")]
//! The spec's patterns run in the JS engine (js/package.js `patternMatches`, what src/js.rs's
//! `JsPatterns` asks): with `u`, as JSON Schema means; a pattern the engine refuses matches
//! nothing; a pattern compiled once answers every text alike. (The Rust name differs from the
//! crate's own import of the same function: the two would clash when linked.)
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

#[wasm_bindgen(module = "/js/package.js")]
extern "C" {
    #[wasm_bindgen(js_name = patternMatches)]
    fn pattern_matches_js(source: &str, text: &str) -> bool;
}

#[wasm_bindgen_test]
fn patterns_match_as_the_js_engine_reads_them() {
    let thumbprint = "^SHA-256:([0-9A-F]{2}:){31}[0-9A-F]{2}$";
    let good = format!("SHA-256:{}AB", "0F:".repeat(31));
    // Asked twice: the cached RegExp keeps no state between texts (no `g` flag).
    for _ in 0..2 {
        assert!(pattern_matches_js(thumbprint, &good));
        assert!(!pattern_matches_js(thumbprint, "SHA-1:00"));
    }
    // `u`: `.` is one code point, an emoji too; `\p{L}` is a Unicode property.
    assert!(pattern_matches_js("^.$", "🙂"));
    assert!(pattern_matches_js("^\\p{L}+$", "Ωé操"));
    // Not anchored unless the pattern says so.
    assert!(pattern_matches_js("b", "abc"));
    // Refused by the engine (in `u` mode a lone `{` or an unknown escape is a syntax error):
    // nothing matches it, whatever the text.
    for refused in ["(", "a{", "\\q"] {
        assert!(!pattern_matches_js(refused, "a{"), "{refused}");
        assert!(!pattern_matches_js(refused, ""), "{refused}");
    }
}
