use std::fmt;

/// A spec that cannot be generated: names the file, a JSON pointer into it, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodegenError {
    pub file: String,
    pub pointer: String,
    pub message: String,
}

impl CodegenError {
    pub fn new(file: &str, pointer: &str, message: impl Into<String>) -> Self {
        CodegenError { file: file.to_string(), pointer: pointer.to_string(), message: message.into() }
    }
}

impl fmt::Display for CodegenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}#{}: {}", self.file, self.pointer, self.message)
    }
}

impl std::error::Error for CodegenError {}

/// Escape one JSON-pointer token (RFC 6901).
pub fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}
