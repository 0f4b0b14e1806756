//! The path every JS method takes: the arguments sorted and checked by the table when the
//! method is called (nothing is sent on bad input), the call, then the result: a `Task` for
//! task-returning operations, the body as received otherwise (`undefined` for none).
#[allow(unused_imports)]
use crate::prelude::*;
use alloc::rc::Rc;

use siterecovery_core::request::is_correlation;
use siterecovery_core::task::TaskApi;
use wasm_bindgen::prelude::*;

use crate::convert::{object_arg, string_arg, CallOptions};
use crate::errors::{promise, reject, Failure};
use crate::session::{Args, Reply, Session};
use crate::task::Task;

/// `client.invoke(operationId, args)`, what every generated method calls: the arguments sorted
/// by the table — path parameters, the parameters object (when the operation has query or
/// header parameters besides `operationID`), the body (when it has one), then options.
pub fn invoke(session: &Rc<Session>, operation_id: &str, args: &js_sys::Array) -> js_sys::Promise {
    let op = match session.operation(operation_id) {
        Ok(op) => op,
        Err(e) => return reject(e),
    };
    let mut next = 0;
    let mut take = || {
        next += 1;
        args.get(next - 1)
    };
    let checked = (|| -> Result<_, Failure> {
        let path = op.path_params.iter().map(|p| string_arg(&take(), p.js_name)).collect::<Result<Vec<_>, _>>()?;
        // The rule of the generated TypeScript (siterecovery_codegen::surface::takes_params).
        let params = match op.params.iter().any(|p| !is_correlation(p)) {
            true => object_arg(take(), "query")?,
            false => None,
        };
        let body = match &op.body {
            // An absent body of an operation that requires one is `{}`: the table's check then
            // names any required field that is missing.
            Some(spec) => object_arg(take(), "body")?.or_else(|| spec.required.then(|| js_sys::Object::new().into())),
            None => None,
        };
        let options = CallOptions::parse(&take())?;
        let prepared = session.prepare(op, Args { path, params, body }, &options, &[])?;
        Ok((prepared, options))
    })();
    let (prepared, options) = match checked {
        Ok(c) => c,
        Err(e) => return reject(e),
    };
    let session = Rc::clone(session);
    promise(async move {
        crate::timer::turn().await;
        let reply = session.send(&prepared, &options).await?;
        shape(&session, prepared.op.task_kind, reply)
    })
}

fn shape(session: &Rc<Session>, task_kind: Option<&str>, reply: Reply) -> Result<JsValue, Failure> {
    match task_kind.and_then(TaskApi::from_kind) {
        Some(api) => Ok(Task::new(Rc::clone(session), crate::view::read(api, reply.status, reply.body)?).into_js()),
        None if reply.body.is_null() => Ok(JsValue::UNDEFINED),
        None => Ok(reply.body),
    }
}
