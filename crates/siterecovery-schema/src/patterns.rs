//! `pattern` checks are delegated: natively to the regex engine the typed client uses
//! (`siterecovery::table::RegexPatterns`), in the browser to JS `RegExp`, so no regex engine
//! is compiled into the wasm.

/// A pattern engine. `index` numbers the pattern within its [`Api`](crate::Api) (so compiled
/// patterns can be cached in a `Vec`); `source` is the pattern itself.
pub trait Patterns {
    /// Whether `text` contains a match of the pattern (JSON Schema patterns are not
    /// implicitly anchored; `^…$` anchors are the pattern's own).
    fn is_match(&self, index: u16, source: &str, text: &str) -> bool;
}

/// Accepts every string: for callers that check patterns elsewhere, and for tests.
#[derive(Debug, Clone, Copy, Default)]
pub struct AnyText;

impl Patterns for AnyText {
    fn is_match(&self, _: u16, _: &str, _: &str) -> bool {
        true
    }
}
