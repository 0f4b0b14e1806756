//! The one validator: a value against a schema of the table, and an operation's request
//! (path arguments, parameters, body) or response (body by status) against its schemas.
//!
//! It follows what the typed client accepts (serde into the generated types), so that both
//! paths give the same verdict and name the same field; where they differ on purpose, the
//! reason is written at the rule (and `tests/parity.rs` in the root crate lists them).
use alloc::borrow::ToOwned;

use crate::formats;
use crate::invalid::{Failure, Invalid, Place, Reason, Segment};
use crate::json::{Json, JsonKind, Number};
use crate::patterns::Patterns;
use crate::rules::{self, CLOSED_OBJECTS, EXCLUSIVE_BOUNDS, ITEM_COUNTS, LENGTHS, MAP_VALUES, SCALAR_ENUMS};
use crate::table::{Additional, Api, Bound, Kind, Literal, Operation, Schema, SchemaId};

/// Nesting the validator follows before giving up with [`Reason::TooDeep`] (the schemas of
/// real APIs are a handful of levels deep; this bounds the stack against hostile input).
pub const MAX_DEPTH: u32 = 64;

/// Requests are held to the whole spec. Responses are held to what the typed client checks
/// and no more: an unknown property (even where `additionalProperties: false`), a number
/// outside `minimum`/`maximum` or an array outside `minItems`/`maxItems` passes, so that a
/// server that drifts from its spec in a detail does not fail a whole workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// A request about to be sent. `null` on an optional property is "absent", as the typed
    /// client's `Option` fields read it.
    Request,
    Response,
    /// A request as its server receives it ([`validate_received`]): as `Request`, and `null`
    /// is a value like any other, so only a `nullable` schema takes it.
    Received,
}

/// Nothing but white space (Unicode's): what `trim().is_empty()` says, without trimming from
/// both ends (less code in the wasm).
pub fn is_blank(text: &str) -> bool {
    text.chars().all(is_white_space)
}

/// `char::is_whitespace`, never inlined: one copy of Unicode's table for its callers
/// (`is_blank`, which is inlined where it is called, and `request::base_url`).
#[inline(never)]
pub fn is_white_space(c: char) -> bool {
    c.is_whitespace()
}

/// Why a path argument would address another resource than its operation's: blank
/// ([`Reason::Empty`]) or a dot segment, which URL parsers resolve ([`Reason::DotSegment`]).
/// The one rule: the validator, the typed client and resume tokens all ask here.
pub fn path_segment_problem(text: &str) -> Option<Reason> {
    segment_problem(text, is_blank(text))
}

/// [`path_segment_problem`], `blank` told.
fn segment_problem(text: &str, blank: bool) -> Option<Reason> {
    if blank {
        Some(Reason::Empty)
    } else if text == "." || text == ".." {
        Some(Reason::DotSegment)
    } else {
        None
    }
}

/// Check `value` against schema `schema` of `api`.
pub fn validate<V: Json>(api: &Api, schema: SchemaId, value: &V, mode: Mode, patterns: &dyn Patterns) -> Result<(), Invalid> {
    validate_with::<V, { rules::ALL }>(api, schema, value, mode, patterns)
}

/// [`validate`] with only the `RULES` of [`crate::rules`] (see [`validate_request_with`]).
pub fn validate_with<V: Json, const RULES: u32>(
    api: &Api,
    schema: SchemaId,
    value: &V,
    mode: Mode,
    patterns: &dyn Patterns,
) -> Result<(), Invalid> {
    Walker::<RULES> { api, mode, patterns }.check(schema, value, 0).map_err(|f| f.into_invalid(Place::Body))
}

/// Check a call of `op` before it is sent: the path arguments (in template order), the
/// parameters object (query and header parameters by wire name, as the JS API and the typed
/// client's `params` structs take them) and the body. `None` and `null` mean "not given".
pub fn validate_request<V: Json>(
    api: &Api,
    op: &Operation,
    path: &[V],
    params: Option<&V>,
    body: Option<&V>,
    patterns: &dyn Patterns,
) -> Result<(), Invalid> {
    validate_request_with::<V, { rules::ALL }>(api, op, path, params, body, patterns)
}

