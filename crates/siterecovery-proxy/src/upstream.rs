//! One appliance behind the front: which path of the front (`/srm/a`) stands for which URL.
//!
//! The paths are the simulator's, so the page and its users see one layout: SRM site A's base
//! URL is `<front>/srm/a/api/rest/srm/v2`, replication appliance B's is `<front>/vr/b`.

use reqwest::Url;

/// What kind of server an upstream is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Site Recovery Manager: given as its address (`https://srm-a.example`), or as its API base
    /// URL (`.../api/rest/srm/v2` or `/v1`), which keeps that version.
    Srm,
    /// vSphere Replication appliance: given as its h4 API base URL, the client's `baseUrl`.
    Replication,
}

/// The SRM API path the page's base URL ends in, unless the given URL names another version.
const SRM_API: &str = "/api/rest/srm/v2";
const SRM_APIS: [&str; 2] = ["/api/rest/srm/v2", "/api/rest/srm/v1"];

/// An appliance the front forwards to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Upstream {
    pub kind: Kind,
    /// `a` or `b`.
    pub site: String,
    /// The front's path for it: `/srm/a`, `/vr/b`. Whatever follows goes after `target`.
    pub prefix: String,
    /// Scheme, host, port and path that `prefix` stands for, without a trailing slash.
    pub target: String,
    /// What follows `prefix` in the API's base URL: `/api/rest/srm/v2` for SRM, empty for an
    /// appliance (its URL is the base URL).
    pub api_path: String,
}

/// The command-line flags that name an upstream: `--srm-a`, `--srm-b`, `--vr-a`, `--vr-b`.
pub const FLAGS: [(&str, Kind, &str); 4] =
    [("--srm-a", Kind::Srm, "a"), ("--srm-b", Kind::Srm, "b"), ("--vr-a", Kind::Replication, "a"), ("--vr-b", Kind::Replication, "b")];

