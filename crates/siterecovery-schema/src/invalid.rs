//! The one error of the validator: where (the field as a JS user writes it) and why.
//! Nothing here formats: [`Invalid::field`] builds the path by hand and [`Reason::text`] is
//! a static string, so the wasm never links `core::fmt` for them (the `Display` impls live
//! in `message.rs`, for native callers).
use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;
use core::num::NonZeroUsize;

use crate::table::{Format, Kind};

/// Which argument of a request (or the response body) the path starts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// The request or response body.
    Body,
    /// The query/header parameters object.
    Params,
    /// The positional path arguments.
    Path,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// A name from the table (property, parameter).
    Name(&'static str),
    /// A key from the value (an unknown property, a map entry).
    Key(String),
    Index(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// A required property, parameter, body or path argument is absent.
    Missing,
    WrongType(Kind),
    NotInEnum,
    /// The string does not match the schema's `pattern`.
    Pattern(&'static str),
    /// The string is not a valid `format` (uuid, date-time, ...).
    Format(Format),
    BelowMinimum,
    AboveMaximum,
    /// Shorter than `minLength` / fewer items than `minItems`.
    TooShort,
    TooLong,
    /// No `oneOf` alternative matched.
    NoAlternative,
    /// A property the schema closes out (`additionalProperties: false`), or a parameter the
    /// operation does not have.
    UnknownField,
    /// A body, parameters or path arguments given to an operation that takes none.
    NotAccepted,
    /// An empty (or blank) path argument: it would address another resource.
    Empty,
    /// A path argument `.` or `..`: URL parsers resolve it, and the request would address
    /// another resource (`/pairings/..` is the API root).
    DotSegment,
    /// Nested deeper than the validator follows.
    TooDeep,
    /// NaN or ±Infinity in a request: JSON has no such number (`JSON.stringify` would send
    /// `null`). Only a JS value can hold one.
    NotFinite,
    /// A JS string with a lone UTF-16 surrogate where the request needs text (see
    /// [`crate::Json::is_unicode`]).
    NotUnicode,
}

impl Reason {
    /// A short English explanation (static: no formatting needed).
    pub fn text(&self) -> &'static str {
        match self {
            Reason::Missing => "is required",
            Reason::WrongType(Kind::Boolean) => "must be a boolean",
            Reason::WrongType(Kind::Integer) => "must be an integer",
            Reason::WrongType(Kind::Number) => "must be a number",
            Reason::WrongType(Kind::String) => "must be a string",
            Reason::WrongType(Kind::Array) => "must be an array",
            Reason::WrongType(Kind::Object) => "must be an object",
            Reason::WrongType(Kind::Any) => "has the wrong type",
            Reason::NotInEnum => "is not one of the allowed values",
            Reason::Pattern(_) => "does not match the required pattern",
            Reason::Format(Format::Uuid) => "must be a UUID",
            Reason::Format(Format::Date) => "must be a date (YYYY-MM-DD)",
            Reason::Format(Format::DateTime) => "must be an RFC 3339 date-time",
            Reason::Format(Format::Ip | Format::Ipv4 | Format::Ipv6) => "must be an IP address",
            Reason::Format(_) => "has the wrong format",
            Reason::BelowMinimum => "is below the minimum",
            Reason::AboveMaximum => "is above the maximum",
            Reason::TooShort => "is too short",
            Reason::TooLong => "is too long",
            Reason::NoAlternative => "matches none of the allowed shapes",
            Reason::UnknownField => "is not a known field",
            Reason::NotAccepted => "is not accepted by this operation",
            Reason::Empty => "must not be empty",
            Reason::DotSegment => "must not be . or .. (it would address another resource)",
            Reason::TooDeep => "is nested too deeply",
            Reason::NotFinite => "must be a finite number (JSON has no NaN, Infinity or BigInt)",
            Reason::NotUnicode => "must be Unicode text (it holds a lone UTF-16 surrogate)",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub place: Place,
    /// Outermost first. Empty when the whole argument is at fault.
    pub path: Vec<Segment>,
    pub reason: Reason,
}

impl Invalid {
    /// The field as a JS user writes it: `pair_psc_info.port`, `list[0].id`, `pairingId`,
    /// `limit`; the argument itself (`body`, `params`, `path`) when the path is empty.
    pub fn field(&self) -> String {
        let mut out = String::new();
        for segment in &self.path {
            match segment {
                Segment::Name(name) => push_name(&mut out, name),
                Segment::Key(key) => push_name(&mut out, key),
                Segment::Index(i) => {
                    out.push('[');
                    push_decimal(&mut out, *i);
                    out.push(']');
                }
            }
        }
        if out.is_empty() {
            out.push_str(match self.place {
                Place::Body => "body",
                Place::Params => "params",
                Place::Path => "path",
            });
        }
        out
    }
}

fn push_name(out: &mut String, name: &str) {
    if !out.is_empty() {
        out.push('.');
    }
    out.push_str(name);
}

/// `n` in decimal, without `core::fmt` and without a panic path (a `NonZero` divisor).
fn push_decimal(out: &mut String, n: usize) {
    const TEN: NonZeroUsize = NonZeroUsize::new(10).unwrap();
    let mut div = NonZeroUsize::MIN;
    while n / div >= 10 {
        match div.checked_mul(TEN) {
            Some(next) => div = next,
            None => break,
        }
    }
    loop {
        out.push(char::from(b'0' + (n / div % 10) as u8));
        match NonZeroUsize::new(div.get() / 10) {
            Some(next) => div = next,
            None => break,
        }
    }
}

/// An error on its way out of the validator: segments are pushed innermost first while the
/// recursion unwinds (nothing is allocated unless a value is invalid).
/// Boxed, so that the `Result` every check returns up the recursion is a pointer wide (0.5 KB
/// gzip less wasm than the fields inline).
#[derive(Debug)]
pub(crate) struct Failure(Box<Trail>);

#[derive(Debug)]
pub(crate) struct Trail {
    path: Vec<Segment>,
    reason: Reason,
}

impl Failure {
    pub fn new(reason: Reason) -> Failure {
        Failure(Box::new(Trail { path: Vec::new(), reason }))
    }

    pub fn at(mut self, segment: Segment) -> Failure {
        self.0.path.push(segment);
        self
    }

    pub fn into_invalid(self, place: Place) -> Invalid {
        let Trail { path: mut inner, reason } = *self.0;
        // Popped into a new list: not `reverse()`, whose index arithmetic keeps a bounds-check
        // panic in the wasm, nor an iterator adapter's code.
        let mut path = Vec::with_capacity(inner.len());
        while let Some(segment) = inner.pop() {
            path.push(segment);
        }
        Invalid { place, path, reason }
    }
}
