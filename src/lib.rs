//! Typed client for the VMware Site Recovery Manager REST API and the vSphere Replication
//! appliance ("h4") API.
//!
//! The bindings in [`srm`] and [`replication`] are generated at build time from
//! `openapi/*.yaml` (see `build.rs` and `crates/siterecovery-codegen`). They run over any
//! [`Transport`]: natively in tests (e.g. an in-process simulator) and in the browser
//! (`fetch`, in the `siterecovery-wasm` crate).
//!
//! Each API module also has `API`, the same spec as a schema + operations table (static
//! data) for the one validator of [`schema`]; [`table`] runs it over `serde_json` values.

// No panic on any path reachable from a caller (issue 9): tests may unwrap.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing))]
// Generated code names this crate by its path, `::siterecovery::...`, so that it also
// compiles in other crates (see the codegen fixture tests).
extern crate self as siterecovery;

pub mod call;
mod client;
pub mod decode;
mod error;
pub mod poll;
mod secret;
pub mod session;
pub mod table;
pub mod task;
mod time;
pub mod transport;

pub use client::{ApiClient, JsonCall, OperationMeta, OperationRequest, ResponseValue};
pub use error::{Error, HttpError};
pub use secret::Secret;
/// Standard (Basic auth) and URL-safe (resume tokens) base64: the one copy, in the core crate.
pub use siterecovery_core::base64;
/// The schema + operations tables' types and validator (each API module has its `API`).
pub use siterecovery_schema as schema;
pub use time::EpochMillis;
pub use transport::{Request, Response, Transport, TransportError};

include!(concat!(env!("OUT_DIR"), "/apis.rs"));
