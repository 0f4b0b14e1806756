//! The copy of a spec that progenitor sees. We take only the *types* from progenitor, so it
//! gets the components (plus the inline request/response schemas lifted into them) and no
//! paths: none of its operation-level traps (mixed body/no-body responses, `*/*`, ...) can
//! fire, and our own operation layer (crate::rust) owns the operations.
use serde_json::{Map, Value};

use crate::model::ApiModel;

pub fn for_models(doc: &Value, api: &ApiModel) -> Value {
    let mut out = doc.clone();
    mark_secrets(&mut out);
    if let Some(obj) = out.as_object_mut() {
        obj.insert("paths".into(), Value::Object(Map::new()));
        let components = obj.entry("components").or_insert_with(|| Value::Object(Map::new()));
        if let Some(components) = components.as_object_mut() {
            let schemas = components.entry("schemas").or_insert_with(|| Value::Object(Map::new()));
            if let Some(schemas) = schemas.as_object_mut() {
                for (name, schema) in &api.hoisted {
                    schemas.insert(name.clone(), schema.clone());
                }
                // Deterministic output whatever the file order.
                let mut sorted: Vec<(String, Value)> = std::mem::take(schemas).into_iter().collect();
                sorted.sort_by(|a, b| a.0.cmp(&b.0));
                schemas.extend(sorted);
            }
        }
    }
    out
}

/// String schemas that hold credentials (`format: password`, or `x-siterecovery-secret: true`)
/// become `siterecovery::Secret`, whose `Debug` never shows the value.
fn mark_secrets(value: &mut Value) {
    match value {
        Value::Object(map) => {
            let is_string = map.get("type").and_then(Value::as_str) == Some("string");
            let secret = map.get("format").and_then(Value::as_str) == Some("password")
                || map.get("x-siterecovery-secret").and_then(Value::as_bool) == Some(true);
            if is_string && secret && !map.contains_key("x-rust-type") {
                map.insert(
                    "x-rust-type".into(),
                    serde_json::json!({"crate": "siterecovery", "version": "*", "path": "siterecovery::Secret"}),
                );
            }
            map.values_mut().for_each(mark_secrets);
        }
        Value::Array(items) => items.iter_mut().for_each(mark_secrets),
        _ => {}
    }
}
