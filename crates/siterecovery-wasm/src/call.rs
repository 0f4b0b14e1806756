//! The path every JS method takes: check the arguments (nothing is sent on bad input),
//! call the operation, then shape the result: a `Task` for task-returning operations, the
//! decoded body otherwise (`undefined` for 204).
use std::rc::Rc;

use serde_json::Value;
use siterecovery::task::{TaskApi, TaskView};
use siterecovery::{Error, JsonCall, ResponseValue};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use crate::convert::{object_arg, string_arg, to_js, CallOptions};
use crate::errors::{invalid, to_js_error};
use crate::resume;
use crate::session::{is_correlation, meta, Session};
use crate::task::Task;

/// One operation call from JS: path arguments (value, JS name), query, body, options.
pub struct JsCall<'a> {
    pub operation_id: &'static str,
    pub path: &'a [(&'a JsValue, &'static str)],
    pub query: Option<&'a JsValue>,
    pub body: Option<&'a JsValue>,
    pub options: &'a JsValue,
}

fn prepare(session: &Session, c: &JsCall) -> Result<(JsonCall, CallOptions), JsValue> {
    let meta = meta(session.api, c.operation_id).ok_or_else(|| invalid("operationId", c.operation_id))?;
    let path = c.path.iter().map(|(v, name)| string_arg(v, name)).collect::<Result<Vec<_>, _>>()?;
    let params = match c.query {
        Some(q) => object_arg(q, "query")?,
        None => None,
    };
    let body = match c.body {
        // An absent body of an operation that requires one is `{}`: the table's check then
        // names any required field that is missing.
        Some(b) => object_arg(b, "body")?.or_else(|| meta.body.is_some_and(|b| b.required).then(|| Value::Object(Default::default()))),
        None => None,
    };
    Ok((JsonCall { path, params, body }, CallOptions::parse(c.options)?))
}

pub fn run(session: &Rc<Session>, c: JsCall) -> js_sys::Promise {
    let (call, options) = match prepare(session, &c) {
        Ok(p) => p,
        Err(e) => return js_sys::Promise::reject(&e),
    };
    let session = Rc::clone(session);
    let operation_id = c.operation_id;
    future_to_promise(async move {
        let result = async {
            let response = session.call(operation_id, call, &options).await?;
            shape(&session, operation_id, response)
        }
        .await;
        result.map_err(|e| to_js_error(&e))
    })
}

fn shape(session: &Rc<Session>, operation_id: &str, response: ResponseValue<Value>) -> Result<JsValue, Error> {
    let task_kind = meta(session.api, operation_id).and_then(|m| m.task_kind).and_then(TaskApi::from_kind);
    match task_kind {
        // `raw` is the task as the server sent it.
        Some(api) => Ok(Task::new(Rc::clone(session), TaskView::from_json(api, response.body)?).into()),
        None if response.inner.is_null() => Ok(JsValue::UNDEFINED),
        None => Ok(to_js(&response.inner)),
    }
}

/// `client.invoke(operationId, args)`, what every generated method calls: the arguments sorted
/// by the table — path parameters, the parameters object (when the operation has query or
/// header parameters besides `operationID`), the body (when it has one), then options.
pub fn invoke(session: &Rc<Session>, operation_id: &str, args: &js_sys::Array) -> js_sys::Promise {
    let Some(op) = meta(session.api, operation_id) else {
        return js_sys::Promise::reject(&invalid("operationId", "is not an operation of this API"));
    };
    let mut next = 0;
    let mut take = || {
        next += 1;
        args.get(next - 1)
    };
    let path: Vec<JsValue> = op.path_params.iter().map(|_| take()).collect();
    let named: Vec<(&JsValue, &'static str)> = path.iter().zip(op.path_params).map(|(v, p)| (v, p.js_name)).collect();
    // The rule of the generated TypeScript (siterecovery_codegen::surface::takes_params).
    let takes_params = op.params.iter().any(|p| !is_correlation(p));
    let query = takes_params.then(&mut take);
    let body = op.body.is_some().then(&mut take);
    let options = take();
    run(session, JsCall { operation_id: op.operation_id, path: &named, query: query.as_ref(), body: body.as_ref(), options: &options })
}

/// `logout()` of either client: the session ends here even if the server call fails.
pub fn logout(session: &Rc<Session>, options: &JsValue) -> js_sys::Promise {
    let options = match CallOptions::parse(options) {
        Ok(o) => o,
        Err(e) => return js_sys::Promise::reject(&e),
    };
    let session = Rc::clone(session);
    future_to_promise(async move { session.logout(&options).await.map(|_| JsValue::UNDEFINED).map_err(|e| to_js_error(&e)) })
}

/// `resumeTask(token)` of either client.
pub fn resume(session: &Rc<Session>, token: &str) -> Result<Task, JsValue> {
    let id = resume::task_id(token, session.api, session.client.base_url()).map_err(|e| to_js_error(&e))?;
    Ok(Task::resumed(Rc::clone(session), id))
}
