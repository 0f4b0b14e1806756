//! The schema + operations table of one spec, as Rust source: `pub static API:
//! ::siterecovery_schema::Api = ...`, from the same parse as the typed client (the
//! normalised components, inline bodies hoisted, and the operation model).
//!
//! Every component gets an index (sorted by name), `$ref`s become indices, `allOf` is merged
//! here, and identical inline schemas share one entry, so the table stays small: what a
//! schema or an operation costs in the wasm is these bytes, not code.
use std::collections::{BTreeMap, HashMap};

use serde_json::Value;

use crate::error::CodegenError;
use crate::model::ApiModel;
use crate::spec::{resolve, schema_ref_name, Ptr};

mod merge;
mod operations;
mod render;

use render::{literal, render_schema};

/// `$ref`/`allOf` nesting followed before assuming a cycle.
const MAX_NESTING: usize = 32;

pub fn render(file: &str, normalized: &Value, api: &ApiModel, names: bool) -> Result<String, CodegenError> {
    let mut table = Builder {
        file,
        names,
        doc: normalized,
        components: BTreeMap::new(),
        entries: Vec::new(),
        datas: Vec::new(),
        inline: HashMap::new(),
        patterns: Vec::new(),
    };
    table.components()?;
    let operations = api.operations.iter().map(|op| table.operation(op)).collect::<Result<Vec<_>, _>>()?;
    Ok(table.finish(api, &operations))
}

/// A schema being built: `siterecovery_schema::table::Schema` without its name.
#[derive(Debug, Clone, PartialEq, Default)]
struct Data {
    /// Variant of `Kind`; empty = `Any`.
    kind: &'static str,
    nullable: bool,
    /// Variant of `Format`.
    format: Option<&'static str>,
    /// Rendered `Literal`s.
    enumeration: Vec<String>,
    /// (index into the pattern list, source).
    pattern: Option<(usize, String)>,
    min_length: Option<u64>,
    max_length: Option<u64>,
    /// (value, exclusive).
    minimum: Option<(f64, bool)>,
    maximum: Option<(f64, bool)>,
    items: Option<u16>,
    min_items: Option<u64>,
    max_items: Option<u64>,
    /// name -> (schema, required); sorted, as the validator's binary search wants.
    properties: BTreeMap<String, (u16, bool)>,
    additional: Additional,
    one_of: Vec<u16>,
}

#[derive(Debug, Clone, Copy, PartialEq, Default)]
enum Additional {
    #[default]
    Allowed,
    Closed,
    Schema(u16),
}

struct Builder<'a> {
    file: &'a str,
    /// Write component names (`Schema::name`).
    names: bool,
    doc: &'a Value,
    components: BTreeMap<String, u16>,
    /// Rendered schemas by index.
    entries: Vec<String>,
    /// The same, unrendered (`None` while a component is being built), for merging.
    datas: Vec<Option<Data>>,
    /// Rendered inline schema -> its index (identical inline schemas share one).
    inline: HashMap<String, u16>,
    patterns: Vec<String>,
}

