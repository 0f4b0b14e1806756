//! One mutation of a valid value, at a place where it applies: the places are collected by
//! walking the value with its schema, then a kind is applied (see [`MUTATIONS`]).
use proptest::sample::Index;
use serde_json::{json, Value};
use siterecovery::schema::table::{Additional, Bound, Format, Kind, Literal, Schema, SchemaId};
use siterecovery::schema::{Api, Patterns};
use siterecovery::table::RegexPatterns;

pub const MUTATIONS: [&str; 11] = [
    "a required field removed",
    "a wrong type",
    "null",
    "an out-of-enum string",
    "a pattern-breaking string",
    "a format-breaking string",
    "an out-of-range number",
    "a string of the wrong length",
    "an unknown field",
    "nested one level deeper",
    "a blank or dot path argument",
];

/// Apply one mutation to `value` (a valid instance of schema `root`; `call`: a generated
/// call object): a kind among those that apply somewhere in it (`kind` picks), then a place
/// (`site` picks), so that every kind gets its share. `None` when nothing applies.
pub fn mutate(api: &Api, root: SchemaId, call: bool, value: &mut Value, site: Index, kind: usize, pick: Index) -> Option<&'static str> {
    let mut sites = Vec::new();
    collect(api, root, value, &mut Vec::new(), None, Role::of_root(call), &mut sites);
    let mut by_kind: Vec<(usize, Vec<Placed>)> = (0..MUTATIONS.len())
        .map(|k| {
            let actions =
                sites.iter().filter_map(|s| Some((s.at.clone(), action(api, s, pointer(value, &s.at)?, k, &pick)?))).collect::<Vec<_>>();
            (k, actions)
        })
        .filter(|(_, actions)| !actions.is_empty())
        .collect();
    if by_kind.is_empty() {
        return None;
    }
    let (k, mut actions) = by_kind.swap_remove(kind % by_kind.len());
    let (at, action) = actions.swap_remove(site.index(actions.len()));
    apply(value, &at, action);
    Some(MUTATIONS[k])
}

/// What a place in a call may become: path arguments stay strings (the JS API takes them
/// as strings), and the call object and its `path` object are structure, not values.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Role {
    Value,
    CallRoot,
    PathObject,
    PathArg,
}

impl Role {
    fn of_root(call: bool) -> Role {
        if call {
            Role::CallRoot
        } else {
            Role::Value
        }
    }
}

#[derive(Debug)]
struct Site {
    at: Vec<Step>,
    schema: SchemaId,
    /// `Some(required)` for an object property.
    required: Option<bool>,
    role: Role,
}

#[derive(Debug, Clone)]
enum Step {
    Key(String),
    Index(usize),
}

fn collect(api: &Api, id: SchemaId, value: &Value, at: &mut Vec<Step>, required: Option<bool>, role: Role, out: &mut Vec<Site>) {
    let Some(schema) = api.schema(id) else { return };
    out.push(Site { at: at.clone(), schema: id, required, role });
    if !schema.one_of.is_empty() {
        return; // which alternative a value took is not known here
    }
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let (child_id, required) = match schema.property(key) {
                    Some(p) => (p.schema, Some(p.required)),
                    None => match schema.additional {
                        Additional::Schema(extra) => (extra, Some(false)),
                        _ => continue,
                    },
                };
                let role = match (role, key.as_str()) {
                    (Role::CallRoot, "path") => Role::PathObject,
                    (Role::PathObject, _) => Role::PathArg,
                    _ => Role::Value,
                };
                at.push(Step::Key(key.clone()));
                collect(api, child_id, child, at, required, role, out);
                at.pop();
            }
        }
        Value::Array(items) => {
            if let Some(item_id) = schema.items {
                for (i, item) in items.iter().enumerate() {
                    at.push(Step::Index(i));
                    collect(api, item_id, item, at, None, Role::Value, out);
                    at.pop();
                }
            }
        }
        _ => {}
    }
}

fn pointer<'a>(value: &'a Value, at: &[Step]) -> Option<&'a Value> {
    at.iter().try_fold(value, |v, step| match step {
        Step::Key(k) => v.get(k),
        Step::Index(i) => v.get(i),
    })
}

/// A mutation and where it goes.
type Placed = (Vec<Step>, Action);

