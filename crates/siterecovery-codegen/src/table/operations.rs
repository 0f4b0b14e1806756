//! An operation's entry: parameters, body and responses by status, as indices.
use super::render::opt;
use super::Builder;
use crate::error::CodegenError;
use crate::model::{Location, Operation, Param};
use crate::names;
use crate::spec::Ptr;

impl Builder<'_> {
    pub(super) fn operation(&mut self, op: &Operation) -> Result<String, CodegenError> {
        let ptr = Ptr::root().at("paths").at(&op.path).at(&op.method.to_ascii_lowercase());
        let mut path_params = Vec::new();
        for p in &op.path_params {
            let schema = self.id(&p.schema, &ptr.at("parameters"), 0)?;
            path_params.push(format!("Param::path({:?}, {:?}, {schema})", p.name, names::camel(&p.name)));
        }
        let mut params = Vec::new();
        for p in &op.params {
            params.push(self.param(p, &ptr)?);
        }
        let body = match &op.body {
            None => "None".to_string(),
            Some(b) => {
                let schema = self.component(&b.schema, &ptr.at("requestBody"))?;
                format!("Some(Body {{ schema: {schema}, required: {}, media_type: {:?} }})", b.required, b.media_type)
            }
        };
        let mut responses: Vec<(u16, Option<u16>)> = Vec::new();
        let success = match &op.success.schema {
            Some(name) => Some(self.component(name, &ptr.at("responses"))?),
            None => None,
        };
        for status in &op.success.statuses {
            responses.push((*status, success.filter(|_| !op.success.without_body.contains(status))));
        }
        for e in &op.errors {
            let at = ptr.at("responses").at(&e.status);
            let status = if e.status == "default" { 0 } else { e.status.parse().map_err(|_| self.err(&at, "not a status"))? };
            let schema = match &e.schema {
                Some(s) => Some(self.id(s, &at, 0)?),
                None => None,
            };
            responses.push((status, schema));
        }
        responses.sort();
        let responses: Vec<String> = responses
            .iter()
            .map(|(status, schema)| {
                let status = if *status == 0 { "DEFAULT_STATUS".to_string() } else { status.to_string() };
                match schema {
                    Some(id) => format!("Response::body({status}, {id})"),
                    None => format!("Response::empty({status})"),
                }
            })
            .collect();
        Ok(format!(
            "Operation {{\n                operation_id: {:?}, js_name: {:?}, method: {:?}, path: {:?},\n                permissions: {}, task_kind: {}, deprecated: {},\n                path_params: &[{}],\n                params: &[{}],\n                body: {body}, response_media_type: {},\n                responses: &[{}],\n            }}",
            op.operation_id,
            op.js_name,
            op.method,
            op.path,
            opt(&op.permissions),
            opt(&op.task_kind),
            op.deprecated,
            path_params.join(", "),
            params.join(", "),
            opt(&op.success.media_type),
            responses.join(", "),
        ))
    }

    fn param(&mut self, p: &Param, ptr: &Ptr) -> Result<String, CodegenError> {
        let schema = self.id(&p.schema, &ptr.at("parameters"), 0)?;
        let constructor = match p.location {
            Location::Header => "header",
            _ => "query",
        };
        Ok(format!("Param::{constructor}({:?}, {schema}, {})", p.name, p.required))
    }

    fn component(&self, name: &str, ptr: &Ptr) -> Result<u16, CodegenError> {
        self.components.get(name).copied().ok_or_else(|| self.err(ptr, format!("no component schema {name:?}")))
    }
}
