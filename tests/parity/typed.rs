//! The typed serde path, run the way the client runs it: `JsonCall` (src/client.rs) decodes
//! request bodies and parameters into the generated types through serde_path_to_error and
//! names the field; response bodies decode the same way with the same field naming
//! (src/decode.rs). Nothing here re-implements serde's verdict.
use serde::de::DeserializeOwned;
use serde_json::Value;
use siterecovery::schema::table::Operation;
use siterecovery::schema::{Api, Place};
use siterecovery::{Error, JsonCall, OperationMeta};
use siterecovery_codegen::type_name;

/// Where the typed path stopped: the argument, the field it named and serde's message.
#[derive(Debug, Clone, PartialEq)]
pub struct Fault {
    pub place: Place,
    pub field: String,
    pub message: String,
}

pub type Verdict = Result<(), Fault>;

/// The decoders of one generated type.
#[derive(Clone, Copy)]
pub struct Typed {
    value: fn(&Value) -> Result<(), Error>,
    body: fn(&JsonCall, &OperationMeta) -> Result<(), Error>,
    optional_body: fn(&JsonCall) -> Result<(), Error>,
    params: fn(&JsonCall) -> Result<(), Error>,
}

fn typed<T: DeserializeOwned>() -> Typed {
    Typed {
        value: |v| match v {
            // `optional_body` reads `null` as "no body"; a body of `null` is decoded as such.
            Value::Null => serde_json::from_value::<T>(Value::Null).map(drop).map_err(|e| Error::validation("body", e.to_string())),
            _ => JsonCall { body: Some(v.clone()), ..JsonCall::default() }.optional_body::<T>().map(drop),
        },
        body: |call, meta| call.body::<T>(meta).map(drop),
        optional_body: |call| call.optional_body::<T>().map(drop),
        params: |call| call.params::<T>().map(drop),
    }
}

fn fault(place: Place, error: Error) -> Fault {
    match error {
        Error::Validation { field, message } => Fault { place, field, message },
        other => panic!("the typed path failed with something else than a validation error: {other:?}"),
    }
}

/// The typed client's struct for an operation's query and header parameters, when it has any
/// (`createPairing` -> `CreatePairingParams`, as the generator names it).
pub fn params_type(op: &Operation) -> Option<String> {
    (!op.params.is_empty()).then(|| type_name(&format!("{}_params", op.operation_id)))
}

macro_rules! registry {
    ($($api:literal => $module:ident { types: [$($ty:ident),* $(,)?], params: [$($pt:ident),* $(,)?] $(,)? })*) => {
        /// The typed decoders of a type of `api`, by Rust name (`types::` or `params::`).
        pub fn decoders(api: &str, rust_name: &str) -> Option<Typed> {
            $(
                $(if api == $api && rust_name == stringify!($ty) { return Some(typed::<siterecovery::$module::types::$ty>()); })*
                $(if api == $api && rust_name == stringify!($pt) { return Some(typed::<siterecovery::$module::params::$pt>()); })*
            )*
            None
        }
    };
}

// Every request and response type of the two clients; `every_schema_the_client_uses_has_a_
// typed_decoder` fails when a spec change adds one that is not listed here.
registry! {
    "srm" => srm {
        types: [
            CleanupTestPlanSpec, PairingDrResponseEntity, PairingDrResponseList, PairingSpec, RecoverPlanSpec,
            RecoveryPlanInfoDrResponseEntity, RecoveryPlanInfoDrResponseList, ReprotectPlanSpec, ResponseError,
            SessionIdData, SessionInfo, Task, TaskDrResponseEntity, TaskDrResponseList, TestPlanSpec,
        ],
        params: [GetAllRecoveryPlansParams, GetPairingsParams, GetRecentTasksInfoParams],
    }
    "replication" => replication {
        types: [ApiError, ApiTaskOfManagerPeerInfo, GetSitesResponse, LocalUserLoginRequest, SessionInfo, UpdateSiteRequest],
        params: [GetSitesParams, GetTaskParams, LoginParams, LogoutParams, PairSiteParams],
    }
}

/// A value decoded into the type of component `schema`.
pub fn value(api: &str, schema: &str, v: &Value) -> Verdict {
    let typed = decoders(api, &type_name(schema)).unwrap_or_else(|| panic!("no typed decoder for {api} {schema}"));
    (typed.value)(v).map_err(|e| fault(Place::Body, e))
}

/// A call checked as the generated `dispatch` checks it before sending: path arguments,
/// then the body, then the parameters. Path arguments are named by their wire name there;
/// the fault names them as JS does (camelCase), like the table.
pub fn call(api: &str, table: &Api, op: &Operation, meta: &OperationMeta, call: &JsonCall) -> Verdict {
    let path = match op.path_params.len() {
        0 => call.path_args::<0>(meta).map(drop),
        1 => call.path_args::<1>(meta).map(drop),
        2 => call.path_args::<2>(meta).map(drop),
        3 => call.path_args::<3>(meta).map(drop),
        n => panic!("{} has {n} path parameters", op.operation_id),
    };
    path.map_err(|e| {
        let mut f = fault(Place::Path, e);
        if let Some(p) = op.path_params.iter().find(|p| p.name == f.field) {
            f.field = p.js_name.to_string();
        }
        f
    })?;
    match &op.body {
        None => call.no_body(meta),
        Some(body) => {
            let name = table.schema(body.schema).map_or("", |s| s.name);
            let typed = decoders(api, &type_name(name)).unwrap_or_else(|| panic!("no typed decoder for {api} {name}"));
            if body.required {
                (typed.body)(call, meta)
            } else {
                (typed.optional_body)(call)
            }
        }
    }
    .map_err(|e| fault(Place::Body, e))?;
    match params_type(op) {
        None => call.no_params(meta),
        Some(t) => (decoders(api, &t).expect("typed params decoder").params)(call),
    }
    .map_err(|e| fault(Place::Params, e))
}
