//! What every generated client class does (build.rs writes the classes, one per spec):
//! log in, resume a task. Operations (logout among them) go through `call`.
use crate::builtins;
#[allow(unused_imports)]
use crate::prelude::*;
use alloc::rc::Rc;

use siterecovery_core::resume::{task_id, Fields};
use wasm_bindgen::prelude::*;

use crate::errors::{promise, Failure};
use crate::session::Session;
use crate::spec::Spec;
use crate::task::Task;

#[wasm_bindgen(module = "/js/package.js")]
extern "C" {
    /// A resume token's fields `[api, base, id, v]`, read as `resume::fields` reads them, or
    /// `undefined` when it is no token.
    #[wasm_bindgen(js_name = tokenFields)]
    fn token_fields(token: &JsValue) -> builtins::Array;
}

/// `<Class>.login(options)`: check the options, log in, give the class its operations.
pub fn login(spec: &'static Spec, options: JsValue, make: fn(Rc<Session>) -> JsValue) -> builtins::Promise {
    promise(async move {
        let client = make(crate::login::login(spec, options).await?);
        crate::surface::install(&client, spec);
        Ok(client)
    })
}

/// `<Class>.fromSession(options)`: a client of a session handed over; nothing is sent.
pub fn from_session(spec: &'static Spec, options: JsValue, make: fn(Rc<Session>) -> JsValue) -> Result<JsValue, JsValue> {
    let client = make(crate::login::from_session(spec, &options).map_err(|e| e.to_js())?);
    crate::surface::install(&client, spec);
    Ok(client)
}

/// `resumeTask(token)`: a task of this client's API and server, from its resume token.
pub fn resume(session: &Rc<Session>, token: &JsValue) -> Result<JsValue, JsValue> {
    let Some(tasks) = session.spec.tasks() else {
        return Err(Failure::invalid("token", "this API has no tasks").to_js());
    };
    // Anything but a string is no token either.
    let fields = token_fields(token);
    let fields = (!fields.is_undefined()).then(|| {
        let item = |i| fields.get(i);
        Fields { api: item(0).as_string(), base: item(1).as_string(), id: item(2).as_string(), version: item(3).as_f64() }
    });
    let id = task_id(fields, tasks, &session.base_url).map_err(|m| Failure::invalid("token", &m).to_js())?;
    Ok(Task::resumed(Rc::clone(session), tasks, id).into_js())
}
