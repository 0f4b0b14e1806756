//! The schema + operations table of an API as static data ([`Api`], written by
//! `siterecovery-codegen` for every spec), and the one validator that checks a request
//! before it is sent and a response after it arrives ([`validate_request`],
//! [`validate_response`], [`validate`]), or a request as its server receives it
//! ([`validate_received`]).
//!
//! The validator reads values through the [`Json`] trait (natively `serde_json::Value`, in
//! the browser `JsValue`) and delegates `pattern`s to a [`Patterns`] engine (natively the
//! typed client's regex engine, in the browser JS `RegExp`). No dependencies, `no_std`: on
//! the wasm path it formats nothing, slices nothing that could panic, and recurses at most
//! [`MAX_DEPTH`] levels. A program that validates only tables it knows can leave out the
//! rules none of them use ([`rules`]: `validate_request_with` and its siblings).
// No panic on any path reachable from a caller (issue 9): tests may unwrap.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing))]
#![no_std]
extern crate alloc;

pub mod formats;
mod invalid;
mod ip;
mod json;
mod message;
pub mod methods;
mod patterns;
pub mod rules;
pub mod table;
mod validate;
#[cfg(any(test, feature = "serde_json"))]
mod value;

pub use formats::{date_time_fields, integer_range, is_calendar_day, DateTime};
pub use invalid::{Invalid, Place, Reason, Segment};
pub use json::{Json, JsonKind, Number};
pub use patterns::{AnyText, Patterns};
pub use table::{Api, Operation, Schema, SchemaId};
pub use validate::{
    is_blank, is_white_space, path_segment_problem, validate, validate_received, validate_request, validate_request_with,
    validate_response, validate_response_with, validate_with, Mode, MAX_DEPTH,
};

#[cfg(test)]
mod tests;
