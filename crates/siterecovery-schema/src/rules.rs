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
/// An `enum` with anything but strings in it (a boolean, a number, `null`): a number or a
/// boolean is checked against it.
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
            if !matches!(value, Literal::Str(_)) {
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
        Schema { limits: &Limits { enumeration: &[Literal::Str("a")], ..Limits::NONE }, ..Schema::STRING },
    ]);
    // `null` alone: a number is checked against it too (and is not in it).
    static NULLS: Api =
        api(&[Schema { nullable: true, limits: &Limits { enumeration: &[Literal::Null], ..Limits::NONE }, ..Schema::INTEGER }]);
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
        assert_eq!(used_by(&NULLS), SCALAR_ENUMS);
        assert_eq!(used_by(&BOUND), EXCLUSIVE_BOUNDS);
        assert_eq!(MAP_AND_ITEMS, MAP_VALUES | ITEM_COUNTS);
    }

    /// A table checked with only its own rules gives the verdicts of every rule, on values
    /// that each rule refuses or takes.
    #[test]
    fn a_table_with_its_own_rules_gives_the_same_verdicts() {
        use crate::{validate, validate_with, AnyText, Mode};
        use serde_json::{json, Value};
        fn same<const R: u32>(api: &Api, values: &[Value]) {
            for id in 0..api.schemas.len() as u16 {
                for value in values {
                    for mode in [Mode::Request, Mode::Response] {
                        let all = validate(api, id, &value, mode, &AnyText);
                        assert_eq!(validate_with::<_, R>(api, id, &value, mode, &AnyText), all, "{id} {value} {mode:?}");
                    }
                }
            }
        }
        let values =
            [json!(null), json!(1), json!(5), json!(0.5), json!(true), json!("a"), json!("abcd"), json!([]), json!([1]), json!({"k": 1})];
        same::<{ used_by(&PLAIN) }>(&PLAIN, &values);
        same::<{ used_by(&NULLS) }>(&NULLS, &values);
        same::<{ used_by(&LENGTH) }>(&LENGTH, &values);
        same::<{ used_by(&ITEMS) }>(&ITEMS, &values);
        same::<{ used_by(&MAP) }>(&MAP, &values);
        same::<{ used_by(&CLOSED) }>(&CLOSED, &values);
        same::<{ used_by(&ENUMS) }>(&ENUMS, &values);
        same::<{ used_by(&BOOLS) }>(&BOOLS, &values);
        same::<{ used_by(&BOUND) }>(&BOUND, &values);
        // And with no rule at all, a table that uses one gives another verdict: the test can fail.
        assert_ne!(
            validate_with::<_, 0>(&NULLS, 0, &&json!(5), Mode::Request, &AnyText),
            validate(&NULLS, 0, &&json!(5), Mode::Request, &AnyText)
        );
    }
}
