//! The operations of one spec, extracted and checked: everything the Rust, TypeScript and
//! metadata renderers need, with every unsupported construct reported by JSON pointer.
use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::error::CodegenError;
use crate::names;
use crate::spec::{is_json_media_type, resolve, schema_ref_name, Ptr};

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

#[derive(Debug, Clone)]
pub struct ApiModel {
    pub title: String,
    pub version: String,
    pub operations: Vec<Operation>,
    /// Inline request/response schemas lifted into components: (name, schema).
    pub hoisted: Vec<(String, Value)>,
}

#[derive(Debug, Clone)]
pub struct Operation {
    pub operation_id: String,
    pub fn_name: String,
    pub js_name: String,
    pub method: String,
    pub path: String,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    pub path_params: Vec<Param>,
    /// Query and header parameters: the fields of the operation's `Params` struct.
    pub params: Vec<Param>,
    pub body: Option<Body>,
    pub success: Success,
    /// Documented non-2xx responses.
    pub errors: ErrorResponses,
    pub permissions: Option<String>,
    /// `x-siterecovery-task` of the success schema (`srm`, `h4`, ...): returns a task.
    pub task_kind: Option<String>,
}

impl Operation {
    /// Name of the generated struct for query/header parameters, if any.
    pub fn params_type(&self) -> Option<String> {
        (!self.params.is_empty()).then(|| names::type_name(&format!("{}_params", self.operation_id)))
    }
}

/// Documented non-2xx responses.
pub type ErrorResponses = Vec<ErrorResponse>;

#[derive(Debug, Clone)]
pub struct ErrorResponse {
    /// A status, or "default".
    pub status: String,
    /// Component schema of the body, when it is a `$ref`.
    pub schema_name: Option<String>,
    /// The body's schema as written (a `$ref` or inline), for the table.
    pub schema: Option<Value>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    Path,
    Query,
    Header,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamKind {
    String,
    I32,
    I64,
    F64,
    Bool,
    Array(Box<ParamKind>),
}

#[derive(Debug, Clone)]
pub struct Param {
    pub name: String,
    pub rust_name: String,
    pub location: Location,
    pub required: bool,
    pub kind: ParamKind,
    /// The parameter's `schema` as written (a `$ref` or inline), for the table.
    pub schema: Value,
    pub description: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Body {
    /// Component schema name (inline schemas are hoisted).
    pub schema: String,
    pub required: bool,
    pub media_type: String,
}

#[derive(Debug, Clone)]
pub struct Success {
    pub statuses: Vec<u16>,
    /// Component schema of the body; `None` when no 2xx response has one.
    pub schema: Option<String>,
    /// Some 2xx responses carry the body and others none (e.g. 200 or 204).
    pub optional: bool,
    /// The 2xx statuses without a body.
    pub without_body: Vec<u16>,
    pub media_type: Option<String>,
}

impl ApiModel {
    pub fn from_doc(file: &str, doc: &Value) -> Result<ApiModel, CodegenError> {
        let mut ctx = Ctx { file, doc, hoisted: Vec::new(), seen_ids: BTreeSet::new() };
        let mut operations = Vec::new();
        let paths = doc.get("paths").and_then(Value::as_object);
        for (path, item) in paths.into_iter().flatten() {
            let item_ptr = Ptr::root().at("paths").at(path);
            if item.get("$ref").is_some() {
                return Err(ctx.err(&item_ptr, "path item $ref is not supported"));
            }
            let shared = item.get("parameters").and_then(Value::as_array).cloned().unwrap_or_default();
            for method in METHODS {
                if let Some(op) = item.get(method) {
                    let op_ptr = item_ptr.at(method);
                    operations.push(ctx.operation(path, method, op, &shared, &item_ptr, &op_ptr)?);
                }
            }
        }
        operations.sort_by(|a, b| a.operation_id.cmp(&b.operation_id));
        let info = doc.get("info");
        let text = |k: &str| info.and_then(|i| i.get(k)).and_then(Value::as_str).unwrap_or("").to_string();
        Ok(ApiModel { title: text("title"), version: text("version"), operations, hoisted: ctx.hoisted })
    }
}

struct Ctx<'a> {
    file: &'a str,
    doc: &'a Value,
    hoisted: Vec<(String, Value)>,
    seen_ids: BTreeSet<String>,
}

impl<'a> Ctx<'a> {
    fn err(&self, ptr: &Ptr, msg: impl Into<String>) -> CodegenError {
        CodegenError::new(self.file, ptr.as_str(), msg)
    }

