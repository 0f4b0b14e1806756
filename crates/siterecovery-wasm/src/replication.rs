//! `ReplicationClient`: the vSphere Replication appliance ("h4") API — one method per
//! operationId, installed from the generated table (surface.rs) — and `pairSites`, which runs
//! `POST /sites` on both appliances and waits for both tasks.
use std::rc::Rc;

use serde_json::{json, Value};
use siterecovery::task::{TaskApi, TaskView};
use siterecovery::{Error, JsonCall};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use crate::convert::{opt_string, or_undefined as opts, CallOptions};
use crate::errors::to_js_error;
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
        future_to_promise(async move {
            let client: JsValue = ReplicationClient { session: login(TaskApi::H4, options).await? }.into();
            crate::surface::install(&client, TaskApi::H4);
            Ok(client)
        })
    }

    #[wasm_bindgen(getter, js_name = baseUrl)]
    pub fn base_url(&self) -> String {
        self.session.client.base_url().to_string()
    }

    /// `DELETE /sessions`.
    #[wasm_bindgen(unchecked_return_type = "Promise<void>")]
    pub fn logout(&self, #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<JsValue>) -> js_sys::Promise {
        crate::call::logout(&self.session, &opts(options))
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
        let parsed = (|| -> Result<_, JsValue> {
            let wait = crate::task::parse_wait_options(&options)?;
            Ok((wait, opt_string(&options, "description")?, CallOptions::parse(&options)?))
        })();
        let ((wait_options, on_progress, signal), description, call) = match parsed {
            Ok(p) => p,
            Err(e) => return js_sys::Promise::reject(&e),
        };
        let (a, b) = (Rc::clone(&local.session), Rc::clone(&remote.session));
        future_to_promise(async move {
            let started = start_both(&a, &b, description.as_deref(), &call).await.map_err(|e| to_js_error(&e))?;
            let (ta, tb) = (Task::new(Rc::clone(&a), started.0), Task::new(Rc::clone(&b), started.1));
            let (ia, ib) = ((&ta).into(), (&tb).into());
            let (ra, rb) = futures_util::future::join(
                crate::task::wait(&ia, &wait_options, on_progress.clone(), signal.clone()),
                crate::task::wait(&ib, &wait_options, on_progress, signal),
            )
            .await;
            ra.map_err(|e| to_js_error(&e))?;
            rb.map_err(|e| to_js_error(&e))?;
            Ok(js_sys::Array::of2(&ta.into(), &tb.into()).into())
        })
    }
}

/// The local site of an appliance: `(apiUrl, apiThumbprint)` (public URL when it has one).
async fn local_site(session: &Session, options: &CallOptions) -> Result<(String, String), Error> {
    let sites = session.call("getSites", JsonCall::default(), options).await?.inner;
    let local = sites
        .as_array()
        .and_then(|all| all.iter().find(|s| s.get("isLocal").and_then(Value::as_bool) == Some(true)))
        .ok_or_else(|| Error::Decode { status: 200, field: Some("isLocal".into()), message: "no local site in GET /sites".into() })?;
    let text = |k: &str| local.get(k).and_then(Value::as_str).filter(|s| !s.is_empty()).map(str::to_string);
    let url = text("apiPublicUrl").or_else(|| text("apiUrl"));
    match (url, text("apiThumbprint")) {
        (Some(u), Some(t)) => Ok((u, t)),
        _ => Err(Error::Decode { status: 200, field: Some("apiUrl".into()), message: "local site without apiUrl/apiThumbprint".into() }),
    }
}

async fn register(on: &Session, peer: &(String, String), description: Option<&str>, options: &CallOptions) -> Result<TaskView, Error> {
    let mut body = json!({ "apiUrl": peer.0, "apiThumbprint": peer.1 });
    if let Some(d) = description {
        body["description"] = Value::String(d.to_string());
    }
    let response = on.call("pairSite", JsonCall { body: Some(body), ..Default::default() }, options).await?;
    TaskView::from_json(TaskApi::H4, response.inner)
}

/// Start `POST /sites` on both sides. If the second fails, the error still names the first
/// task (nothing is lost: it keeps running on the first appliance).
async fn start_both(a: &Session, b: &Session, description: Option<&str>, options: &CallOptions) -> Result<(TaskView, TaskView), Error> {
    let (site_a, site_b) = futures_util::future::try_join(local_site(a, options), local_site(b, options)).await?;
    let task_a = register(a, &site_b, description, options).await?;
    match register(b, &site_a, description, options).await {
        Ok(task_b) => Ok((task_a, task_b)),
        Err(e) => Err(Error::Poll { task_id: task_a.id, source: Box::new(e) }),
    }
}

