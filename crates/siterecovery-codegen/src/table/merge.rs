//! `allOf`: two schemas that must both hold become one, the tighter of each constraint.
use super::{Additional, Builder, Data};
use crate::error::CodegenError;
use crate::spec::Ptr;

impl Builder<'_> {
    /// Both schemas at once (`allOf`): the tighter of each constraint. `at` is where the
    /// second one comes from, for errors.
    pub(super) fn merge(&mut self, a: Data, b: Data, at: &Ptr) -> Result<Data, CodegenError> {
        let kind = match (a.kind, b.kind) {
            ("", k) | (k, "") => k,
            (x, y) if x == y => x,
            ("Integer", "Number") | ("Number", "Integer") => "Integer",
            (x, y) => return Err(self.err(at, format!("allOf members of different types ({x} and {y}) are not supported"))),
        };
        let items = match (a.items, b.items) {
            (Some(x), Some(y)) if x != y => Some(self.merge_ids(x, y, at)?),
            (x, y) => x.or(y),
        };
        let enumeration = match (a.enumeration.is_empty(), b.enumeration.is_empty()) {
            (false, false) => a.enumeration.iter().filter(|v| b.enumeration.contains(v)).cloned().collect(),
            (false, true) => a.enumeration,
            _ => b.enumeration,
        };
        let pattern = match (a.pattern, b.pattern) {
            (Some(x), Some(y)) if x != y => return Err(self.err(at, "allOf members with two different patterns are not supported")),
            (x, y) => x.or(y),
        };
        let mut properties = a.properties;
        for (name, (id, required)) in b.properties {
            let merged = match properties.get(&name) {
                None => (id, required),
                Some(&(old, old_required)) => (self.merge_ids(old, id, at)?, old_required || required),
            };
            properties.insert(name, merged);
        }
        let additional = match (a.additional, b.additional) {
            (Additional::Closed, _) | (_, Additional::Closed) => Additional::Closed,
            (Additional::Schema(x), Additional::Schema(y)) if x != y => Additional::Schema(self.merge_ids(x, y, at)?),
            (Additional::Schema(x), _) | (_, Additional::Schema(x)) => Additional::Schema(x),
            _ => Additional::Allowed,
        };
        let one_of = match (a.one_of.is_empty(), b.one_of.is_empty()) {
            (false, false) if a.one_of != b.one_of => return Err(self.err(at, "allOf members with two different oneOf are not supported")),
            (false, _) => a.one_of,
            _ => b.one_of,
        };
        Ok(Data {
            kind,
            nullable: a.nullable && b.nullable,
            format: a.format.or(b.format),
            enumeration,
            pattern,
            min_length: a.min_length.max(b.min_length),
            max_length: tighter_max(a.max_length, b.max_length),
            minimum: bound(a.minimum, b.minimum, |x, y| x > y),
            maximum: bound(a.maximum, b.maximum, |x, y| x < y),
            items,
            min_items: a.min_items.max(b.min_items),
            max_items: tighter_max(a.max_items, b.max_items),
            properties,
            additional,
            one_of,
        })
    }

    /// One schema for two that must both hold (the same property in two `allOf` members).
    fn merge_ids(&mut self, a: u16, b: u16, at: &Ptr) -> Result<u16, CodegenError> {
        if a == b || self.is_any(b) {
            return Ok(a);
        }
        if self.is_any(a) {
            return Ok(b);
        }
        let data = |id: u16| self.datas.get(usize::from(id)).cloned().flatten();
        let (Some(x), Some(y)) = (data(a), data(b)) else {
            return Err(self.err(at, "allOf members describe one property with two schemas that cannot be merged here (a component that refers back to this one)"));
        };
        let nullable = x.nullable && y.nullable;
        let mut merged = self.merge(x, y, at)?;
        merged.nullable = nullable;
        self.intern(merged, at)
    }
}

fn tighter_max(a: Option<u64>, b: Option<u64>) -> Option<u64> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    }
}

/// The tighter of two bounds (`tighter(x, y)`: x is the stricter value); on equal values an
/// exclusive bound is the stricter.
fn bound(a: Option<(f64, bool)>, b: Option<(f64, bool)>, tighter: impl Fn(f64, f64) -> bool) -> Option<(f64, bool)> {
    match (a, b) {
        (Some(x), Some(y)) if x.0 == y.0 => Some((x.0, x.1 || y.1)),
        (Some(x), Some(y)) => Some(if tighter(x.0, y.0) { x } else { y }),
        (x, y) => x.or(y),
    }
}
