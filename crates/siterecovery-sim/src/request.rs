//! A request as a handler sees it: routed to one operation of a spec and checked against it
//! by the front (`front.rs`) before the handler runs.

use std::collections::HashMap;

use axum::http::HeaderMap;
use axum::response::Response;
use serde_json::Value;

use crate::state::{Sim, SiteIdx};

/// Path parameters of a route by their spec names (missing ones read as "").
pub(crate) struct Params(pub HashMap<String, String>);

impl Params {
    pub fn get(&self, name: &str) -> &str {
        self.0.get(name).map(String::as_str).unwrap_or("")
    }
}

/// Query string pairs, already percent-decoded.
pub(crate) type Query = [(String, String)];

/// One checked call of an operation.
pub(crate) struct Call {
    /// The SRM site or appliance addressed (`/srm/{site}/...`, `/vr/{site}/...`).
    pub site: SiteIdx,
    pub params: Params,
    pub headers: HeaderMap,
    pub query: Vec<(String, String)>,
    /// The request path (for the links of list envelopes).
    pub path: String,
    /// The JSON body, valid against the operation's request schema; `None` when empty.
    pub body: Option<Value>,
}

/// What runs an operation, once its call is checked.
pub(crate) type Handler = fn(&mut Sim, &Call) -> Response;
