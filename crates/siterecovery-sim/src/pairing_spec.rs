//! PairingSpec (createPairing / reconnectPairing body): its soft problems for `_meta.errors`,
//! and the checks against the simulated remote site that decide whether the pairing task
//! ends SUCCESS or ERROR. Its structure is checked by the front, against the spec.

use serde_json::{json, Value};

use crate::state::{other, Sim, SiteIdx};

/// A PairingSpec, read from a body the front has checked against the spec.
pub(crate) struct Spec {
    pub vc_guid: String,
    psc_url: String,
    psc_port: i64,
    psc_thumbprint: Option<String>,
    username: String,
    password: String,
    srm_thumbprint: Option<String>,
    pub meta_errors: Vec<Value>,
}

fn text(value: &Value, name: &str) -> Option<String> {
    value.get(name).and_then(Value::as_str).map(str::to_string)
}

impl Spec {
    /// The fields of a checked PairingSpec body (types and required fields are the front's
    /// business; what is left here are the soft problems that go to `_meta.errors`).
    pub(crate) fn read(body: Option<&Value>) -> Spec {
        let map = body.unwrap_or(&Value::Null);
        let psc = map.get("pair_psc_info").unwrap_or(&Value::Null);
        let srm_url = text(map, "pair_srm_url");
        let srm_thumbprint = text(map, "pair_srm_thumbprint");
        let meaningful = |v: &Option<String>| v.as_deref().is_some_and(|s| !s.trim().is_empty());
        let mut meta_errors = Vec::new();
        if meaningful(&srm_url) && !meaningful(&srm_thumbprint) {
            meta_errors.push(json!({
                "code": "MISSING_SRM_THUMBPRINT",
                "message": "pair_srm_thumbprint should be set when pair_srm_url is set; the remote SRM certificate is assumed trusted.",
                "field": "pair_srm_thumbprint",
            }));
        }
        if meaningful(&srm_thumbprint) && !meaningful(&srm_url) {
            meta_errors.push(json!({
                "code": "MISSING_SRM_URL",
                "message": "pair_srm_url should be set when pair_srm_thumbprint is set; the thumbprint was not checked against a URL.",
                "field": "pair_srm_url",
            }));
        }
        let srm_thumbprint = if meaningful(&srm_url) { srm_thumbprint.filter(|s| !s.trim().is_empty()) } else { None };
        Spec {
            vc_guid: text(map, "pair_vc_guid").unwrap_or_default(),
            psc_url: text(psc, "url").unwrap_or_default(),
            psc_port: psc.get("port").and_then(Value::as_i64).unwrap_or_default(),
            psc_thumbprint: text(psc, "thumbprint"),
            username: text(psc, "username").unwrap_or_default(),
            password: text(psc, "password").unwrap_or_default(),
            srm_thumbprint,
            meta_errors,
        }
    }
}

fn host_of(url: &str) -> String {
    let lower = url.trim().to_ascii_lowercase();
    let rest = lower.split_once("://").map_or(lower.as_str(), |(_, r)| r);
    let authority = rest.split('/').next().unwrap_or("");
    authority.split(':').next().unwrap_or("").to_string()
}

fn same_thumbprint(a: &str, b: &str) -> bool {
    let norm = |s: &str| s.chars().filter(|c| c.is_ascii_hexdigit()).collect::<String>().to_ascii_uppercase();
    norm(a) == norm(b)
}

/// Why pairing `site` with the spec's remote would fail, if it would.
pub(crate) fn check_remote(sim: &Sim, site: SiteIdx, spec: &Spec) -> Option<(String, String)> {
    let remote = &sim.srm[other(site)];
    let local = &sim.srm[site];
    if spec.vc_guid.eq_ignore_ascii_case(&local.vc_guid) {
        return Some((
            "Cannot pair a Site Recovery Manager server with itself.".into(),
            format!("pair_vc_guid {} is the local vCenter Server.", spec.vc_guid),
        ));
    }
    if host_of(&spec.psc_url) != remote.psc_host || spec.psc_port != remote.psc_port {
        return Some((
            format!("Cannot connect to Platform Services Controller at {}:{}.", spec.psc_url, spec.psc_port),
            "Connection refused: no Platform Services Controller at that address.".into(),
        ));
    }
    if let Some(tp) = &spec.psc_thumbprint {
        if !tp.trim().is_empty() && !same_thumbprint(tp, &remote.psc_thumbprint) {
            return Some((
                "The Platform Services Controller certificate thumbprint does not match.".into(),
                format!("Expected thumbprint {tp}, but the server presented a different certificate."),
            ));
        }
    }
    if !spec.username.eq_ignore_ascii_case(&remote.username) || spec.password != remote.password {
        return Some((
            "Cannot log in to the remote Platform Services Controller: invalid credentials.".into(),
            "Authentication failed for the given username and password.".into(),
        ));
    }
    if !spec.vc_guid.eq_ignore_ascii_case(&remote.vc_guid) {
        return Some((
            format!("vCenter Server with guid '{}' was not found.", spec.vc_guid),
            format!("The Platform Services Controller at {} does not register that vCenter Server.", spec.psc_url),
        ));
    }
    if let Some(tp) = &spec.srm_thumbprint {
        if !same_thumbprint(tp, &remote.srm_thumbprint) {
            return Some((
                "The remote Site Recovery Manager certificate thumbprint does not match.".into(),
                format!("Expected thumbprint {tp}."),
            ));
        }
    }
    None
}
