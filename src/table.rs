//! The generated tables ([`crate::srm::API`], [`crate::replication::API`]) over `serde_json`
//! (the schema crate reads a `&serde_json::Value` through its `Json` trait, feature
//! `serde_json`): the validator's [`Patterns`] engine (the one the typed client's pattern
//! checks use, from `siterecovery-pattern`), and its verdicts as this crate's [`Error`].
use serde_json::Value;
use siterecovery_schema::{Invalid, Operation, Patterns};

use crate::{Error, JsonCall};

/// The validator's pattern engine over the typed client's own regex engine (`regress`).
pub use regress::RegexPatterns;

/// Check a JSON call of `op` against `api` before anything is sent (path arguments as
/// strings, the parameters object, the body). The error names the field as a JS user
/// writes it.
pub fn check_request(api: &siterecovery_schema::Api, op: &Operation, call: &JsonCall, patterns: &dyn Patterns) -> Result<(), Invalid> {
    let path: Vec<Value> = call.path.iter().cloned().map(Value::String).collect();
    let path: Vec<&Value> = path.iter().collect();
    siterecovery_schema::validate_request(api, op, &path, call.params.as_ref().as_ref(), call.body.as_ref().as_ref(), patterns)
}

/// Check a response body (`None`: empty) for `status` against the schema `op` documents.
pub fn check_response(
    api: &siterecovery_schema::Api,
    op: &Operation,
    status: u16,
    body: Option<&Value>,
    patterns: &dyn Patterns,
) -> Result<(), Invalid> {
    siterecovery_schema::validate_response(api, op, status, body.as_ref(), patterns)
}

/// A rejected request as [`Error::Validation`].
pub fn validation_error(invalid: &Invalid) -> Error {
    Error::validation(invalid.field(), invalid.reason.to_string())
}

/// A rejected response as [`Error::Decode`] (no field when the whole body is at fault).
pub fn decode_error(status: u16, invalid: &Invalid) -> Error {
    let field = (!invalid.path.is_empty()).then(|| invalid.field());
    Error::Decode { status: Some(status), field, message: invalid.reason.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_generated_tables_check_calls_and_responses() {
        let patterns = RegexPatterns::new();
        let api = &crate::replication::API;
        let pair = api.operation("pairSite").unwrap();
        let call = |body: Value| JsonCall { body: Some(body), ..JsonCall::default() };
        let good = format!("SHA-256:{}AB", "0F:".repeat(31));
        assert_eq!(check_request(api, pair, &call(json!({"apiThumbprint": good, "apiUrl": "https://b:8048"})), &patterns), Ok(()));
        let bad = check_request(api, pair, &call(json!({"apiThumbprint": "SHA-1:00"})), &patterns).unwrap_err();
        assert_eq!(bad.field(), "apiThumbprint");
        assert!(
            matches!(validation_error(&bad), Error::Validation { field, message } if field == "apiThumbprint" && message.contains("pattern"))
        );

        let get = api.operation("getTask").unwrap();
        let not_uuid = JsonCall { path: vec!["t-1".into()], ..JsonCall::default() };
        assert_eq!(check_request(api, get, &not_uuid, &patterns).unwrap_err().field(), "id");
        let task = json!({"id": "f61d60d2-698a-46dc-a266-88df27644956", "state": "DONE"});
        let e = check_response(api, get, 200, Some(&task), &patterns).unwrap_err();
        assert!(matches!(decode_error(200, &e), Error::Decode { status: Some(200), field: Some(f), .. } if f == "state"));
        assert_eq!(check_response(api, get, 404, Some(&json!({"code": "NotFound", "extra": 1})), &patterns), Ok(()));
        assert_eq!(crate::srm::API.operations.len(), crate::srm::OPERATIONS.len());
    }
}
