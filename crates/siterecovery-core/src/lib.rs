//! What the native client (`siterecovery`) and the wasm package share besides the schema
//! table: the [`task`] view of both APIs, the [`wait`] loop, [`time`]stamps, [`resume`]
//! tokens, [`request`] URLs and headers, [`base64`], and [`text`] helpers.
//!
//! No dependencies beyond the table's crate, `no_std`, no `format!` and no indexing that
//! could panic: on the wasm path every formatting routine and panic message is bytes.
// No panic on any path reachable from a caller (issue 9): tests may unwrap.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing))]
#![no_std]
extern crate alloc;
#[cfg(test)]
extern crate std;

pub mod base64;
/// The schema table types and validator, as the shared code reads them.
pub use siterecovery_schema as schema;
pub mod request;
pub mod resume;
pub mod task;
pub mod text;
pub mod time;
pub mod wait;
