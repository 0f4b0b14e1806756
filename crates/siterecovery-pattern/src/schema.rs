//! The validator's pattern engine (`siterecovery_schema::Patterns`) over [`Regex`]: what the
//! typed client's table checks and the simulator's request checks run on.
use std::sync::{Mutex, PoisonError};

use siterecovery_schema::Patterns;

use crate::Regex;

/// Patterns compiled once each, on first use, with the engine the generated types' own
/// checks use (regex-lite natively, the JS engine's `RegExp` in wasm). A pattern the engine
/// cannot compile matches nothing (the build compiles every spec pattern with it, so that
/// does not happen).
#[derive(Debug, Default)]
pub struct RegexPatterns {
    compiled: Mutex<Vec<(String, Option<Regex>)>>,
}

impl RegexPatterns {
    pub fn new() -> Self {
        Self::default()
    }
}

impl Patterns for RegexPatterns {
    fn is_match(&self, _index: u16, source: &str, text: &str) -> bool {
        // Keyed by source, not index: one cache serves every API.
        let mut compiled = self.compiled.lock().unwrap_or_else(PoisonError::into_inner);
        let at = match compiled.iter().position(|(s, _)| s == source) {
            Some(i) => i,
            None => {
                compiled.push((source.to_string(), Regex::new(source).ok()));
                compiled.len() - 1
            }
        };
        compiled.get(at).and_then(|(_, re)| re.as_ref()).is_some_and(|re| re.find(text).is_some())
    }
}
