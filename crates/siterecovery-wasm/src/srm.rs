//! `SrmClient`: the Site Recovery Manager REST API. One method per operationId (camelCase),
//! installed from the generated table (surface.rs); here only what is not plain JSON: login,
//! logout, the remote login with the other site's credentials, resuming a task.
#[allow(unused_imports)]
use crate::prelude::*;
use alloc::rc::Rc;

use siterecovery_core::task::TaskApi;
use wasm_bindgen::prelude::*;

use crate::convert::{string_arg, CallOptions};
use crate::errors::{promise, reject};
use crate::login::{credentials_arg, login};
use crate::session::Session;
use crate::task::Task;

/// A logged-in client of one SRM server (`baseUrl` ends in `/api/rest/srm/v2` or `/v1`).
#[wasm_bindgen]
pub struct SrmClient {
    session: Rc<Session>,
}

#[wasm_bindgen]
impl SrmClient {
    /// `POST /session` with Basic auth; later calls carry `x-dr-session`. With
    /// `credentials: async () => ({ username, password })` the client logs in again once
    /// when a call answers 401, then repeats that call.
    #[wasm_bindgen(unchecked_return_type = "Promise<SrmClient>")]
    pub fn login(#[wasm_bindgen(unchecked_param_type = "LoginOptions")] options: JsValue) -> js_sys::Promise {
        promise(async move {
            let client: JsValue = SrmClient { session: login(TaskApi::Srm, options).await? }.into();
            crate::surface::install(&client, TaskApi::Srm);
            Ok(client)
        })
    }

    #[wasm_bindgen(getter, js_name = baseUrl)]
    pub fn base_url(&self) -> String {
        self.session.base_url.clone()
    }

    /// `DELETE /session`.
    #[wasm_bindgen(unchecked_return_type = "Promise<void>")]
    pub fn logout(&self, #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<JsValue>) -> js_sys::Promise {
        crate::call::logout(&self.session, &options.unwrap_or(JsValue::UNDEFINED))
    }

    /// `POST /pairings/{pairing_id}/remote-session` with the remote site's credentials
    /// (needed before plan actions).
    #[wasm_bindgen(js_name = createRemoteSession, unchecked_return_type = "Promise<void>")]
    pub fn create_remote_session(
        &self,
        #[wasm_bindgen(js_name = pairingId, unchecked_param_type = "string")] pairing_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Credentials")] credentials: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<JsValue>,
    ) -> js_sys::Promise {
        let checked = string_arg(&pairing_id, "pairingId")
            .and_then(|id| Ok((id, credentials_arg(&credentials)?, CallOptions::parse(&options.unwrap_or(JsValue::UNDEFINED))?)));
        let (pairing_id, remote, options) = match checked {
            Ok(c) => c,
            Err(e) => return reject(e),
        };
        let session = Rc::clone(&self.session);
        promise(async move { session.remote_login(pairing_id, &remote, &options).await.map(|_| JsValue::UNDEFINED) })
    }

    /// Alias of `createRemoteSession`.
    #[wasm_bindgen(js_name = loginRemote, unchecked_return_type = "Promise<void>")]
    pub fn login_remote(
        &self,
        #[wasm_bindgen(js_name = pairingId, unchecked_param_type = "string")] pairing_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Credentials")] credentials: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<JsValue>,
    ) -> js_sys::Promise {
        self.create_remote_session(pairing_id, credentials, options)
    }

    /// Any operation of the SRM API by its operationId; the arguments as its method takes
    /// them (every operation's method calls this).
    #[wasm_bindgen(skip_typescript)]
    pub fn invoke(&self, operation_id: &str, args: js_sys::Array) -> js_sys::Promise {
        crate::call::invoke(&self.session, operation_id, &args)
    }

    /// A `Task` from a `resumeToken()` of a client of this same server (e.g. before a page
    /// reload). Call `wait()` or `refresh()` on it.
    #[wasm_bindgen(js_name = resumeTask)]
    pub fn resume_task(&self, token: &str) -> Result<Task, JsValue> {
        crate::call::resume(&self.session, token)
    }
}