/// [`validate_request`] with only the `RULES` of [`crate::rules`] (those of the tables it is
/// called with: `rules::used_by`), so that a program links no other.
pub fn validate_request_with<V: Json, const RULES: u32>(
    api: &Api,
    op: &Operation,
    path: &[V],
    params: Option<&V>,
    body: Option<&V>,
    patterns: &dyn Patterns,
) -> Result<(), Invalid> {
    request(Walker::<RULES> { api, mode: Mode::Request, patterns }, op, path, params, body)
}

/// Check a request as its server receives it (the simulator does, in front of every
/// handler): as [`validate_request`], except that `null` on an optional property that is
/// not `nullable` is refused, as the spec says, instead of read as absent.
pub fn validate_received<V: Json>(
    api: &Api,
    op: &Operation,
    path: &[V],
    params: Option<&V>,
    body: Option<&V>,
    patterns: &dyn Patterns,
) -> Result<(), Invalid> {
    request(Walker::<{ rules::ALL }> { api, mode: Mode::Received, patterns }, op, path, params, body)
}

fn request<V: Json, const R: u32>(
    walker: Walker<'_, R>,
    op: &Operation,
    path: &[V],
    params: Option<&V>,
    body: Option<&V>,
) -> Result<(), Invalid> {
    // In the order the typed client checks them, so that both name the same first fault.
    walker.path_args(op, path).map_err(|f| f.into_invalid(Place::Path))?;
    walker.body(op, body).map_err(|f| f.into_invalid(Place::Body))?;
    walker.params(op, params).map_err(|f| f.into_invalid(Place::Params))
}

/// Check a response body (`None`: there was none) against the schema documented for
/// `status` (or `default`). A status without a documented body schema checks nothing.
pub fn validate_response<V: Json>(
    api: &Api,
    op: &Operation,
    status: u16,
    body: Option<&V>,
    patterns: &dyn Patterns,
) -> Result<(), Invalid> {
    validate_response_with::<V, { rules::ALL }>(api, op, status, body, patterns)
}

/// [`validate_response`] with only the `RULES` of [`crate::rules`] (see
/// [`validate_request_with`]).
pub fn validate_response_with<V: Json, const RULES: u32>(
    api: &Api,
    op: &Operation,
    status: u16,
    body: Option<&V>,
    patterns: &dyn Patterns,
) -> Result<(), Invalid> {
    let Some(schema) = op.response(status).and_then(|r| r.schema) else { return Ok(()) };
    match body {
        None => Err(Failure::new(Reason::Missing).into_invalid(Place::Body)),
        Some(body) => validate_with::<V, RULES>(api, schema, body, Mode::Response, patterns),
    }
}

fn given<V: Json>(value: Option<&V>) -> Option<&V> {
    value.filter(|v| v.kind() != JsonKind::Null)
}

/// The walk of one value; it checks the optional rules `R` has (see [`crate::rules`]).
struct Walker<'a, const R: u32> {
    api: &'a Api,
    mode: Mode,
    patterns: &'a dyn Patterns,
}

