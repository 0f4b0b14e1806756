//! `ReplicationClient`: the vSphere Replication appliance ("h4") API — one method per
//! operationId, installed from the generated table (surface.rs) — and `pairSites`, which runs
//! `POST /sites` on both appliances and waits for both tasks.
use std::rc::Rc;

use siterecovery_core::task::TaskApi;
use siterecovery_core::wait::WaitError;
use wasm_bindgen::prelude::*;

use crate::convert::{opt_string, CallOptions};
use crate::errors::{promise, reject, Failure};
use crate::js::{get, set};
use crate::login::login;
use crate::session::{Args, Session};
use crate::task::Task;
use crate::view::View;

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
    /// options (`onProgress` is called with each task's progress).
    #[wasm_bindgen(js_name = pairSites, unchecked_return_type = "Promise<[Task, Task]>")]
    pub fn pair_sites(
        local: &ReplicationClient,
        remote: &ReplicationClient,
        #[wasm_bindgen(unchecked_optional_param_type = "PairSitesOptions")] opts: Option<JsValue>,
    ) -> js_sys::Promise {
        let options = opts.unwrap_or(JsValue::UNDEFINED);
        let parsed = (|| -> Result<_, Failure> {
            let wait = crate::task::parse_wait_options(&options)?;
            Ok((wait, opt_string(&options, "description")?, CallOptions::parse(&options)?))
        })();
        let ((wait_options, on_progress, signal), description, call) = match parsed {
            Ok(p) => p,
            Err(e) => return reject(e),
        };
        let (a, b) = (Rc::clone(&local.session), Rc::clone(&remote.session));
        promise(async move {
            let started = start_both(&a, &b, description.as_deref(), &call).await?;
            let (ta, tb) = (Task::new(Rc::clone(&a), started.0), Task::new(Rc::clone(&b), started.1));
            let (ia, ib) = ((&ta).into(), (&tb).into());
            let (ra, rb) = futures_util::future::join(
                crate::task::wait(&ia, &wait_options, on_progress.clone(), signal.clone()),
                crate::task::wait(&ib, &wait_options, on_progress, signal),
            )
            .await;
            ra?;
            rb?;
            Ok(js_sys::Array::of2(&ta.into(), &tb.into()).into())
        })
    }
}

/// The local site of an appliance: `(apiUrl, apiThumbprint)` (public URL when it has one).
async fn local_site(session: &Session, options: &CallOptions) -> Result<(String, String), Failure> {
    let sites = session.call("getSites", Args::default(), options).await?.body;
    let local = js_sys::Array::from(&sites)
        .iter()
        .find(|s| get(s, "isLocal").as_bool() == Some(true))
        .ok_or_else(|| Failure::decode(Some(200), Some("isLocal"), "no local site in GET /sites"))?;
    let text = |k: &str| get(&local, k).as_string().filter(|s| !s.is_empty());
    match (text("apiPublicUrl").or_else(|| text("apiUrl")), text("apiThumbprint")) {
        (Some(u), Some(t)) => Ok((u, t)),
        _ => Err(Failure::decode(Some(200), Some("apiUrl"), "local site without apiUrl/apiThumbprint")),
    }
}

async fn register(on: &Session, peer: &(String, String), description: Option<&str>, options: &CallOptions) -> Result<View, Failure> {
    let body = js_sys::Object::new();
    set(&body, "apiUrl", &JsValue::from_str(&peer.0));
    set(&body, "apiThumbprint", &JsValue::from_str(&peer.1));
    if let Some(d) = description {
        set(&body, "description", &JsValue::from_str(d));
    }
    let reply = on.call("pairSite", Args { body: Some(body.into()), ..Args::default() }, options).await?;
    crate::view::read(TaskApi::H4, reply.status, reply.body)
}

/// Start `POST /sites` on both sides. If the second fails, the error still names the first
/// task (nothing is lost: it keeps running on the first appliance).
async fn start_both(a: &Session, b: &Session, description: Option<&str>, options: &CallOptions) -> Result<(View, View), Failure> {
    let (site_a, site_b) = futures_util::future::try_join(local_site(a, options), local_site(b, options)).await?;
    let task_a = register(a, &site_b, description, options).await?;
    match register(b, &site_a, description, options).await {
        Ok(task_b) => Ok((task_a, task_b)),
        Err(e) => Err(Failure::poll_failed(&task_a.id, e)),
    }
}
