//! What every generated client class does (build.rs writes the classes, one per spec):
//! log in, resume a task. Operations (logout among them) go through `call`; their methods are
//! the package entry's to install (with the `glue-install` feature, the module's too).
use crate::builtins;
#[allow(unused_imports)]
use crate::prelude::*;
use alloc::rc::Rc;

use wasm_bindgen::prelude::*;

use crate::errors::{promise, Failure};
use crate::session::Session;
use crate::spec::Spec;
use crate::task::Task;

#[wasm_bindgen(module = "/js/package.js")]
extern "C" {
    /// `[id]` of a resume token of this API and base URL, else `[undefined, why not]`, as
    /// siterecovery-core's `resume::task_id` answers.
    #[wasm_bindgen(js_name = tokenTaskId)]
    fn token_task_id(token: &JsValue, api: &str, base: &str) -> builtins::Array;
}

/// `<Class>.login(options)`: check the options, log in, give the class its operations.
pub fn login(spec: &'static Spec, options: JsValue, make: fn(Rc<Session>) -> JsValue) -> builtins::Promise {
    promise(crate::login::login(spec, options, make))
}

/// `<Class>.fromSession(options)`: a client of a session handed over; nothing is sent.
pub fn from_session(spec: &'static Spec, options: JsValue, make: fn(Rc<Session>) -> JsValue) -> Result<JsValue, JsValue> {
    let client = make(crate::login::from_session(spec, &options).map_err(|e| e.to_js())?);
    #[cfg(feature = "glue-install")]
    crate::surface::install(&client, spec);
    Ok(client)
}

/// `resumeTask(token)`: a task of this client's API and server, from its resume token.
pub fn resume(session: &Rc<Session>, token: &JsValue) -> Result<JsValue, JsValue> {
    let Some(tasks) = session.spec.tasks() else {
        return Err(Failure::invalid("token", "this API has no tasks").to_js());
    };
    // Read and checked in JS (anything but a string is no token either).
    let answer = token_task_id(token, tasks.as_str(), &session.base_url);
    let Some(id) = crate::js::string(&answer.get(0)) else {
        return Err(Failure::invalid("token", &crate::js::string(&answer.get(1)).unwrap_or_default()).to_js());
    };
    Ok(Task::resumed(Rc::clone(session), tasks, id).into_js())
}