    fn operation(
        &mut self,
        path: &str,
        method: &str,
        op: &'a Value,
        shared: &[Value],
        item_ptr: &Ptr,
        ptr: &Ptr,
    ) -> Result<Operation, CodegenError> {
        let operation_id = op
            .get("operationId")
            .and_then(Value::as_str)
            .ok_or_else(|| self.err(ptr, "operation has no operationId (every operation needs one)"))?
            .to_string();
        if !self.seen_ids.insert(operation_id.clone()) {
            return Err(self.err(&ptr.at("operationId"), format!("duplicate operationId {operation_id:?}")));
        }
        if op.get("callbacks").is_some() {
            return Err(self.err(&ptr.at("callbacks"), "callbacks are not supported"));
        }
        let text = |k: &str| op.get(k).and_then(Value::as_str).map(str::to_string);

        // Parameters: operation-level ones override path-item ones with the same (name, in).
        let mut by_key: BTreeMap<(String, String), (Param, usize)> = BTreeMap::new();
        let own = op.get("parameters").and_then(Value::as_array).cloned().unwrap_or_default();
        let lists = [(shared, item_ptr.at("parameters")), (&own[..], ptr.at("parameters"))];
        let mut order = 0;
        for (list, list_ptr) in lists {
            for (i, raw) in list.iter().enumerate() {
                let (param, _) = self.param(raw, &list_ptr.at(&i.to_string()))?;
                let key = (param.name.clone(), format!("{:?}", param.location));
                let pos = by_key.get(&key).map(|(_, p)| *p).unwrap_or_else(|| {
                    order += 1;
                    order
                });
                by_key.insert(key, (param, pos));
            }
        }
        let mut all: Vec<(Param, usize)> = by_key.into_values().collect();
        all.sort_by_key(|(_, pos)| *pos);
        let all: Vec<Param> = all.into_iter().map(|(p, _)| p).collect();

        // Path parameters in template order; each must be declared.
        let mut path_params = Vec::new();
        for name in template_names(path) {
            let p = all
                .iter()
                .find(|p| p.location == Location::Path && p.name == name)
                .ok_or_else(|| self.err(ptr, format!("path parameter {{{name}}} is not declared")))?;
            path_params.push(p.clone());
        }
        let params: Vec<Param> = all.into_iter().filter(|p| p.location != Location::Path).collect();
        let mut rust_names = BTreeSet::new();
        for p in path_params.iter().chain(&params) {
            if !rust_names.insert(p.rust_name.clone()) {
                return Err(self.err(ptr, format!("two parameters map to the Rust name {:?}", p.rust_name)));
            }
        }

        let body = match op.get("requestBody") {
            None => None,
            Some(rb) => Some(self.body(&operation_id, rb, &ptr.at("requestBody"))?),
        };
        let (success, errors) = self.responses(&operation_id, op, &ptr.at("responses"))?;
        let task_kind = match &success.schema {
            Some(name) => self.task_kind(name),
            None => None,
        };
        let permissions = op.get("x-dr-permissions").map(|v| match v.get("permissions") {
            Some(Value::String(s)) => s.clone(),
            Some(other) => other.to_string(),
            None => v.to_string(),
        });
        Ok(Operation {
            fn_name: names::snake(&operation_id),
            js_name: names::camel(&operation_id),
            operation_id,
            method: method.to_ascii_uppercase(),
            path: path.to_string(),
            summary: text("summary"),
            description: text("description"),
            deprecated: op.get("deprecated").and_then(Value::as_bool).unwrap_or(false),
            path_params,
            params,
            body,
            success,
            errors,
            permissions,
            task_kind,
        })
    }

