//! `login({ baseUrl, username, password, apiVersion?, credentials? })` for both clients.
#[allow(unused_imports)]
use crate::prelude::*;
use alloc::rc::Rc;

use wasm_bindgen::prelude::*;

use crate::convert::{opt_function, opt_string, CallOptions};
use crate::errors::Failure;
use crate::js::cat;
use crate::session::{Credentials, Session};
use crate::spec::{Auth, Spec};

/// SRM versions and their base-path segment.
const SRM_VERSIONS: [(&str, &str); 4] = [("1.0.0", "v1"), ("v1", "v1"), ("2.0.0", "v2"), ("v2", "v2")];

/// The API root: `baseUrl` (http(s), a host), with `/api/rest/srm/<version>` added when an
/// SRM `apiVersion` is given and the URL does not name one.
fn base_url(auth: Auth, base: &str, version: Option<&str>) -> Result<String, Failure> {
    let base = siterecovery_core::request::base_url(base).map_err(|m| Failure::invalid("baseUrl", m))?;
    let Some(version) = version else { return Ok(base.to_string()) };
    match auth {
        Auth::Srm => {
            let segment = SRM_VERSIONS
                .iter()
                .find(|(v, _)| *v == version)
                .map(|(_, s)| *s)
                .ok_or_else(|| Failure::invalid("apiVersion", "must be 1.0.0 or 2.0.0"))?;
            // Byte windows, not `str` searching: no panicking slice path in the module.
            const PREFIX: &[u8] = b"/api/rest/srm/";
            let bytes = base.as_bytes();
            if bytes.strip_suffix(segment.as_bytes()).is_some_and(|rest| rest.ends_with(PREFIX)) {
                Ok(base.to_string())
            } else if bytes.windows(PREFIX.len()).any(|w| w == PREFIX) {
                Err(Failure::invalid("apiVersion", &cat(&["does not match baseUrl ", base])))
            } else {
                Ok(cat(&[base, "/api/rest/srm/", segment]))
            }
        }
        Auth::H4 if version == "4.7" => Ok(base.to_string()),
        Auth::H4 => Err(Failure::invalid("apiVersion", "this client speaks h4 API 4.7")),
        Auth::None => Err(Failure::invalid("apiVersion", "this API has one version")),
    }
}

/// Parse and check the options, then log in; resolves with the session.
pub async fn login(spec: &'static Spec, options: JsValue) -> Result<Rc<Session>, Failure> {
    if !options.is_object() {
        return Err(Failure::invalid("options", "login takes { baseUrl, username, password }"));
    }
    let base = opt_string(&options, "baseUrl")?.ok_or_else(|| Failure::invalid("baseUrl", "is required"))?;
    let auth = spec.auth();
    // An API without a session takes no credentials.
    let credentials = if auth == Auth::None { None } else { Some(credentials_arg(&options)?) };
    let base = base_url(auth, &base, opt_string(&options, "apiVersion")?.as_deref())?;
    let callback = opt_function(&options, "credentials")?;
    let call_options = CallOptions::parse(&options)?;
    let session = Session::new(spec, base, callback);
    if let Some(credentials) = &credentials {
        session.login(credentials, &call_options).await?;
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
