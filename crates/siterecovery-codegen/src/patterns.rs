//! Every `pattern` in a spec is compiled at build time with the engine the generated code
//! uses at run time (`siterecovery-pattern`), so the generated `Regex::new(..).unwrap()`
//! cannot fail in the browser and a pattern we cannot run fails the build.
use serde_json::Value;

use crate::error::CodegenError;
use crate::spec::Ptr;

pub fn check(file: &str, doc: &Value) -> Result<(), CodegenError> {
    walk(file, doc, &Ptr::root())
}

fn walk(file: &str, value: &Value, at: &Ptr) -> Result<(), CodegenError> {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let ptr = at.at(key);
                if let (true, Value::String(pattern)) = (key == "pattern", child) {
                    siterecovery_pattern::Regex::new(pattern)
                        .map_err(|e| CodegenError::new(file, ptr.as_str(), format!("pattern {pattern:?} is not supported: {e}")))?;
                } else {
                    walk(file, child, &ptr)?;
                }
            }
            Ok(())
        }
        Value::Array(items) => items.iter().enumerate().try_for_each(|(i, item)| walk(file, item, &at.at(&i.to_string()))),
        _ => Ok(()),
    }
}
