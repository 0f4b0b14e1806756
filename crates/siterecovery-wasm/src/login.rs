//! `login({ baseUrl, username, password, apiVersion?, credentials? })` for both clients.
use std::rc::Rc;

use siterecovery::session::Credentials;
use siterecovery::task::TaskApi;
use wasm_bindgen::prelude::*;

use crate::convert::{opt_function, opt_string, CallOptions};
use crate::errors::{invalid, to_js_error};
use crate::session::Session;

/// SRM versions and their base-path segment.
const SRM_VERSIONS: [(&str, &str); 4] = [("1.0.0", "v1"), ("v1", "v1"), ("2.0.0", "v2"), ("v2", "v2")];

fn base_url(api: TaskApi, base: &str, version: Option<&str>) -> Result<String, JsValue> {
    let base = base.trim().trim_end_matches('/');
    let Some(version) = version else { return Ok(base.to_string()) };
    match api {
        TaskApi::Srm => {
            let segment = SRM_VERSIONS
                .iter()
                .find(|(v, _)| *v == version)
                .map(|(_, s)| *s)
                .ok_or_else(|| invalid("apiVersion", "must be 1.0.0 or 2.0.0"))?;
            match base.rsplit_once("/api/rest/srm/") {
                Some((_, current)) if current == segment => Ok(base.to_string()),
                Some(_) => Err(invalid("apiVersion", format!("does not match baseUrl {base}"))),
                None => Ok(format!("{base}/api/rest/srm/{segment}")),
            }
        }
        TaskApi::H4 if version == "4.7" => Ok(base.to_string()),
        TaskApi::H4 => Err(invalid("apiVersion", "this client speaks h4 API 4.7")),
    }
}

/// Parse and check the options, then log in; resolves with the session.
pub async fn login(api: TaskApi, options: JsValue) -> Result<Rc<Session>, JsValue> {
    if !options.is_object() {
        return Err(invalid("options", "login takes { baseUrl, username, password }"));
    }
    let base = opt_string(&options, "baseUrl")?.ok_or_else(|| invalid("baseUrl", "is required"))?;
    let credentials = credentials_arg(&options)?;
    let base = base_url(api, &base, opt_string(&options, "apiVersion")?.as_deref())?;
    let callback = opt_function(&options, "credentials")?;
    let call_options = CallOptions::parse(&options)?;
    let session = Session::new(api, &base, callback).map_err(|e| to_js_error(&e))?;
    session.login(&credentials, &call_options).await.map_err(|e| to_js_error(&e))?;
    Ok(Rc::new(session))
}

/// `{ username, password }` as credentials; errors name the field.
pub fn credentials_arg(value: &JsValue) -> Result<Credentials, JsValue> {
    if !value.is_object() {
        return Err(invalid("credentials", "must be { username, password }"));
    }
    let username = opt_string(value, "username")?.unwrap_or_default();
    let password = opt_string(value, "password")?.unwrap_or_default();
    Credentials::new(&username, &password).map_err(|e| to_js_error(&e))
}