impl<const R: u32> Walker<'_, R> {
    /// Whether the optional `rule` is checked.
    const fn has(rule: u32) -> bool {
        R & rule != 0
    }

    /// The count first (a missing argument is named), then each argument.
    fn path_args<V: Json>(&self, op: &Operation, path: &[V]) -> Result<(), Failure> {
        if path.len() > op.path_params.len() {
            return Err(Failure::new(Reason::NotAccepted));
        }
        if let Some(missing) = op.path_params.get(path.len()) {
            return Err(Failure::new(Reason::Missing).at(Segment::Name(missing.js_name)));
        }
        for (param, value) in op.path_params.iter().zip(path) {
            let at = || Segment::Name(param.js_name);
            if let Some(problem) = value.as_str().and_then(|text| segment_problem(&text, value.is_blank(&text))) {
                return Err(Failure::new(problem).at(at()));
            }
            self.check(param.schema, value, 0).map_err(|f| f.at(at()))?;
        }
        Ok(())
    }

    fn body<V: Json>(&self, op: &Operation, body: Option<&V>) -> Result<(), Failure> {
        match (&op.body, given(body)) {
            (Some(spec), None) if spec.required => Err(Failure::new(Reason::Missing)),
            (_, None) => Ok(()),
            (None, Some(_)) => Err(Failure::new(Reason::NotAccepted)),
            (Some(spec), Some(value)) => self.check(spec.schema, value, 0),
        }
    }

    /// The parameters object is closed, as the typed client's `params` structs are.
    fn params<V: Json>(&self, op: &Operation, params: Option<&V>) -> Result<(), Failure> {
        let Some(object) = given(params) else {
            return match op.params.iter().find(|p| p.required) {
                Some(p) => Err(Failure::new(Reason::Missing).at(Segment::Name(p.js_name))),
                None => Ok(()),
            };
        };
        if object.kind() != JsonKind::Object {
            return Err(Failure::new(Reason::WrongType(Kind::Object)));
        }
        let mut failure = None;
        object.entries(&mut |key, value| {
            let outcome = match op.params.iter().find(|p| p.name == key) {
                None if op.params.is_empty() => Err(Failure::new(Reason::NotAccepted)),
                None => Err(Failure::new(Reason::UnknownField).at(Segment::Key(key.to_owned()))),
                // `null` is "not given", as for optional properties.
                Some(_) if value.kind() == JsonKind::Null => Ok(()),
                Some(p) => self.check(p.schema, &value, 0).map_err(|f| f.at(Segment::Name(p.js_name))),
            };
            failure = outcome.err();
            failure.is_none()
        });
        if let Some(f) = failure {
            return Err(f);
        }
        match op.params.iter().find(|p| p.required && given(object.get(p.name).as_ref()).is_none()) {
            Some(p) => Err(Failure::new(Reason::Missing).at(Segment::Name(p.js_name))),
            None => Ok(()),
        }
    }

    fn check<V: Json>(&self, id: SchemaId, value: &V, depth: u32) -> Result<(), Failure> {
        if depth > MAX_DEPTH {
            return Err(Failure::new(Reason::TooDeep));
        }
        // An id outside the table would be a generator bug: check nothing rather than panic.
        let Some(schema) = self.api.schema(id) else { return Ok(()) };
        // The schema first: asking a JS value its kind crosses into JS, and most schemas do not
        // take null (a null they do not take fails their own type check below).
        if (schema.nullable || schema.kind == Kind::Any && schema.one_of.is_empty()) && value.kind() == JsonKind::Null {
            return Ok(());
        }
        match schema.kind {
            // Free-form, unless `oneOf` alternatives say more (they are checked below).
            Kind::Any if schema.one_of.is_empty() => self.free_form(value, depth),
            Kind::Any => Ok(()),
            Kind::Boolean => self.boolean(schema, value),
            Kind::Integer | Kind::Number => self.number(schema, value),
            Kind::String => self.string(schema, value),
            Kind::Array => self.array(schema, value, depth),
            Kind::Object => self.object(schema, value, depth),
        }?;
        if schema.one_of.is_empty() || schema.one_of.iter().any(|alt| self.check(*alt, value, depth + 1).is_ok()) {
            Ok(())
        } else {
            Err(Failure::new(Reason::NoAlternative))
        }
    }

    fn boolean<V: Json>(&self, schema: &Schema, value: &V) -> Result<(), Failure> {
        let b = value.as_bool().ok_or_else(|| Failure::new(Reason::WrongType(Kind::Boolean)))?;
        match Self::has(SCALAR_ENUMS) {
            true => in_enum(schema, |lit| *lit == Literal::Bool(b)),
            false => Ok(()),
        }
    }

    fn number<V: Json>(&self, schema: &Schema, value: &V) -> Result<(), Failure> {
        let wrong = || Failure::new(Reason::WrongType(schema.kind));
        let n = value.as_number().ok_or_else(wrong)?;
        if schema.kind == Kind::Integer {
            let int = match n {
                Number::Int(i) => i128::from(i),
                Number::Uint(u) => i128::from(u),
                // serde refuses `1.0` for an integer field too.
                Number::Float(_) => return Err(wrong()),
            };
            let (min, max) = formats::integer_range(schema.format);
            if int < min {
                return Err(Failure::new(Reason::BelowMinimum));
            }
            if int > max {
                return Err(Failure::new(Reason::AboveMaximum));
            }
        }
        let listed = |schema| match Self::has(SCALAR_ENUMS) {
            true => in_enum(schema, |lit| literal_is(lit, n)),
            false => Ok(()),
        };
        if self.mode == Mode::Response {
            return listed(schema);
        }
        let x = n.as_f64();
        if !x.is_finite() {
            return Err(Failure::new(Reason::NotFinite));
        }
        // The typed client only bounds integers by their Rust type; requests are also held to
        // the spec's `minimum`/`maximum` (a listed parity difference).
        match schema.limits.minimum {
            Some(Bound::Inclusive(min)) if x < min => return Err(Failure::new(Reason::BelowMinimum)),
            Some(Bound::Exclusive(min)) if Self::has(EXCLUSIVE_BOUNDS) && x <= min => return Err(Failure::new(Reason::BelowMinimum)),
            _ => {}
        }
        match schema.limits.maximum {
            Some(Bound::Inclusive(max)) if x > max => return Err(Failure::new(Reason::AboveMaximum)),
            Some(Bound::Exclusive(max)) if Self::has(EXCLUSIVE_BOUNDS) && x >= max => return Err(Failure::new(Reason::AboveMaximum)),
            _ => {}
        }
        listed(schema)
    }

    fn string<V: Json>(&self, schema: &Schema, value: &V) -> Result<(), Failure> {
        let format = self.api.string_format(schema.format);
        let constrained = format.is_some()
            || !schema.limits.enumeration.is_empty()
            || Self::has(LENGTHS) && (schema.limits.min_length.is_some() || schema.limits.max_length.is_some())
            || schema.limits.pattern.is_some();
        if !constrained {
            return match value.unicode_text() {
                Some(true) => Ok(()),
                Some(false) => Err(Failure::new(Reason::NotUnicode)),
                None => Err(Failure::new(Reason::WrongType(Kind::String))),
            };
        }
        let text = value.as_str().ok_or_else(|| Failure::new(Reason::WrongType(Kind::String)))?;
        if !value.is_unicode(&text) {
            return Err(Failure::new(Reason::NotUnicode));
        }
        if format.is_some_and(|matches| !matches(&text)) {
            return Err(Failure::new(Reason::Format(schema.format)));
        }
        in_enum(schema, |lit| matches!(lit, Literal::Str(s) if *s == &*text))?;
        if Self::has(LENGTHS) && (schema.limits.min_length.is_some() || schema.limits.max_length.is_some()) {
            // Characters are the bytes that do not continue one (UTF-8): the same count as
            // `chars().count()`, without core's unrolled counter (0.8 KB of wasm).
            let chars = text.bytes().filter(|b| b & 0xC0 != 0x80).count();
            if schema.limits.max_length.is_some_and(|max| chars > max as usize) {
                return Err(Failure::new(Reason::TooLong));
            }
            if schema.limits.min_length.is_some_and(|min| chars < min as usize) {
                return Err(Failure::new(Reason::TooShort));
            }
        }
        match schema.limits.pattern {
            Some(p) if !self.patterns.is_match(p.index, p.source, &text) => Err(Failure::new(Reason::Pattern(p.source))),
            _ => Ok(()),
        }
    }

    fn array<V: Json>(&self, schema: &Schema, value: &V, depth: u32) -> Result<(), Failure> {
        if value.kind() != JsonKind::Array {
            return Err(Failure::new(Reason::WrongType(Kind::Array)));
        }
        let len = value.array_len();
        if Self::has(ITEM_COUNTS) && self.mode != Mode::Response {
            if schema.limits.min_items.is_some_and(|min| len < min as usize) {
                return Err(Failure::new(Reason::TooShort));
            }
            if schema.limits.max_items.is_some_and(|max| len > max as usize) {
                return Err(Failure::new(Reason::TooLong));
            }
        }
        let Some(items) = schema.items else { return Ok(()) };
        for i in 0..len {
            if let Some(item) = value.item(i) {
                self.check(items, &item, depth + 1).map_err(|f| f.at(Segment::Index(i)))?;
            }
        }
        Ok(())
    }

    /// Properties in the value's own order, then the first missing required one: the order
    /// in which serde reports them, so both paths name the same field.
    fn object<V: Json>(&self, schema: &Schema, value: &V, depth: u32) -> Result<(), Failure> {
        if value.kind() != JsonKind::Object {
            return Err(Failure::new(Reason::WrongType(Kind::Object)));
        }
        let mut failure = None;
        let mut required_seen = 0usize;
        value.entries(&mut |key, child| {
            let outcome = match schema.property(key) {
                Some(p) => {
                    required_seen += usize::from(p.required);
                    // `null` on an optional property is "absent", as the typed client's
                    // `Option` fields read it (not to a server: see `Mode::Received`). Asked
                    // only of a value its schema refuses: a JS value's kind is a call into JS.
                    match self.check(p.schema, &child, depth + 1) {
                        Err(_) if !p.required && self.mode != Mode::Received && child.kind() == JsonKind::Null => Ok(()),
                        checked => checked.map_err(|f| f.at(Segment::Name(p.name))),
                    }
                }
                // (A rule the tables do not use has no schema here to match.)
                None => match schema.additional {
                    Additional::Schema(extra) if Self::has(MAP_VALUES) => {
                        self.check(extra, &child, depth + 1).map_err(|f| f.at(Segment::Key(key.to_owned())))
                    }
                    Additional::Closed if Self::has(CLOSED_OBJECTS) && self.mode != Mode::Response => {
                        Err(Failure::new(Reason::UnknownField).at(Segment::Key(key.to_owned())))
                    }
                    Additional::Closed if Self::has(CLOSED_OBJECTS) => Ok(()),
                    _ => self.free_form(&child, depth + 1).map_err(|f| f.at(Segment::Key(key.to_owned()))),
                },
            };
            failure = outcome.err();
            failure.is_none()
        });
        if let Some(f) = failure {
            return Err(f);
        }
        if required_seen < schema.properties.iter().filter(|p| p.required).count() {
            if let Some(p) = schema.properties.iter().find(|p| p.required && value.get(p.name).is_none()) {
                return Err(Failure::new(Reason::Missing).at(Segment::Name(p.name)));
            }
        }
        Ok(())
    }
}

