//! Generated code validates `pattern` with `::regress::Regex::new(p).unwrap()` and
//! `.find(value)`. The root crate maps the dependency name `regress` to this crate, so those
//! calls run on `regex-lite` natively and on the JavaScript engine's own `RegExp` in wasm:
//! JSON Schema patterns are ECMA-262 regular expressions, and the package then carries no
//! regex engine (regex-lite was 31 KB of the wasm, regress's Unicode tables far more).
//!
//! The code generator compiles every spec pattern with [`Regex::new`] (natively) at build
//! time, so the generated `unwrap()` can never fail at run time.

use std::fmt;

#[cfg(feature = "schema")]
mod schema;
#[cfg(feature = "schema")]
pub use schema::RegexPatterns;

#[cfg(not(target_arch = "wasm32"))]
#[derive(Debug, Clone)]
pub struct Regex(regex_lite::Regex);

/// The pattern's source; compiled by the JS engine when first used (a `RegExp` is not `Sync`,
/// and generated code keeps its `Regex` in a `static`).
#[cfg(target_arch = "wasm32")]
#[derive(Debug, Clone)]
pub struct Regex(String);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

/// Where a match was found. In wasm only whether there is one is computed: the range is empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    pub start: usize,
    pub end: usize,
}

impl Match {
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl Regex {
    /// Compile an (ECMA-262 style) JSON Schema pattern.
    pub fn new(pattern: &str) -> Result<Regex, Error> {
        regex_lite::Regex::new(pattern).map(Regex).map_err(|e| Error(e.to_string()))
    }

    /// First match in `text` (patterns are not implicitly anchored, as in JSON Schema).
    pub fn find(&self, text: &str) -> Option<Match> {
        self.0.find(text).map(|m| Match { start: m.start(), end: m.end() })
    }
}

#[cfg(target_arch = "wasm32")]
mod js {
    use std::cell::RefCell;
    use std::collections::HashMap;
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(js_name = RegExp)]
        pub type JsRegExp;
        #[wasm_bindgen(constructor, js_class = "RegExp", catch)]
        fn new(source: &str, flags: &str) -> Result<JsRegExp, JsValue>;
        #[wasm_bindgen(method, js_class = "RegExp")]
        fn test(this: &JsRegExp, text: &str) -> bool;
    }

    thread_local! {
        /// Compiled patterns by source (`None`: the engine refused it).
        static COMPILED: RefCell<HashMap<String, Option<JsRegExp>>> = RefCell::new(HashMap::new());
    }

    /// Does `text` match `source` (flag `u`: patterns are Unicode-aware, as JSON Schema says)?
    /// A pattern the engine refuses matches nothing: the value is reported as invalid rather
    /// than let through unchecked.
    pub fn is_match(source: &str, text: &str) -> bool {
        COMPILED.with(|c| {
            let mut c = c.borrow_mut();
            let re = c.entry(source.to_string()).or_insert_with(|| JsRegExp::new(source, "u").ok());
            re.as_ref().is_some_and(|re| re.test(text))
        })
    }
}

#[cfg(target_arch = "wasm32")]
impl Regex {
    /// Keep an (ECMA-262) JSON Schema pattern; the build has compiled it already.
    pub fn new(pattern: &str) -> Result<Regex, Error> {
        Ok(Regex(pattern.to_string()))
    }

    /// Whether `text` has a match (patterns are not implicitly anchored, as in JSON Schema).
    pub fn find(&self, text: &str) -> Option<Match> {
        js::is_match(&self.0, text).then_some(Match { start: 0, end: 0 })
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn spec_patterns_behave() {
        let thumb = Regex::new("^SHA-256:([0-9A-F]{2}:){31}[0-9A-F]{2}$").unwrap();
        let good = format!("SHA-256:{}AB", "0F:".repeat(31));
        assert!(thumb.find(&good).is_some());
        assert!(thumb.find("SHA-1:00").is_none());
        assert!(thumb.find(&good.to_lowercase()).is_none());
        let url = Regex::new("^https?://[^\\s/]+").unwrap();
        assert!(url.find("https://10.71.248.18:8048/").is_some());
        assert!(url.find("not a url").is_none());
        assert!(Regex::new("(unclosed").is_err());
    }
}