    fn param(&self, raw: &'a Value, at: &Ptr) -> Result<(Param, Ptr), CodegenError> {
        let (p, ptr) = resolve(self.file, self.doc, raw, at)?;
        let name = p.get("name").and_then(Value::as_str).unwrap_or_default().to_string();
        let location = match p.get("in").and_then(Value::as_str) {
            Some("path") => Location::Path,
            Some("query") => Location::Query,
            Some("header") => Location::Header,
            other => return Err(self.err(&ptr.at("in"), format!("parameters in {other:?} are not supported (path, query, header are)"))),
        };
        if p.get("content").is_some() {
            return Err(self.err(&ptr.at("content"), "parameters with `content` are not supported; use `schema`"));
        }
        // A header's name is an HTTP token (RFC 9110 §5.6.2): fetch refuses anything else, and
        // the runtime hands headers to JS one per line (siterecovery-wasm `fetch::Outgoing`).
        let token = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
        if location == Location::Header && (name.is_empty() || !name.chars().all(token)) {
            return Err(self.err(&ptr.at("name"), format!("header parameter name {name:?} is not an HTTP token")));
        }
        // Parameter names reach JS one per line too (siterecovery-wasm `Session::prepare`).
        if name.contains(['\n', '\r']) {
            return Err(self.err(&ptr.at("name"), format!("parameter name {name:?} holds a line break")));
        }
        let schema = p.get("schema").ok_or_else(|| self.err(&ptr, "parameter has no schema"))?;
        let kind = self.param_kind(schema, &ptr.at("schema"))?;
        Ok((
            Param {
                rust_name: names::snake(&name),
                name,
                location,
                required: location == Location::Path || p.get("required").and_then(Value::as_bool).unwrap_or(false),
                kind,
                schema: schema.clone(),
                description: p.get("description").and_then(Value::as_str).map(str::to_string),
            },
            ptr,
        ))
    }

    fn param_kind(&self, schema: &'a Value, at: &Ptr) -> Result<ParamKind, CodegenError> {
        let (s, ptr) = resolve(self.file, self.doc, schema, at)?;
        let format = s.get("format").and_then(Value::as_str);
        Ok(match s.get("type").and_then(Value::as_str) {
            Some("string") => ParamKind::String,
            Some("integer") if format == Some("int32") => ParamKind::I32,
            Some("integer") => ParamKind::I64,
            Some("number") => ParamKind::F64,
            Some("boolean") => ParamKind::Bool,
            Some("array") => {
                let items = s.get("items").ok_or_else(|| self.err(&ptr, "array parameter without items"))?;
                let inner = self.param_kind(items, &ptr.at("items"))?;
                if matches!(inner, ParamKind::Array(_)) {
                    return Err(self.err(&ptr.at("items"), "nested array parameters are not supported"));
                }
                ParamKind::Array(Box::new(inner))
            }
            other => {
                return Err(self.err(
                    &ptr,
                    format!("parameter schema of type {other:?} is not supported (string, integer, number, boolean or an array of them)"),
                ))
            }
        })
    }

    /// The JSON media type and schema of a `content` map. `*/*` whose schema describes JSON
    /// (anything but a binary string) is JSON too, sent and asked for as `application/json`:
    /// real vendor specs publish JSON bodies that way.
    fn json_content(&self, content: &'a Value, at: &Ptr) -> Result<Option<(String, &'a Value, Ptr)>, CodegenError> {
        let Some(map) = content.as_object() else { return Ok(None) };
        if map.is_empty() {
            return Ok(None);
        }
        let json = map.iter().find(|(m, _)| is_json_media_type(m)).map(|(m, mt)| (m.clone(), m, mt)).or_else(|| {
            let (m, mt) = map.get_key_value("*/*")?;
            self.describes_json(mt.get("schema")).then(|| ("application/json".to_string(), m, mt))
        });
        let Some((media, key, mt)) = json else {
            let found: Vec<&String> = map.keys().collect();
            return Err(self.err(at, format!("no JSON media type among {found:?}; only application/json, application/*+json and */* with a JSON schema are supported")));
        };
        let mptr = at.at(key);
        match mt.get("schema") {
            Some(schema) => Ok(Some((media, schema, mptr.at("schema")))),
            None => Ok(None),
        }
    }

    /// False for a binary string (`type: string, format: binary`), the one schema of a
    /// non-JSON body; a reference that does not resolve is reported where it is used.
    fn describes_json(&self, schema: Option<&'a Value>) -> bool {
        let Some(schema) = schema else { return true };
        match resolve(self.file, self.doc, schema, &Ptr::root()) {
            Ok((s, _)) => {
                !(s.get("type").and_then(Value::as_str) == Some("string") && s.get("format").and_then(Value::as_str) == Some("binary"))
            }
            Err(_) => true,
        }
    }

    /// The component name for a schema, hoisting an inline one under `fallback`.
    fn component(&mut self, schema: &Value, fallback: String, at: &Ptr) -> Result<String, CodegenError> {
        if let Some(name) = schema_ref_name(schema) {
            if self.doc.pointer(&format!("/components/schemas/{}", crate::error::escape_token(name))).is_none() {
                return Err(self.err(at, format!("$ref to unknown schema {name:?}")));
            }
            return Ok(name.to_string());
        }
        if schema.get("$ref").is_some() {
            return Err(self.err(at, "a body schema $ref must point into #/components/schemas"));
        }
        let exists = self.doc.pointer(&format!("/components/schemas/{fallback}")).is_some();
        if exists || self.hoisted.iter().any(|(n, _)| *n == fallback) {
            return Err(self.err(at, format!("inline schema would be named {fallback:?}, which already exists")));
        }
        self.hoisted.push((fallback.clone(), schema.clone()));
        Ok(fallback)
    }

