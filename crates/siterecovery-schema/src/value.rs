//! `Json` for a borrowed `serde_json::Value` (feature `serde_json`): how the native client
//! and the tests run the validator.
use alloc::borrow::Cow;
use alloc::vec::Vec;

use serde_json::Value;

use crate::{Json, JsonKind, Number};

impl Json for &Value {
    fn kind(&self) -> JsonKind {
        match self {
            Value::Null => JsonKind::Null,
            Value::Bool(_) => JsonKind::Bool,
            Value::Number(_) => JsonKind::Number,
            Value::String(_) => JsonKind::String,
            Value::Array(_) => JsonKind::Array,
            Value::Object(_) => JsonKind::Object,
        }
    }
    fn as_bool(&self) -> Option<bool> {
        Value::as_bool(self)
    }
    fn as_number(&self) -> Option<Number> {
        let n = Value::as_number(self)?;
        n.as_i64().map(Number::Int).or(n.as_u64().map(Number::Uint)).or(n.as_f64().map(Number::Float))
    }
    fn as_str(&self) -> Option<Cow<'_, str>> {
        Value::as_str(self).map(Cow::Borrowed)
    }
    fn array_len(&self) -> usize {
        self.as_array().map_or(0, Vec::len)
    }
    fn item(&self, index: usize) -> Option<Self> {
        self.as_array()?.get(index)
    }
    fn get(&self, key: &str) -> Option<Self> {
        self.as_object()?.get(key)
    }
    fn entries(&self, each: &mut dyn FnMut(&str, Self) -> bool) {
        if let Some(map) = self.as_object() {
            for (k, v) in map {
                if !each(k, v) {
                    break;
                }
            }
        }
    }
}