impl<const R: u32> Walker<'_, R> {
    /// A request value that no schema types (an unknown property of an open object, a schema
    /// without a type): anything JSON can carry, so no NaN or ±Infinity anywhere in it — in a
    /// JS value `JSON.stringify` would send `null` for them, not what the caller gave.
    /// Responses come from JSON and need no look.
    fn free_form<V: Json>(&self, value: &V, depth: u32) -> Result<(), Failure> {
        if self.mode == Mode::Response {
            return Ok(());
        }
        if depth > MAX_DEPTH {
            return Err(Failure::new(Reason::TooDeep));
        }
        match value.kind() {
            JsonKind::Number if !value.as_number().is_some_and(|n| n.as_f64().is_finite()) => Err(Failure::new(Reason::NotFinite)),
            JsonKind::Array => {
                for i in 0..value.array_len() {
                    if let Some(item) = value.item(i) {
                        self.free_form(&item, depth + 1).map_err(|f| f.at(Segment::Index(i)))?;
                    }
                }
                Ok(())
            }
            JsonKind::Object => {
                let mut failure = None;
                value.entries(&mut |key, child| {
                    failure = self.free_form(&child, depth + 1).map_err(|f| f.at(Segment::Key(key.to_owned()))).err();
                    failure.is_none()
                });
                failure.map_or(Ok(()), Err)
            }
            _ => Ok(()),
        }
    }
}

fn in_enum(schema: &Schema, matches: impl Fn(&Literal) -> bool) -> Result<(), Failure> {
    if schema.limits.enumeration.is_empty() || schema.limits.enumeration.iter().any(matches) {
        Ok(())
    } else {
        Err(Failure::new(Reason::NotInEnum))
    }
}

fn literal_is(lit: &Literal, n: Number) -> bool {
    match (*lit, n) {
        (Literal::Int(l), Number::Int(i)) => l == i,
        (Literal::Int(l), Number::Uint(u)) => u64::try_from(l).is_ok_and(|l| l == u),
        (Literal::Number(l), n) => l == n.as_f64(),
        _ => false,
    }
}
