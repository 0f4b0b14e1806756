//! The few rules of the JS methods that are not in the table: the generator follows them when
//! it writes each client's TypeScript (siterecovery-codegen `surface`), the wasm crate when it
//! sorts a call's arguments (siterecovery-wasm `call`). One copy, so the two cannot drift.

/// The SRM remote login (operation, alias of its method): the method takes the remote site's
/// credentials after its path argument, sent as Basic auth; its 401 never logs in again.
pub const REMOTE_LOGIN: (&str, &str) = ("createRemoteSession", "loginRemote");

/// The h4 header for log correlation: every call that has it sends one, from
/// `options.operationId` (or a fresh id), never from a parameters object.
pub const CORRELATION_HEADER: &str = "operationID";

/// Whether a parameter named `name` is the correlation header (names are case-insensitive).
pub fn is_correlation(name: &str) -> bool {
    name.eq_ignore_ascii_case(CORRELATION_HEADER)
}

/// Whether the method of an operation with these query and header parameters takes a
/// parameters object: it has one besides the correlation header.
pub fn takes_params<'a>(names: impl IntoIterator<Item = &'a str>) -> bool {
    names.into_iter().any(|name| !is_correlation(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_correlation_header_alone_takes_no_parameters_object() {
        assert!(is_correlation("OperationId"));
        assert!(!takes_params([]));
        assert!(!takes_params(["operationID"]));
        assert!(takes_params(["operationID", "limit"]));
    }
}
