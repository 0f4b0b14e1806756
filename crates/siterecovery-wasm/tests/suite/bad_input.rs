#![cfg(target_arch = "wasm32")]
//! Bad input from JS (issue 9.5): the table of `bad_input.js`, each case checked on its own —
//! a validation error naming the field and no request at the simulator, or (cases marked
//! `sent`) no validation error and the request made; cases marked `bug` must still show their
//! bug. Every failing case is listed, not only the first.
use js_sys::{Array, Function, Object};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

use crate::common::*;

#[wasm_bindgen(module = "/tests/suite/bad_input.js")]
extern "C" {
    #[wasm_bindgen(js_name = badInputCases)]
    fn bad_input_cases() -> Array;
}

/// Longest message an error may have: it says what is wrong, it does not echo the input (some
/// inputs are 1 MB).
const MAX_MESSAGE: usize = 300;

/// What one call came to: thrown or rejected (`Err`), or resolved.
async fn outcome(target: &JsValue, method: &str, args: &Array) -> Result<JsValue, JsValue> {
    match try_call(target, method, &args.to_vec()) {
        Err(thrown) => Err(thrown),
        Ok(value) => settle(value).await,
    }
}

fn is_validation(e: &JsValue, field: &str) -> bool {
    e.is_instance_of::<js_sys::Error>()
        && get_str(e, "kind").as_deref() == Some("validation")
        && get_str(e, "field").as_deref() == Some(field)
}

/// `describe`, with long values cut.
fn short(e: &JsValue) -> String {
    let text = if e.is_instance_of::<js_sys::Error>() { describe(e) } else { stringify(e) };
    text.chars().take(400).collect()
}

async fn context() -> JsValue {
    let info = reset(60_000).await;
    let srm = srm_login(&info, 0).await;
    let srm_b = srm_login(&info, 1).await;
    let repl = repl_login(&info, 0).await;
    let task = resolve(call(&srm, "createPairing", &[js(&pairing_spec(&info, 0))])).await;
    let c = Object::new();
    let class = |client: &JsValue| get(&Object::get_prototype_of(client).into(), "constructor");
    let token = call(&task, "resumeToken", &[]);
    for (key, value) in [
        ("info", js(&info)),
        ("SrmClient", class(&srm)),
        ("ReplicationClient", class(&repl)),
        ("srm", srm),
        ("srmB", srm_b),
        ("repl", repl),
        ("task", task),
        ("token", token),
        ("pairingId", JsValue::from_str("3a0c6b1e-41f4-4d27-9a49-7d0d7c4f2a10")),
        ("planId", JsValue::from_str("plan-1")),
    ] {
        set(&c, key, &value);
    }
    c.into()
}

#[wasm_bindgen_test]
async fn bad_input_table() {
    let c = context().await;
    let cases = bad_input_cases();
    let mut failures = Vec::new();
    let (mut invalid, mut sent, mut bugs) = (0, 0, 0);
    for (i, case) in cases.iter().enumerate() {
        let (on, method) = (get_str(&case, "on").unwrap(), get_str(&case, "method").unwrap());
        let label = format!("case {i} {on}.{method}");
        let args: Function = get(&case, "args").dyn_into().expect("args is a function");
        let args = Array::from(&args.call1(&JsValue::UNDEFINED, &c).expect("args(c)"));
        let before = request_count().await;
        let result = outcome(&get(&c, &on), &method, &args).await;
        let requests = request_count().await - before;
        if let Err(e) = &result {
            let message = get_str(e, "message").unwrap_or_default();
            if message.chars().count() > MAX_MESSAGE {
                failures.push(format!("{label}: a {}-character message", message.chars().count()));
            }
            // The passwords the table writes into arguments (a base URL's, a password object's).
            if message.contains("secret") {
                failures.push(format!("{label}: the message shows a password: {message}"));
            }
        }
        let field = get_str(&case, "field");
        let bug = get_str(&case, "bug");
        match (field, get_str(&case, "sent"), bug) {
            (Some(field), None, None) => {
                invalid += 1;
                match &result {
                    Err(e) if is_validation(e, &field) => {}
                    Err(e) => failures.push(format!("{label}: expected a validation error at {field}, got {}", short(e))),
                    Ok(v) => failures.push(format!("{label}: expected a validation error at {field}, resolved {}", short(v))),
                }
                if requests != 0 {
                    failures.push(format!("{label}: bad input at {field} sent {requests} request(s)"));
                }
            }
            (None, Some(why), None) => {
                sent += 1;
                if let Err(e) = &result {
                    if get_str(e, "kind").as_deref() == Some("validation") {
                        failures.push(format!("{label}: refused, but no rule makes it invalid ({why}): {}", short(e)));
                    }
                }
                if requests == 0 {
                    failures.push(format!("{label}: valid input ({why}) sent no request"));
                }
            }
            (Some(field), None, Some(bug)) => {
                bugs += 1;
                match &result {
                    Err(e) if is_validation(e, &field) && requests == 0 => {
                        failures.push(format!("{label}: the known bug is fixed ({bug}): remove its `bug` mark"))
                    }
                    other => console_log!(
                        "bad input, known bug, {label} at {field}: {bug}; got {} and {requests} request(s)",
                        match other {
                            Ok(v) => format!("resolved {}", short(v)),
                            Err(e) => short(e),
                        }
                    ),
                }
            }
            _ => failures.push(format!("{label}: a case needs `field` (and maybe `bug`) or `sent`")),
        }
    }
    // `constructor` and `__proto__` keys changed no prototype.
    let fresh: JsValue = Object::new().into();
    assert!(get(&fresh, "polluted").is_undefined(), "Object.prototype was polluted");
    assert!(failures.is_empty(), "{} of {} cases failed:\n{}", failures.len(), cases.length(), failures.join("\n"));
    console_log!("bad input: {invalid} validation cases, {sent} valid-by-spec cases, {bugs} known bugs");
    assert!(invalid > 100 && sent > 5, "the table lost cases: {invalid} / {sent}");
}
