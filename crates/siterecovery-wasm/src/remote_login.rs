//! The SRM remote login (`createRemoteSession`, alias `loginRemote`): an operation of the
//! table, called like every other (`crate::call`), whose method takes the remote site's
//! credentials after its path argument. They go out as Basic auth on top of the local
//! session, and its 401 answers them: never a re-login. The generated TypeScript follows the
//! same rule (`siterecovery_schema::methods::REMOTE_LOGIN`).
#[allow(unused_imports)]
use crate::prelude::*;

use siterecovery_core::schema::Operation;
use wasm_bindgen::JsValue;

use crate::errors::Failure;
use crate::login::credentials_arg;

pub use siterecovery_core::schema::methods::REMOTE_LOGIN;

/// Whether `op` is the remote login.
pub fn is_remote_login(op: &Operation) -> bool {
    op.operation_id == REMOTE_LOGIN.0
}

/// The `Authorization` header of the remote login, from its `credentials` argument.
pub fn header(credentials: &JsValue) -> Result<(&'static str, String), Failure> {
    Ok(("authorization", credentials_arg(credentials)?.basic()))
}
