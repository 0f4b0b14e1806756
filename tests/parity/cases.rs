//! Cases generated from the table (proptest): a valid instance of a request body, of a
//! response body, or of a whole call (path arguments, parameters, body), then at most one
//! mutation at a random place in it — a required field removed, a wrong type, `null`, an
//! out-of-enum string, a pattern- or format-breaking string, an out-of-range number, a
//! string of the wrong length, an unknown field, the value nested one level deeper, a blank
//! path argument.
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::strategy::{BoxedStrategy, Union};
use serde_json::Value;
use siterecovery::schema::table::{Additional, Property, Schema, SchemaId};
use siterecovery::schema::{Api, Mode};
use siterecovery::JsonCall;

use crate::mutate::{mutate, MUTATIONS};
use crate::valid::valid;

/// What a case checks.
#[derive(Debug, Clone, Copy)]
pub enum Target {
    /// A body against a schema of the table.
    Schema { id: SchemaId, mode: Mode },
    /// A call of operation number `op`: `{"path": {..}, "params": {..}, "body": ..}`.
    Call { op: usize },
}

#[derive(Debug, Clone)]
pub struct Case {
    pub target: usize,
    pub value: Value,
    pub mutation: Option<&'static str>,
}

pub struct Generator {
    /// The table plus, per operation, object schemas that describe a call of it (only used
    /// to generate and mutate calls; the validator sees the real table).
    ext: &'static Api,
    pub targets: Vec<Target>,
    roots: Vec<SchemaId>,
}

fn leak<T>(items: Vec<T>) -> &'static [T] {
    Box::leak(items.into_boxed_slice())
}

fn object(properties: Vec<Property>) -> Schema {
    let mut properties = properties;
    properties.sort_by(|a, b| a.name.cmp(b.name));
    Schema { properties: leak(properties), additional: Additional::Closed, ..Schema::OBJECT }
}

impl Generator {
    pub fn new(api: &'static Api) -> Generator {
        let mut schemas = api.schemas.to_vec();
        let mut targets = Vec::new();
        let mut roots = Vec::new();
        let push = |schemas: &mut Vec<Schema>, s: Schema| {
            schemas.push(s);
            (schemas.len() - 1) as SchemaId
        };
        for (i, op) in api.operations.iter().enumerate() {
            let path = push(&mut schemas, object(op.path_params.iter().map(|p| Property::req(p.name, p.schema)).collect()));
            let params = object(op.params.iter().map(|p| Property { name: p.name, schema: p.schema, required: p.required }).collect());
            let params = push(&mut schemas, params);
            let mut call = vec![Property::req("path", path)];
            if !op.params.is_empty() {
                call.push(Property::opt("params", params));
            }
            if let Some(body) = &op.body {
                call.push(Property { name: "body", schema: body.schema, required: body.required });
            }
            roots.push(push(&mut schemas, object(call)));
            targets.push(Target::Call { op: i });
        }
        let mut seen = Vec::new();
        for op in api.operations {
            let bodies = op.body.iter().map(|b| (b.schema, Mode::Request));
            let responses = op.responses.iter().filter_map(|r| r.schema).map(|id| (id, Mode::Response));
            for (id, mode) in bodies.chain(responses) {
                if !seen.contains(&(id, mode)) {
                    seen.push((id, mode));
                    targets.push(Target::Schema { id, mode });
                    roots.push(id);
                }
            }
        }
        let ext = Box::leak(Box::new(Api { schemas: leak(schemas), ..*api }));
        Generator { ext, targets, roots }
    }

    /// A target, a valid instance of it, and maybe one mutation.
    pub fn strategy(&'static self) -> impl Strategy<Value = Case> {
        let per_target: Vec<BoxedStrategy<(usize, Value)>> =
            self.roots.iter().enumerate().map(|(t, root)| valid(self.ext, *root, 0).prop_map(move |v| (t, v)).boxed()).collect();
        // One case in four stays valid.
        let mutation = prop_oneof![1 => Just(None), 3 => (any::<Index>(), 0..MUTATIONS.len(), any::<Index>()).prop_map(Some)];
        (Union::new(per_target), mutation).prop_map(move |((target, mut value), mutation)| {
            let call = matches!(self.targets[target], Target::Call { .. });
            let mutation = mutation.and_then(|(site, kind, pick)| mutate(self.ext, self.roots[target], call, &mut value, site, kind, pick));
            Case { target, value, mutation }
        })
    }

    /// A generated call as the JSON arguments the client takes (path arguments in template
    /// order, an unknown path key becoming one argument too many).
    pub fn to_call(&self, op: &siterecovery::schema::Operation, value: &Value) -> JsonCall {
        let path_object = value.get("path").and_then(Value::as_object).cloned().unwrap_or_default();
        let mut path: Vec<String> =
            op.path_params.iter().filter_map(|p| path_object.get(p.name).and_then(Value::as_str).map(str::to_string)).collect();
        path.extend(path_object.keys().filter(|k| !op.path_params.iter().any(|p| p.name == k.as_str())).map(|_| "extra".to_string()));
        JsonCall { path, params: value.get("params").cloned(), body: value.get("body").cloned() }
    }
}