impl Builder<'_> {
    fn err(&self, ptr: &Ptr, message: impl Into<String>) -> CodegenError {
        CodegenError::new(self.file, ptr.as_str(), message)
    }

    /// Components first, at fixed indices (so `$ref`s, cycles included, are just numbers).
    fn components(&mut self) -> Result<(), CodegenError> {
        let doc = self.doc;
        let schemas = doc.pointer("/components/schemas").and_then(Value::as_object);
        let mut sorted: Vec<(&String, &Value)> = schemas.into_iter().flatten().collect();
        sorted.sort_by(|a, b| a.0.cmp(b.0));
        for (name, _) in &sorted {
            let id = self.next_id(&Ptr::root())?;
            self.components.insert(name.to_string(), id);
            self.entries.push(String::new());
            self.datas.push(None);
        }
        for (name, schema) in sorted {
            let ptr = Ptr::root().at("components").at("schemas").at(name);
            let data = self.data(schema, &ptr, 0)?;
            let id = self.components[name.as_str()];
            self.entries[usize::from(id)] = render_schema(Some(name.as_str()).filter(|_| self.names), &data);
            self.datas[usize::from(id)] = Some(data);
        }
        Ok(())
    }

    fn next_id(&self, ptr: &Ptr) -> Result<u16, CodegenError> {
        u16::try_from(self.entries.len()).map_err(|_| self.err(ptr, "more than 65535 distinct schemas"))
    }

    /// The index of a schema: a component's for a `$ref`, else a (shared) inline entry.
    fn id(&mut self, schema: &Value, ptr: &Ptr, depth: usize) -> Result<u16, CodegenError> {
        if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
            let name =
                schema_ref_name(schema).ok_or_else(|| self.err(ptr, format!("$ref {reference:?} must point into #/components/schemas")))?;
            return self.components.get(name).copied().ok_or_else(|| self.err(ptr, format!("$ref to unknown schema {name:?}")));
        }
        let data = self.data(schema, ptr, depth)?;
        self.intern(data, ptr)
    }

    /// The index of an inline schema; identical ones share one.
    fn intern(&mut self, data: Data, ptr: &Ptr) -> Result<u16, CodegenError> {
        let text = render_schema(None, &data);
        if let Some(id) = self.inline.get(&text) {
            return Ok(*id);
        }
        let id = self.next_id(ptr)?;
        self.entries.push(text.clone());
        self.datas.push(Some(data));
        self.inline.insert(text, id);
        Ok(id)
    }

    fn is_any(&self, id: u16) -> bool {
        self.entries.get(usize::from(id)).is_some_and(|e| e == "Schema::ANY")
    }

    /// A schema's constraints, `$ref` followed and `allOf` merged.
    fn data(&mut self, schema: &Value, ptr: &Ptr, depth: usize) -> Result<Data, CodegenError> {
        if depth > MAX_NESTING {
            return Err(self.err(ptr, format!("$ref/allOf nested deeper than {MAX_NESTING} (a cycle?)")));
        }
        if schema.get("$ref").is_some() {
            let (target, at) = resolve(self.file, self.doc, schema, ptr)?;
            return self.data(target, &at, depth + 1);
        }
        let own = self.own(schema, ptr, depth)?;
        let Some(members) = schema.get("allOf").and_then(Value::as_array) else { return Ok(own) };
        let own_nullable = own.nullable;
        let mut merged = Data::default();
        let mut all_nullable = !members.is_empty();
        for (i, member) in members.iter().enumerate() {
            let at = ptr.at("allOf").at(&i.to_string());
            let data = self.data(member, &at, depth + 1)?;
            all_nullable &= data.nullable;
            merged = self.merge(merged, data, &at)?;
        }
        let mut merged = self.merge(merged, own, ptr)?;
        // Null passes if the schema says so, or if every member lets it through.
        merged.nullable = own_nullable || all_nullable;
        Ok(merged)
    }

    /// The schema's own keywords (everything but `allOf`).
    fn own(&mut self, s: &Value, ptr: &Ptr, depth: usize) -> Result<Data, CodegenError> {
        let has = |k: &str| s.get(k).is_some();
        let text = |k: &str| s.get(k).and_then(Value::as_str);
        let count = |k: &str| s.get(k).and_then(Value::as_u64);
        let mut d = Data {
            kind: match s.get("type") {
                None if has("properties") || has("additionalProperties") || has("required") => "Object",
                None if has("items") => "Array",
                None if has("pattern") || has("minLength") || has("maxLength") => "String",
                None if has("minimum") || has("maximum") => "Number",
                None => "",
                Some(Value::String(t)) => match t.as_str() {
                    "string" => "String",
                    "integer" => "Integer",
                    "number" => "Number",
                    "boolean" => "Boolean",
                    "array" => "Array",
                    "object" => "Object",
                    other => return Err(self.err(&ptr.at("type"), format!("unknown schema type {other:?}"))),
                },
                Some(_) => return Err(self.err(&ptr.at("type"), "`type` must be one string in OpenAPI 3.0")),
            },
            nullable: s.get("nullable").and_then(Value::as_bool).unwrap_or(false),
            format: text("format").map(format_variant),
            min_length: count("minLength"),
            max_length: count("maxLength"),
            min_items: count("minItems"),
            max_items: count("maxItems"),
            minimum: s.get("minimum").and_then(Value::as_f64).map(|v| (v, s.get("exclusiveMinimum") == Some(&Value::Bool(true)))),
            maximum: s.get("maximum").and_then(Value::as_f64).map(|v| (v, s.get("exclusiveMaximum") == Some(&Value::Bool(true)))),
            ..Data::default()
        };
        if let Some(values) = s.get("enum").and_then(Value::as_array) {
            for value in values {
                match literal(value) {
                    // `null` in an enum is `nullable`, checked before the enum.
                    Some(None) => d.nullable = true,
                    Some(Some(lit)) => d.enumeration.push(lit),
                    None => return Err(self.err(&ptr.at("enum"), "enum values must be strings, numbers, booleans or null")),
                }
            }
            if d.kind.is_empty() {
                d.kind = values.iter().find_map(literal_kind).unwrap_or("");
            }
        }
        if let Some(pattern) = text("pattern") {
            // Compiled by `patterns::check` with the run-time engine before we get here.
            let index = match self.patterns.iter().position(|p| p == pattern) {
                Some(i) => i,
                None => {
                    self.patterns.push(pattern.to_string());
                    self.patterns.len() - 1
                }
            };
            d.pattern = Some((index, pattern.to_string()));
        }
        if let Some(items) = s.get("items") {
            d.items = Some(self.id(items, &ptr.at("items"), depth + 1)?);
        }
        let required: Vec<&str> = s.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect();
        if let Some(props) = s.get("properties").and_then(Value::as_object) {
            for (name, prop) in props {
                let id = self.id(prop, &ptr.at("properties").at(name), depth + 1)?;
                d.properties.insert(name.clone(), (id, required.contains(&name.as_str())));
            }
        }
        for name in required {
            if !d.properties.contains_key(name) {
                // Required but not described: present with any value.
                let any = self.id(&Value::Object(Default::default()), ptr, depth + 1)?;
                d.properties.insert(name.to_string(), (any, true));
            }
        }
        d.additional = match s.get("additionalProperties") {
            Some(Value::Bool(false)) => Additional::Closed,
            Some(extra @ Value::Object(_)) => {
                let id = self.id(extra, &ptr.at("additionalProperties"), depth + 1)?;
                if self.is_any(id) {
                    Additional::Allowed
                } else {
                    Additional::Schema(id)
                }
            }
            _ => Additional::Allowed,
        };
        for key in ["oneOf", "anyOf"] {
            if let Some(alternatives) = s.get(key).and_then(Value::as_array) {
                for (i, alt) in alternatives.iter().enumerate() {
                    let id = self.id(alt, &ptr.at(key).at(&i.to_string()), depth + 1)?;
                    d.one_of.push(id);
                }
            }
        }
        Ok(d)
    }
}

fn literal_kind(value: &Value) -> Option<&'static str> {
    match value {
        Value::Bool(_) => Some("Boolean"),
        Value::Number(n) if n.is_f64() => Some("Number"),
        Value::Number(_) => Some("Integer"),
        Value::String(_) => Some("String"),
        _ => None,
    }
}

fn format_variant(format: &str) -> &'static str {
    match format {
        "int8" => "Int8",
        "int16" => "Int16",
        "int" | "int32" => "Int32",
        "int64" => "Int64",
        "uint8" => "Uint8",
        "uint16" => "Uint16",
        "uint" | "uint32" => "Uint32",
        "uint64" => "Uint64",
        "float" => "Float",
        "double" => "Double",
        "uuid" => "Uuid",
        "date" => "Date",
        "date-time" => "DateTime",
        "ip" => "Ip",
        "ipv4" => "Ipv4",
        "ipv6" => "Ipv6",
        "password" => "Password",
        _ => "Other",
    }
}