    fn body(&mut self, op_id: &str, raw: &'a Value, at: &Ptr) -> Result<Body, CodegenError> {
        let (rb, ptr) = resolve(self.file, self.doc, raw, at)?;
        let content = rb.get("content").ok_or_else(|| self.err(&ptr, "requestBody without content"))?;
        let (media_type, schema, sptr) =
            self.json_content(content, &ptr.at("content"))?.ok_or_else(|| self.err(&ptr.at("content"), "requestBody has no schema"))?;
        let schema = self.component(schema, names::type_name(&format!("{op_id}_body")), &sptr)?;
        Ok(Body { schema, required: rb.get("required").and_then(Value::as_bool).unwrap_or(false), media_type })
    }

    fn responses(&mut self, op_id: &str, op: &'a Value, at: &Ptr) -> Result<(Success, ErrorResponses), CodegenError> {
        let map = op.get("responses").and_then(Value::as_object).ok_or_else(|| self.err(at, "operation has no responses"))?;
        let mut success = Success { statuses: Vec::new(), schema: None, optional: false, without_body: Vec::new(), media_type: None };
        let mut errors = Vec::new();
        for (code, raw) in map {
            let rptr = at.at(code);
            let (resp, resp_ptr) = resolve(self.file, self.doc, raw, &rptr)?;
            let content = match resp.get("content") {
                Some(c) => self.json_content(c, &resp_ptr.at("content"))?,
                None => None,
            };
            let status: Option<u16> = code.parse().ok();
            match status {
                Some(s) if (200..300).contains(&s) => {
                    success.statuses.push(s);
                    match content {
                        None => success.without_body.push(s),
                        Some((media, schema, sptr)) => {
                            let name = self.component(schema, names::type_name(&format!("{op_id}_response")), &sptr)?;
                            match &success.schema {
                                Some(prev) if *prev != name => {
                                    return Err(self.err(&rptr, format!("2xx responses have different schemas ({prev} and {name}); one success schema per operation is supported")))
                                }
                                _ => {}
                            }
                            success.schema = Some(name);
                            success.media_type = Some(media);
                        }
                    }
                }
                Some(_) | None if code == "default" || status.is_some() => {
                    let schema = content.map(|(_, schema, _)| schema.clone());
                    let schema_name = schema.as_ref().and_then(schema_ref_name).map(str::to_string);
                    errors.push(ErrorResponse { status: code.clone(), schema_name, schema });
                }
                _ => return Err(self.err(&rptr, format!("response code {code:?} is not supported (use a status or `default`)"))),
            }
        }
        if success.statuses.is_empty() {
            return Err(self.err(at, "operation has no 2xx response"));
        }
        success.optional = success.schema.is_some() && !success.without_body.is_empty();
        success.statuses.sort_unstable();
        success.without_body.sort_unstable();
        Ok((success, errors))
    }

    /// `x-siterecovery-task` on a component schema or on any schema it is `allOf`.
    fn task_kind(&self, name: &str) -> Option<String> {
        let ptr = Ptr::root().at("components").at("schemas").at(name);
        match self.doc.pointer(ptr.as_str()) {
            Some(schema) => self.task_marker(schema, &ptr, 0),
            // A hoisted inline schema: look at it directly.
            None => self.hoisted.iter().find(|(n, _)| n == name).and_then(|(_, s)| self.task_marker(s, &ptr, 0)),
        }
    }

    fn task_marker(&self, schema: &Value, at: &Ptr, depth: usize) -> Option<String> {
        if depth > 32 {
            return None;
        }
        let (s, ptr) = resolve(self.file, self.doc, schema, at).ok()?;
        if let Some(kind) = s.get("x-siterecovery-task").and_then(Value::as_str) {
            return Some(kind.to_string());
        }
        s.get("allOf")?
            .as_array()?
            .iter()
            .enumerate()
            .find_map(|(i, member)| self.task_marker(member, &ptr.at("allOf").at(&i.to_string()), depth + 1))
    }
}

/// `{name}` placeholders of a path template, in order.
pub fn template_names(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else { break };
        out.push(rest[start + 1..start + len].to_string());
        rest = &rest[start + len + 1..];
    }
    out
}
