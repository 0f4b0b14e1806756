//! `login({ baseUrl, username, password, apiVersion?, credentials? })` for both clients.
#[allow(unused_imports)]
use crate::prelude::*;
use alloc::rc::Rc;

use wasm_bindgen::prelude::*;

use crate::builtins;
use crate::convert::{opt_function, opt_string, CallOptions};
use crate::errors::Failure;
use crate::session::{Credentials, Session, NOT_A_HEADER_VALUE};
use crate::spec::{Auth, Spec};
use siterecovery_core::request::is_header_value;

#[wasm_bindgen(module = "/js/package.js")]
extern "C" {
    /// `[root]`, or `[undefined, field, why not]`: see [`api_root`].
    #[wasm_bindgen(js_name = apiRoot)]
    fn api_root_js(base: &str, version: Option<&str>, auth: &str) -> builtins::Array;
}

/// The API root: `baseUrl` checked and trimmed as siterecovery-core's `request::base_url` does
/// it natively, with `/api/rest/srm/<version>` added when an SRM `apiVersion` (`1.0.0` or
/// `v1`, `2.0.0` or `v2`) is given and the URL does not name one. Made by js/package.js
/// `apiRoot` (a wasm-bindgen test holds it to the native check, URL by URL).
fn api_root(auth: Auth, base: &str, version: Option<&str>) -> Result<String, Failure> {
    let auth = match auth {
        Auth::Srm => "srm",
        Auth::H4 => "h4",
        Auth::None => "",
    };
    let root = api_root_js(base, version, auth);
    crate::js::string(&root.get(0)).ok_or_else(|| {
        let text = |i| crate::js::string(&root.get(i)).unwrap_or_default();
        Failure::invalid(&text(1), &text(2))
    })
}

/// The options both ways in take: an object, `baseUrl` (and `apiVersion`), `credentials`.
fn session_options(spec: &'static Spec, options: &JsValue, usage: &str) -> Result<Session, Failure> {
    if !options.is_object() {
        return Err(Failure::invalid("options", usage));
    }
    let base = opt_string(options, "baseUrl")?.ok_or_else(|| Failure::invalid("baseUrl", "is required"))?;
    let base = api_root(spec.auth(), &base, opt_string(options, "apiVersion")?.as_deref())?;
    Ok(Session::new(spec, base, opt_function(options, "credentials")?))
}

/// Parse and check the options, then log in; resolves with the client `make` makes of the
/// session (one async step for `<Class>.login`: no future around this one).
pub async fn login(spec: &'static Spec, options: JsValue, make: fn(Rc<Session>) -> JsValue) -> Result<JsValue, Failure> {
    let session = session_options(spec, &options, "login takes { baseUrl, username, password }")?;
    // An API without a session takes no credentials.
    if spec.auth() != Auth::None {
        let credentials = credentials_arg(&options)?;
        session.login(&credentials, &CallOptions::parse(&options)?).await?;
    }
    let client = make(Rc::new(session));
    #[cfg(feature = "glue-install")]
    crate::surface::install(&client, spec);
    Ok(client)
}

/// A session handed over (a plugin host's): SRM `{ baseUrl, sessionId }`, h4
/// `{ baseUrl, token }`; checked, nothing sent.
pub fn from_session(spec: &'static Spec, options: &JsValue) -> Result<Rc<Session>, Failure> {
    let (field, usage) = match spec.auth() {
        Auth::Srm => (Some("sessionId"), "fromSession takes { baseUrl, sessionId }"),
        Auth::H4 => (Some("token"), "fromSession takes { baseUrl, token }"),
        Auth::None => (None, "fromSession takes { baseUrl }"),
    };
    let session = session_options(spec, options, usage)?;
    if let Some(field) = field {
        match opt_string(options, field)? {
            Some(token) if !is_header_value(&token) => return Err(Failure::invalid(field, NOT_A_HEADER_VALUE)),
            Some(token) if !crate::js::is_blank(&token) => session.set_token(token),
            Some(_) => return Err(Failure::invalid(field, "must not be empty")),
            None => return Err(Failure::invalid(field, "is required")),
        }
    }
    Ok(Rc::new(session))
}

/// `{ username, password }` as credentials; errors name the field.
pub fn credentials_arg(value: &JsValue) -> Result<Credentials, Failure> {
    if !value.is_object() {
        return Err(Failure::invalid("credentials", "must be { username, password }"));
    }
    Credentials::new(opt_string(value, "username")?.unwrap_or_default(), opt_string(value, "password")?.unwrap_or_default())
}
