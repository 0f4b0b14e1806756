//! What every generated client class does (build.rs writes the classes, one per spec):
//! log in, resume a task. Operations (logout among them) go through `call`.
use crate::builtins;
#[allow(unused_imports)]
use crate::prelude::*;
use alloc::rc::Rc;

use siterecovery_core::resume::{task_id, token_bytes};
use wasm_bindgen::prelude::*;

use crate::errors::{promise, Failure};
use crate::js::{parse_json_bytes, text, Js};
use crate::session::Session;
use crate::spec::Spec;
use crate::task::Task;

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
    // Anything but a string (or one with a lone surrogate) is no token either.
    let parsed = text(token).flatten().and_then(|t| token_bytes(&t)).map(|bytes| parse_json_bytes(&bytes)).filter(|v| !v.is_undefined());
    let id = task_id(parsed.map(Js), tasks, &session.base_url).map_err(|m| Failure::invalid("token", &m).to_js())?;
    Ok(Task::resumed(Rc::clone(session), tasks, id).into_js())
}
