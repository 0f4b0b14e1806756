//! Logging in: SRM (`POST /session` with Basic auth -> `x-dr-session`, and the remote site's
//! `POST /pairings/{id}/remote-session`) and h4 (`POST /sessions` -> `X-VCAV-Auth`).
use std::fmt;

use serde_json::{json, Value};
use siterecovery_schema::Api;

use crate::table::RegexPatterns;
use crate::{replication, srm, ApiClient, Error, JsonCall, ResponseValue, Transport};

pub const SRM_SESSION_HEADER: &str = "x-dr-session";
pub const H4_SESSION_HEADER: &str = "X-VCAV-Auth";

/// A username and password. `Debug` never shows the password.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    pub username: String,
    pub password: String,
}

impl Credentials {
    pub fn new(username: &str, password: &str) -> Result<Credentials, Error> {
        if username.trim().is_empty() {
            return Err(Error::validation("username", "must not be empty"));
        }
        if password.is_empty() {
            return Err(Error::validation("password", "must not be empty"));
        }
        Ok(Credentials { username: username.to_string(), password: password.to_string() })
    }

    /// The `Authorization: Basic ...` value.
    pub fn basic(&self) -> String {
        format!("Basic {}", crate::base64::encode_standard(format!("{}:{}", self.username, self.password).as_bytes()))
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials").field("username", &self.username).field("password", &"<redacted>").finish()
    }
}

/// One operation of `api` by its operationId, through the table (`crate::call`): what the
/// logins below send, so they work the same natively and in the wasm package.
async fn table_call<T: Transport>(
    client: &ApiClient<T>,
    api: &'static Api,
    operation_id: &str,
    call: JsonCall,
) -> Result<ResponseValue<Value>, Error> {
    let op = api.operation(operation_id).ok_or_else(|| Error::validation("operationId", "is not an operation of this API"))?;
    crate::call::call(client, api, op, &call, &RegexPatterns::new()).await
}

/// SRM: Basic auth on `POST /session`; the returned session id goes into `x-dr-session`
/// on every later call of this client (and its clones).
pub async fn srm_login<T: Transport + Clone>(client: &srm::Client<T>, credentials: &Credentials) -> Result<(), Error> {
    let login = client.api().clone().without_auth().with_header("authorization", &credentials.basic());
    let response = table_call(&login, &srm::API, "login", JsonCall::default()).await?;
    let session_id = response.inner.get("session_id").and_then(Value::as_str).filter(|s| !s.is_empty()).ok_or_else(|| Error::Decode {
        status: Some(response.status),
        field: Some("session_id".into()),
        message: "login answered without a session id".into(),
    })?;
    client.api().set_auth(SRM_SESSION_HEADER, session_id);
    Ok(())
}

/// SRM: log in to the remote site of a pairing (Basic auth of the remote site, on top of
/// the local session). Needed before plan actions.
pub async fn srm_remote_login<T: Transport + Clone>(client: &srm::Client<T>, pairing_id: &str, remote: &Credentials) -> Result<(), Error> {
    let call = client.api().clone().with_header("authorization", &remote.basic());
    table_call(&call, &srm::API, "createRemoteSession", JsonCall { path: vec![pairing_id.to_string()], ..JsonCall::default() }).await?;
    Ok(())
}

/// h4: `POST /sessions {type: localUser, ...}`; the token comes back in `X-VCAV-Auth`.
pub async fn h4_login<T: Transport + Clone>(
    client: &replication::Client<T>,
    credentials: &Credentials,
    operation_id: Option<String>,
) -> Result<(), Error> {
    let body = json!({ "type": "localUser", "localUser": credentials.username, "localPassword": credentials.password });
    let params = operation_id.map(|id| json!({ "operationID": id }));
    let login = client.api().clone().without_auth();
    let response = table_call(&login, &replication::API, "login", JsonCall { body: Some(body), params, ..JsonCall::default() }).await?;
    let token = response.header(H4_SESSION_HEADER).ok_or_else(|| Error::Decode {
        status: Some(response.status),
        field: Some(H4_SESSION_HEADER.into()),
        message: "login answered without a session token header".into(),
    })?;
    client.api().set_auth(H4_SESSION_HEADER, token);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_auth_and_redaction() {
        let c = Credentials::new("administrator@vsphere.local", "s3cr3t!").unwrap();
        assert_eq!(c.basic(), "Basic YWRtaW5pc3RyYXRvckB2c3BoZXJlLmxvY2FsOnMzY3IzdCE=");
        assert!(!format!("{c:?}").contains("s3cr3t"));
        assert!(matches!(Credentials::new(" ", "x"), Err(Error::Validation { field, .. }) if field == "username"));
    }
}
