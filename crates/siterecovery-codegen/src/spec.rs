//! Loading a spec and walking it as JSON, with JSON pointers for every error.
use serde_json::Value;

use crate::error::{escape_token, CodegenError};

/// Parse YAML (or JSON) text of an OpenAPI 3.0 document. Structure is checked by the
/// operation model (paths, with exact pointers) and by `parse_openapi` (components).
pub fn load(file: &str, text: &str) -> Result<Value, CodegenError> {
    let doc: Value = serde_yaml::from_str(text).map_err(|e| CodegenError::new(file, "", format!("not valid YAML/JSON: {e}")))?;
    let version = doc.get("openapi").and_then(Value::as_str).unwrap_or("");
    if !version.starts_with("3.0") {
        return Err(CodegenError::new(file, "/openapi", format!("unsupported OpenAPI version {version:?} (3.0.x is supported)")));
    }
    Ok(doc)
}

/// Deserialize into `openapiv3::OpenAPI`; a structural error names the pointer it occurred at.
pub fn parse_openapi(file: &str, doc: &Value) -> Result<openapiv3::OpenAPI, CodegenError> {
    serde_path_to_error::deserialize(doc).map_err(|e| {
        let pointer = e.path().iter().map(|seg| format!("/{}", escape_token(&seg.to_string()))).collect::<String>();
        CodegenError::new(file, &pointer, format!("invalid OpenAPI document: {}", e.inner()))
    })
}

/// A JSON pointer under construction.
#[derive(Debug, Clone, Default)]
pub struct Ptr(String);

impl Ptr {
    pub fn root() -> Self {
        Ptr(String::new())
    }
    pub fn at(&self, token: &str) -> Ptr {
        Ptr(format!("{}/{}", self.0, escape_token(token)))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Follow local `$ref`s (`#/components/...`) until a non-reference value; returns the
/// value and the pointer it lives at. External references are an error.
pub fn resolve<'a>(file: &str, doc: &'a Value, value: &'a Value, at: &Ptr) -> Result<(&'a Value, Ptr), CodegenError> {
    let mut current = value;
    let mut ptr = at.clone();
    for _ in 0..64 {
        let Some(reference) = current.get("$ref").and_then(Value::as_str) else {
            return Ok((current, ptr));
        };
        let Some(local) = reference.strip_prefix('#') else {
            return Err(CodegenError::new(
                file,
                ptr.as_str(),
                format!("external $ref {reference:?} is not supported; inline it into this file"),
            ));
        };
        current =
            doc.pointer(local).ok_or_else(|| CodegenError::new(file, ptr.as_str(), format!("$ref {reference:?} points to nothing")))?;
        ptr = Ptr(local.to_string());
    }
    Err(CodegenError::new(file, at.as_str(), "$ref chain is longer than 64 (a cycle?)"))
}

/// The component name a `$ref` names, if it is `#/components/schemas/<name>`.
pub fn schema_ref_name(value: &Value) -> Option<&str> {
    value.get("$ref")?.as_str()?.strip_prefix("#/components/schemas/")
}

/// True for media types we encode and decode as JSON (`application/json`,
/// `application/vnd.vmware.h4-v4.7+json;charset=UTF-8`, ...).
pub fn is_json_media_type(media: &str) -> bool {
    let essence = media.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"))
}
