//! Human-readable messages through `core::fmt`, for native callers. Kept apart from the
//! validator so that a wasm build that never displays an `Invalid` links none of this.
use core::fmt;

use crate::invalid::{Invalid, Reason};

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.text())?;
        if let Reason::Pattern(source) = self {
            write!(f, " {source:?}")?;
        }
        Ok(())
    }
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field(), self.reason)
    }
}

impl core::error::Error for Invalid {}