enum Action {
    Remove,
    Replace(Value),
    Insert(&'static str, Value),
}

fn apply(value: &mut Value, at: &[Step], action: Action) {
    let Some((last, parent_at)) = at.split_last() else {
        match action {
            Action::Replace(v) => *value = v,
            Action::Insert(key, v) => {
                value.as_object_mut().map(|m| m.insert(key.to_string(), v));
            }
            Action::Remove => {}
        }
        return;
    };
    let mut parent = value;
    for step in parent_at {
        parent = match step {
            Step::Key(k) => &mut parent[k.as_str()],
            Step::Index(i) => &mut parent[*i],
        };
    }
    match (action, last) {
        (Action::Remove, Step::Key(k)) => {
            parent.as_object_mut().map(|m| m.remove(k));
        }
        (Action::Replace(v), Step::Key(k)) => parent[k.as_str()] = v,
        (Action::Replace(v), Step::Index(i)) => parent[*i] = v,
        (Action::Insert(key, v), Step::Key(k)) => {
            parent[k.as_str()].as_object_mut().map(|m| m.insert(key.to_string(), v));
        }
        (Action::Insert(key, v), Step::Index(i)) => {
            parent[*i].as_object_mut().map(|m| m.insert(key.to_string(), v));
        }
        (Action::Remove, Step::Index(_)) => {}
    }
}

/// Mutation `kind` at `site`, if it applies there.
fn action(api: &Api, site: &Site, current: &Value, kind: usize, pick: &Index) -> Option<Action> {
    let schema = api.schema(site.schema)?;
    let structure = matches!(site.role, Role::CallRoot | Role::PathObject);
    let value_may_change_type = site.role == Role::Value;
    match kind {
        0 => (site.required == Some(true) && !structure).then_some(Action::Remove),
        1 if value_may_change_type => wrong_type(schema, pick).map(Action::Replace),
        2 if value_may_change_type => Some(Action::Replace(Value::Null)),
        3 if !structure => {
            let in_enum = schema.limits.enumeration.iter().any(|l| matches!(l, Literal::Str(_)));
            in_enum.then(|| Action::Replace(json!("NOT_IN_ENUM")))
        }
        4 if !structure => {
            let p = schema.limits.pattern?;
            let patterns = RegexPatterns::new();
            ["", "x", "no match \u{2717}", "SHA-1:00"]
                .into_iter()
                .find(|s| !patterns.is_match(p.index, p.source, s))
                .map(|s| Action::Replace(json!(s)))
        }
        5 if !structure => match schema.format {
            Format::Uuid => Some(Action::Replace(json!("not-a-uuid"))),
            Format::DateTime => Some(Action::Replace(json!("2024-13-45T99:00:00Z"))),
            Format::Date => Some(Action::Replace(json!("2024-02-30"))),
            Format::Ip | Format::Ipv4 | Format::Ipv6 => Some(Action::Replace(json!("999.1.1.1"))),
            _ => None,
        },
        6 if value_may_change_type => out_of_range(schema, pick).map(Action::Replace),
        7 if !structure => match (schema.kind, schema.limits.min_length, schema.limits.max_length) {
            (Kind::String, Some(min), _) if min > 0 && (schema.limits.max_length.is_none() || pick.index(2) == 0) => {
                Some(Action::Replace(json!("a".repeat(min as usize - 1))))
            }
            (Kind::String, _, Some(max)) => Some(Action::Replace(json!("a".repeat(max as usize + 1)))),
            _ => None,
        },
        8 if current.is_object() && site.role != Role::CallRoot => Some(Action::Insert("zz_unknown", json!(1))),
        9 if value_may_change_type => Some(Action::Replace(if current.is_array() { json!({ "v": current }) } else { json!([current]) })),
        // `.` and `..` would address another resource (URL parsers resolve them).
        10 if site.role == Role::PathArg => Some(Action::Replace(json!([" ", ".", ".."][pick.index(3)]))),
        _ => None,
    }
}

fn wrong_type(schema: &Schema, pick: &Index) -> Option<Value> {
    if schema.kind == Kind::Any && schema.one_of.is_empty() {
        return None; // anything goes
    }
    let candidates = [json!(true), json!({"zz": 1}), json!([1]), json!("x"), json!(7), json!(1.5)];
    let fits = |v: &Value| match schema.kind {
        Kind::Any => false,
        Kind::Boolean => v.is_boolean(),
        Kind::Integer => v.is_i64(),
        Kind::Number => v.is_number(),
        Kind::String => v.is_string(),
        Kind::Array => v.is_array(),
        Kind::Object => v.is_object(),
    };
    let start = pick.index(candidates.len());
    (0..candidates.len()).map(|i| &candidates[(start + i) % candidates.len()]).find(|v| !fits(v)).cloned()
}

fn out_of_range(schema: &Schema, pick: &Index) -> Option<Value> {
    let above = match schema.limits.maximum {
        Some(Bound::Inclusive(m)) => Some(m + 1.0),
        Some(Bound::Exclusive(m)) => Some(m),
        None if schema.kind == Kind::Integer && schema.format == Format::Int32 => Some(f64::from(i32::MAX) + 1.0),
        None => None,
    };
    let below = match schema.limits.minimum {
        Some(Bound::Inclusive(m)) => Some(m - 1.0),
        Some(Bound::Exclusive(m)) => Some(m),
        None if schema.kind == Kind::Integer && schema.format == Format::Int32 => Some(f64::from(i32::MIN) - 1.0),
        None => None,
    };
    let x = match (above, below) {
        (Some(a), Some(b)) => {
            if pick.index(2) == 0 {
                a
            } else {
                b
            }
        }
        (a, b) => a.or(b)?,
    };
    Some(if schema.kind == Kind::Integer { json!(x as i64) } else { json!(x) })
}
