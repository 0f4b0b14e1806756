//! Generated code validates `pattern` with `::regress::Regex::new(p).unwrap()` and
//! `.find(value)`. The root crate maps the dependency name `regress` to this crate, so those
//! calls run on `regex-lite` (≈10× smaller in wasm than regress's Unicode tables).
//!
//! The code generator compiles every spec pattern with [`Regex::new`] at build time, so the
//! generated `unwrap()` can never fail at run time.

use std::fmt;

#[derive(Debug, Clone)]
pub struct Regex(regex_lite::Regex);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

/// Where a match was found.
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

#[cfg(test)]
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