impl Upstream {
    /// The upstream a flag of [`FLAGS`] names, checked: `http` or `https`, a host, no
    /// user name or password (they would show in errors and logs), no query or fragment.
    pub fn parse(kind: Kind, site: &str, url: &str) -> Result<Upstream, String> {
        let what = match kind {
            Kind::Srm => format!("SRM site {}", site.to_uppercase()),
            Kind::Replication => format!("replication appliance {}", site.to_uppercase()),
        };
        let parsed = Url::parse(url).map_err(|e| format!("{what}: `{url}` is no URL ({e})"))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(format!("{what}: `{url}` is not an http(s) URL"));
        }
        if parsed.host_str().is_none_or(str::is_empty) {
            return Err(format!("{what}: `{url}` names no host"));
        }
        if !parsed.username().is_empty() || parsed.password().is_some() {
            return Err(format!("{what}: put no user name or password in the URL (the page logs in with them)"));
        }
        if parsed.query().is_some() || parsed.fragment().is_some() {
            return Err(format!("{what}: `{url}` has a query or fragment; give the server's address or base URL"));
        }
        let mut target = parsed.as_str().trim_end_matches('/').to_string();
        let mut api_path = String::new();
        if kind == Kind::Srm {
            api_path = SRM_API.to_string();
            if let Some(api) = SRM_APIS.iter().find(|api| target.ends_with(*api)) {
                target.truncate(target.len() - api.len());
                api_path = api.to_string();
            }
        }
        let prefix = match kind {
            Kind::Srm => format!("/srm/{site}"),
            Kind::Replication => format!("/vr/{site}"),
        };
        Ok(Upstream { kind, site: site.to_string(), prefix, target, api_path })
    }

    /// The upstream URL of a request to the front whose path is `path` (it starts with
    /// `prefix`; the rest is kept as sent, percent-encoding included) and whose query is `query`.
    pub fn url_for(&self, path: &str, query: Option<&str>) -> String {
        let rest = path.strip_prefix(self.prefix.as_str()).unwrap_or("");
        match query {
            Some(q) => format!("{}{rest}?{q}", self.target),
            None => format!("{}{rest}", self.target),
        }
    }

    /// The API's base URL through the front at `front` (`http://127.0.0.1:8470`).
    pub fn front_base_url(&self, front: &str) -> String {
        format!("{front}{}{}", self.prefix, self.api_path)
    }

    /// The API's base URL on the appliance itself.
    pub fn base_url(&self) -> String {
        format!("{}{}", self.target, self.api_path)
    }

    /// A `Location` the upstream sent, as a path on the front when it points into the upstream.
    pub fn front_location(&self, location: &str) -> String {
        match location.strip_prefix(self.target.as_str()) {
            Some(rest) if rest.is_empty() || rest.starts_with(['/', '?']) => format!("{}{rest}", self.prefix),
            _ => location.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn srm_takes_an_address_or_an_api_base_url() {
        let a = Upstream::parse(Kind::Srm, "a", "https://srm-a.lab.example/").unwrap();
        assert_eq!(
            (a.prefix.as_str(), a.target.as_str(), a.api_path.as_str()),
            ("/srm/a", "https://srm-a.lab.example", "/api/rest/srm/v2")
        );
        assert_eq!(a.front_base_url("http://127.0.0.1:8470"), "http://127.0.0.1:8470/srm/a/api/rest/srm/v2");
        assert_eq!(a.base_url(), "https://srm-a.lab.example/api/rest/srm/v2");
        assert_eq!(
            a.url_for("/srm/a/api/rest/srm/v2/tasks/t%201", Some("limit=5")),
            "https://srm-a.lab.example/api/rest/srm/v2/tasks/t%201?limit=5"
        );

        let v1 = Upstream::parse(Kind::Srm, "b", "https://10.0.0.5:8443/api/rest/srm/v1").unwrap();
        assert_eq!((v1.target.as_str(), v1.api_path.as_str()), ("https://10.0.0.5:8443", "/api/rest/srm/v1"));
        assert_eq!(v1.front_base_url("http://localhost:1"), "http://localhost:1/srm/b/api/rest/srm/v1");

        // A path before the API's (a simulator's `/srm/a`) stays in front of what is forwarded.
        let sim = Upstream::parse(Kind::Srm, "a", "http://127.0.0.1:9000/srm/a").unwrap();
        assert_eq!(sim.url_for("/srm/a/api/rest/srm/v2/session", None), "http://127.0.0.1:9000/srm/a/api/rest/srm/v2/session");
    }

    #[test]
    fn an_appliance_url_is_its_base_url() {
        let vr = Upstream::parse(Kind::Replication, "b", "https://vr-b.lab.example:8043").unwrap();
        assert_eq!((vr.prefix.as_str(), vr.target.as_str(), vr.api_path.as_str()), ("/vr/b", "https://vr-b.lab.example:8043", ""));
        assert_eq!(vr.front_base_url("http://127.0.0.1:8470"), "http://127.0.0.1:8470/vr/b");
        assert_eq!(vr.url_for("/vr/b/sessions", None), "https://vr-b.lab.example:8043/sessions");
        assert_eq!(vr.url_for("/vr/b", None), "https://vr-b.lab.example:8043");
    }

    #[test]
    fn bad_urls_are_refused_with_the_reason() {
        for (url, why) in [
            ("srm-a.lab", "no URL"),
            ("ftp://srm-a.lab", "not an http(s) URL"),
            ("https://admin:secret@srm-a.lab", "no user name or password"),
            ("https://admin@srm-a.lab", "no user name or password"),
            ("https://srm-a.lab/?x=1", "query or fragment"),
        ] {
            let e = Upstream::parse(Kind::Srm, "a", url).unwrap_err();
            assert!(e.contains(why) && e.starts_with("SRM site A"), "{url}: {e}");
            assert!(!e.contains("secret"), "{e}");
        }
    }

    #[test]
    fn locations_into_the_upstream_become_front_paths() {
        let a = Upstream::parse(Kind::Srm, "a", "https://srm-a.lab").unwrap();
        assert_eq!(a.front_location("https://srm-a.lab/api/rest/srm/v2/tasks/1"), "/srm/a/api/rest/srm/v2/tasks/1");
        assert_eq!(a.front_location("https://srm-a.lab.evil/x"), "https://srm-a.lab.evil/x");
        assert_eq!(a.front_location("https://sso.lab/login"), "https://sso.lab/login");
    }
}
