//! The validator's rules that a table may not use, as bits: a program that validates only
//! tables it knows passes their union ([`used_by`], a `const fn`: the compiler reads the tables
//! themselves) to `validate_request_with` / `validate_response_with`, and links only the rules
//! those tables use. A rule left out is one that no schema of those tables has, so it could
//! never fail: the verdicts are the same as with [`ALL`].
use crate::table::{Additional, Api, Bound, Literal};

/// `minLength` / `maxLength`.
pub const LENGTHS: u32 = 1;
/// `minItems` / `maxItems`.
pub const ITEM_COUNTS: u32 = 1 << 1;
/// `additionalProperties` with a schema (a map's values).
pub const MAP_VALUES: u32 = 1 << 2;
/// `additionalProperties: false`.
pub const CLOSED_OBJECTS: u32 = 1 << 3;
/// An `enum` with a boolean or number in it.
pub const SCALAR_ENUMS: u32 = 1 << 4;
/// `exclusiveMinimum` / `exclusiveMaximum`.
pub const EXCLUSIVE_BOUNDS: u32 = 1 << 5;
/// Every rule: what the validator checks for a table it does not know.
pub const ALL: u32 = u32::MAX;

/// The rules the schemas of `api` use.
pub const fn used_by(api: &Api) -> u32 {
    let mut rules = 0;
    let mut schemas = api.schemas;
    while let [schema, rest @ ..] = schemas {
        schemas = rest;
        let limits = schema.limits;
        if limits.min_length.is_some() || limits.max_length.is_some() {
            rules |= LENGTHS;
        }
        if limits.min_items.is_some() || limits.max_items.is_some() {
            rules |= ITEM_COUNTS;
        }
        match schema.additional {
            Additional::Schema(_) => rules |= MAP_VALUES,
            Additional::Closed => rules |= CLOSED_OBJECTS,
            Additional::Allowed => {}
        }
        if matches!(limits.minimum, Some(Bound::Exclusive(_))) || matches!(limits.maximum, Some(Bound::Exclusive(_))) {
            rules |= EXCLUSIVE_BOUNDS;
        }
        let mut values = limits.enumeration;
        while let [value, rest @ ..] = values {
            values = rest;
            if !matches!(value, Literal::Str(_) | Literal::Null) {
                rules |= SCALAR_ENUMS;
            }
        }
    }
    rules
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::{Limits, Schema};

    const fn api(schemas: &'static [Schema]) -> Api {
        Api { title: "t", version: "0", schemas, patterns: &[], operations: &[], string_formats: &[] }
    }

    static PLAIN: Api = api(&[
        Schema::STRING,
        Schema::OBJECT,
        Schema { limits: &Limits { enumeration: &[Literal::Str("a"), Literal::Null], ..Limits::NONE }, ..Schema::STRING },
    ]);
    static LENGTH: Api = api(&[Schema::ARRAY, Schema { limits: &Limits { max_length: Some(3), ..Limits::NONE }, ..Schema::STRING }]);
    static ITEMS: Api = api(&[Schema { limits: &Limits { min_items: Some(1), ..Limits::NONE }, ..Schema::ARRAY }]);
    static MAP: Api = api(&[Schema { additional: Additional::Schema(0), ..Schema::OBJECT }]);
    static CLOSED: Api = api(&[Schema { additional: Additional::Closed, ..Schema::OBJECT }]);
    static ENUMS: Api = api(&[Schema { limits: &Limits { enumeration: &[Literal::Int(1)], ..Limits::NONE }, ..Schema::INTEGER }]);
    static BOOLS: Api = api(&[Schema { limits: &Limits { enumeration: &[Literal::Bool(true)], ..Limits::NONE }, ..Schema::BOOLEAN }]);
    static BOUND: Api = api(&[Schema { limits: &Limits { maximum: Some(Bound::Exclusive(1.0)), ..Limits::NONE }, ..Schema::NUMBER }]);
    static INCLUSIVE: Api = api(&[Schema { limits: &Limits { minimum: Some(Bound::Inclusive(0.0)), ..Limits::NONE }, ..Schema::NUMBER }]);

    /// Computed by the compiler, as a program computes its tables' union.
    const MAP_AND_ITEMS: u32 = used_by(&MAP) | used_by(&ITEMS);

    #[test]
    fn each_rule_is_told_by_the_schema_that_uses_it() {
        assert_eq!(used_by(&PLAIN), 0);
        assert_eq!(used_by(&INCLUSIVE), 0);
        assert_eq!(used_by(&LENGTH), LENGTHS);
        assert_eq!(used_by(&ITEMS), ITEM_COUNTS);
        assert_eq!(used_by(&MAP), MAP_VALUES);
        assert_eq!(used_by(&CLOSED), CLOSED_OBJECTS);
        assert_eq!(used_by(&ENUMS), SCALAR_ENUMS);
        assert_eq!(used_by(&BOOLS), SCALAR_ENUMS);
        assert_eq!(used_by(&BOUND), EXCLUSIVE_BOUNDS);
        assert_eq!(MAP_AND_ITEMS, MAP_VALUES | ITEM_COUNTS);
    }
}
