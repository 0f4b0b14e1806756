//! `ReplicationClient`: the vSphere Replication appliance ("h4") API — one method per
//! operationId, installed from the generated table (surface.rs) — and `pairSites`, which runs
//! `POST /sites` on both appliances and waits for both tasks.
#[allow(unused_imports)]
use crate::prelude::*;
use alloc::rc::Rc;

use siterecovery_core::task::TaskApi;
use wasm_bindgen::prelude::*;

use crate::convert::{opt_string, CallOptions};
use crate::errors::{promise, reject, Failure};
use crate::js::set;
use crate::login::login;
use crate::session::Session;
use crate::task::Task;

/// A logged-in client of one replication appliance.
#[wasm_bindgen]
pub struct ReplicationClient {
    session: Rc<Session>,
}

#[wasm_bindgen]
impl ReplicationClient {
    /// `POST /sessions {type: "localUser", ...}`; the `X-VCAV-Auth` token is sent on every
    /// later call. `credentials` as for `SrmClient.login`.
    #[wasm_bindgen(unchecked_return_type = "Promise<ReplicationClient>")]
    pub fn login(#[wasm_bindgen(unchecked_param_type = "LoginOptions")] options: JsValue) -> js_sys::Promise {
        promise(async move {
            let client: JsValue = ReplicationClient { session: login(TaskApi::H4, options).await? }.into();
            crate::surface::install(&client, TaskApi::H4);
            Ok(client)
        })
    }

    #[wasm_bindgen(getter, js_name = baseUrl)]
    pub fn base_url(&self) -> String {
        self.session.base_url.clone()
    }

    /// `DELETE /sessions`.
    #[wasm_bindgen(unchecked_return_type = "Promise<void>")]
    pub fn logout(&self, #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<JsValue>) -> js_sys::Promise {
        crate::call::logout(&self.session, &options.unwrap_or(JsValue::UNDEFINED))
    }

    /// Any operation of the h4 API by its operationId; the arguments as its method takes
    /// them (every operation's method calls this).
    #[wasm_bindgen(skip_typescript)]
    pub fn invoke(&self, operation_id: &str, args: js_sys::Array) -> js_sys::Promise {
        crate::call::invoke(&self.session, operation_id, &args)
    }

    /// A `Task` from a `resumeToken()` of a client of this same appliance.
    #[wasm_bindgen(js_name = resumeTask)]
    pub fn resume_task(&self, token: &str) -> Result<Task, JsValue> {
        crate::call::resume(&self.session, token)
    }

    /// Pair two appliances: reads each one's local site (`GET /sites`), runs `POST /sites`
    /// on both with the other's URL and thumbprint, and waits for both tasks. Resolves with
    /// `[localTask, remoteTask]`; `opts` takes `description`, `operationId` and the wait
    /// options (`onProgress` is called with each task's progress). The options are checked
    /// here, before anything is sent; the steps are the clients' own methods (js/pair.js).
    #[wasm_bindgen(js_name = pairSites, unchecked_return_type = "Promise<[Task, Task]>")]
    pub fn pair_sites(
        local: &ReplicationClient,
        remote: &ReplicationClient,
        #[wasm_bindgen(unchecked_optional_param_type = "PairSitesOptions")] opts: Option<JsValue>,
    ) -> js_sys::Promise {
        let options = opts.unwrap_or(JsValue::UNDEFINED);
        let checked = (|| -> Result<_, Failure> {
            crate::task::parse_wait_options(&options)?;
            let description = opt_string(&options, "description")?;
            let call = CallOptions::parse(&options)?;
            Ok((description, call))
        })();
        let (description, call) = match checked {
            Ok(c) => c,
            Err(e) => return reject(e),
        };
        let call_js = js_sys::Object::new();
        if let Some(signal) = call.signal {
            set(&call_js, "signal", &signal.into());
        }
        if let Some(id) = call.operation_id {
            set(&call_js, "operationId", &JsValue::from_str(&id));
        }
        let this = |session: &Rc<Session>| JsValue::from(ReplicationClient { session: Rc::clone(session) });
        pair_both(&this(&local.session), &this(&remote.session), description.as_deref(), &call_js, &options)
    }
}

#[wasm_bindgen(module = "/js/pair.js")]
extern "C" {
    #[wasm_bindgen(js_name = pairBoth)]
    fn pair_both(local: &JsValue, remote: &JsValue, description: Option<&str>, call: &js_sys::Object, wait_options: &JsValue) -> js_sys::Promise;
}
