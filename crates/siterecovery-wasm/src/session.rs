//! One logged-in client of either API: sends operations through the generated table
//! (checked before sending, answers checked after; `siterecovery::call`),
//! logs in again once on 401 through the caller's `credentials` callback, and tags every h4
//! call with an `operationID` for log correlation.
use std::cell::Cell;

use serde_json::Value;
use siterecovery::session::{self, Credentials};
use siterecovery::task::TaskApi;
use siterecovery::schema::table::Param;
use siterecovery::schema::{Api, Operation};
use siterecovery::table::RegexPatterns;
use siterecovery::{replication, srm, ApiClient, Error, JsonCall, ResponseValue};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::convert::{get, CallOptions};
use crate::fetch::FetchTransport;

pub struct Session {
    pub api: TaskApi,
    pub client: ApiClient<FetchTransport>,
    credentials: Option<js_sys::Function>,
    /// Bumped at each (re)login, so concurrent 401s log in again only once.
    generation: Cell<u64>,
    /// The spec's `pattern`s, compiled by the JS engine's RegExp once each.
    patterns: RegexPatterns,
}

/// A fresh `operationID` (h4 log correlation): random, no secret.
pub fn new_operation_id() -> String {
    let r = || (js_sys::Math::random() * 4_294_967_296.0) as u32;
    format!("sr-{:08x}{:08x}", r(), r())
}

/// The generated schema + operations table of an API.
pub fn table(api: TaskApi) -> &'static Api {
    match api {
        TaskApi::Srm => &srm::API,
        TaskApi::H4 => &replication::API,
    }
}

pub fn meta(api: TaskApi, operation_id: &str) -> Option<&'static Operation> {
    table(api).operation(operation_id)
}

/// The h4 `operationID` header (log correlation): filled from `options.operationId` (or a
/// fresh id) on every call that has it, never taken from a parameters object.
pub fn is_correlation(param: &Param) -> bool {
    param.name.eq_ignore_ascii_case("operationID")
}

impl Session {
    pub fn new(api: TaskApi, base_url: &str, credentials: Option<js_sys::Function>) -> Result<Session, Error> {
        Ok(Session { api, client: ApiClient::new(base_url, FetchTransport::default())?, credentials, generation: Cell::new(0), patterns: RegexPatterns::new() })
    }

    pub fn bound(&self, options: &CallOptions) -> ApiClient<FetchTransport> {
        self.client.with_transport(FetchTransport::with_signal(options.signal.clone()))
    }

    pub async fn login(&self, credentials: &Credentials, options: &CallOptions) -> Result<(), Error> {
        let client = self.bound(options);
        match self.api {
            TaskApi::Srm => session::srm_login(&srm::Client::new(client), credentials).await?,
            TaskApi::H4 => {
                let id = options.operation_id.clone().unwrap_or_else(new_operation_id);
                session::h4_login(&replication::Client::new(client), credentials, Some(id)).await?
            }
        }
        self.generation.set(self.generation.get() + 1);
        Ok(())
    }

    async fn dispatch(&self, operation_id: &str, call: JsonCall, options: &CallOptions) -> Result<ResponseValue<Value>, Error> {
        // Building the request is work on the main thread: in a burst, take turns.
        crate::timer::turn().await;
        let op = meta(self.api, operation_id).ok_or_else(|| Error::validation("operationId", "is not an operation of this API"))?;
        siterecovery::call::call(&self.bound(options), table(self.api), op, &call, &self.patterns).await
    }

    /// Call one operation. On 401 with a `credentials` callback: log in again once and
    /// repeat the call (a 401 means the server did not act on it).
    pub async fn call(&self, operation_id: &str, mut call: JsonCall, options: &CallOptions) -> Result<ResponseValue<Value>, Error> {
        if let Some(meta) = meta(self.api, operation_id) {
            if let Some(header) = meta.params.iter().find(|p| is_correlation(p)).map(|p| p.name) {
                let mut params = match call.params.take() {
                    Some(Value::Object(m)) => m,
                    _ => Default::default(),
                };
                let id = options.operation_id.clone().unwrap_or_else(new_operation_id);
                params.entry(header.to_string()).or_insert(Value::String(id));
                call.params = Some(Value::Object(params));
            }
        }
        let generation = self.generation.get();
        match self.dispatch(operation_id, call.clone(), options).await {
            Err(e) if e.status() == Some(401) && self.credentials.is_some() => {
                if self.generation.get() == generation {
                    let Some(credentials) = self.ask_credentials().await else { return Err(e) };
                    self.login(&credentials, options).await?;
                }
                self.dispatch(operation_id, call, options).await
            }
            other => other,
        }
    }

    /// Call the JS `credentials()` callback (sync or async).
    async fn ask_credentials(&self) -> Option<Credentials> {
        let f = self.credentials.as_ref()?;
        let mut value = f.call0(&JsValue::UNDEFINED).ok()?;
        if value.is_instance_of::<js_sys::Promise>() {
            value = JsFuture::from(js_sys::Promise::from(value)).await.ok()?;
        }
        let username = get(&value, "username").as_string()?;
        let password = get(&value, "password").as_string()?;
        Credentials::new(&username, &password).ok()
    }

    pub async fn logout(&self, options: &CallOptions) -> Result<(), Error> {
        let result = self.call("logout", JsonCall::default(), options).await;
        self.client.clear_auth();
        result.map(|_| ())
    }
}
