#![cfg(target_arch = "wasm32")]
//! The wasm-bindgen test suite of the npm package: the exported API against the running
//! simulator (`SITERECOVERY_SIM_URL` at compile time, default http://127.0.0.1:18470). One
//! test binary, so each browser starts once. Runs in Node, Chrome and Firefox (the runner
//! is picked by `WASM_BINDGEN_USE_BROWSER` / `--firefox` / `--chrome`).

#[path = "../common/mod.rs"]
mod common;

mod api;
mod bad_input;
mod errors;
mod freed;
mod from_session;
mod panic_guard;
mod patterns;
mod relogin;
mod replication;
mod requests;
mod secrets;
mod srm;
mod strings;
mod timestamps;
mod tokens;
mod views;
mod waiting;
