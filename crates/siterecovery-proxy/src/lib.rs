//! The demo page in front of real appliances (`cargo xtask demo --srm-a URL ...`).
//!
//! A browser reaches an SRM server or a replication appliance only same-origin, or when the
//! server allows the page's origin (CORS) with a certificate the browser trusts, which real
//! appliances rarely offer an arbitrary page. This front serves the page (`web/` at `/`, the
//! package at `/pkg/`, under the simulator's Content-Security-Policy) and forwards each
//! appliance under its own path of the same origin, the simulator's layout:
//!
//! | front | upstream |
//! |---|---|
//! | `/srm/a/...`, `/srm/b/...` | `--srm-a`, `--srm-b` (SRM address; base URL `/srm/a/api/rest/srm/v2`) |
//! | `/vr/a/...`, `/vr/b/...` | `--vr-a`, `--vr-b` (the appliance's h4 base URL) |
//! | `/_sim/info` | the proxied base URLs, in the simulator's shape, so the page prefills them |
//!
//! TLS to the upstreams is verified (Mozilla's roots and the system's store, plus any
//! `--ca-cert`); `--insecure-tls` turns verification off for a lab's self-signed certificates.
//! An upstream that gives no answer makes a 502 naming its URL and the cause (`failure`).
//! Only local Host names are served (a page on another site that resolves its name to
//! 127.0.0.1 gets nothing), and nothing here sends CORS headers: the page is same-origin.

use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{any, get};
use axum::Router;
use serde_json::{json, Value};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

pub mod failure;
pub mod forward;
pub mod upstream;

pub use upstream::{Kind, Upstream, FLAGS};

/// How the front checks the upstreams' certificates.
#[derive(Clone, Debug, Default)]
pub struct Tls {
    /// PEM certificates to trust besides the built-in and system roots (`--ca-cert FILE`).
    pub ca_pem: Vec<Vec<u8>>,
    /// Accept any certificate (`--insecure-tls`): for a lab's self-signed ones only.
    pub insecure: bool,
}

/// What the front serves.
#[derive(Clone, Debug, Default)]
pub struct FrontConfig {
    pub upstreams: Vec<Upstream>,
    pub tls: Tls,
    /// Directory served at `/` (the demo page).
    pub web_dir: Option<PathBuf>,
    /// Directory served at `/pkg/` (the built npm package).
    pub pkg_dir: Option<PathBuf>,
}

/// The HTTP client for the upstreams: no redirects followed (a `Location` goes back to the
/// page, rewritten), no proxy from the environment, HTTP/1.1, TLS as `tls` says.
pub fn client(tls: &Tls) -> Result<reqwest::Client, String> {
    let mut builder = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .connect_timeout(forward::CONNECT_TIMEOUT)
        .timeout(forward::ANSWER_TIMEOUT)
        .user_agent(concat!("siterecovery-proxy/", env!("CARGO_PKG_VERSION")));
    for pem in &tls.ca_pem {
        for cert in reqwest::Certificate::from_pem_bundle(pem).map_err(|e| format!("--ca-cert: no PEM certificate ({e})"))? {
            builder = builder.add_root_certificate(cert);
        }
    }
    if tls.insecure {
        builder = builder.danger_accept_invalid_certs(true);
    }
    builder.build().map_err(|e| format!("cannot set up the HTTP client: {e}"))
}

/// The front's router.
pub fn router(config: &FrontConfig) -> Result<Router, String> {
    let client = client(&config.tls)?;
    let mut router = Router::new();
    for (flag, kind, site) in FLAGS {
        let prefix = match kind {
            Kind::Srm => format!("/srm/{site}"),
            Kind::Replication => format!("/vr/{site}"),
        };
        let route = match config.upstreams.iter().find(|u| u.prefix == prefix) {
            Some(up) => {
                let (up, client) = (Arc::new(up.clone()), client.clone());
                any(move |request: Request| {
                    let (up, client) = (up.clone(), client.clone());
                    async move { forward::forward(&client, &up, request).await }
                })
            }
            None => {
                let prefix = prefix.clone();
                any(move || std::future::ready(failure::not_configured(&prefix, flag)))
            }
        };
        router = router.route(&prefix, route.clone()).route(&format!("{prefix}/{{*rest}}"), route);
    }
    let info = Arc::new(config.clone());
    router = router.route("/_sim/info", get(move |request: Request| std::future::ready(info_response(&info, &request))));
    if let Some(pkg) = &config.pkg_dir {
        router = router.nest_service("/pkg", ServeDir::new(pkg));
    }
    if let Some(web) = &config.web_dir {
        router = router.fallback_service(ServeDir::new(web));
    }
    let csp = SetResponseHeaderLayer::if_not_present(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(siterecovery_sim::PAGE_CSP));
    Ok(router.layer(csp).layer(middleware::from_fn(local_hosts_only)))
}

/// The Host of a request, if it is a local name (`127.0.0.1`, `localhost`, `[::1]`, any port).
fn local_host(request: &Request) -> Option<&str> {
    let host = request.headers().get(header::HOST)?.to_str().ok()?;
    let name = match host.rsplit_once(':') {
        Some((name, port)) if !name.ends_with(':') && port.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => host,
    };
    matches!(name, "127.0.0.1" | "localhost" | "[::1]").then_some(host)
}

async fn local_hosts_only(request: Request, next: Next) -> Response {
    if local_host(&request).is_none() {
        return failure::foreign_host();
    }
    next.run(request).await
}

/// `/_sim/info` as the page reads it (web/sim-defaults.js): each site's base URL through this
/// front (null where no upstream was given), no credential; `proxy` says what is behind.
pub fn info(config: &FrontConfig, front: &str) -> Value {
    let entry = |kind: Kind, site: &str| {
        let up = config.upstreams.iter().find(|u| u.kind == kind && u.site == site);
        json!({ "site": site, "url": up.map(|u| u.front_base_url(front)), "upstream": up.map(Upstream::base_url) })
    };
    let upstreams: Vec<Value> = config.upstreams.iter().map(|u| json!({ "path": u.prefix, "url": u.target })).collect();
    json!({
        "base_url": front,
        "proxy": { "upstreams": upstreams, "tls": if config.tls.insecure { "not verified (--insecure-tls)" } else { "verified" } },
        "srm": [entry(Kind::Srm, "a"), entry(Kind::Srm, "b")],
        "replication": [entry(Kind::Replication, "a"), entry(Kind::Replication, "b")],
    })
}

fn info_response(config: &FrontConfig, request: &Request) -> Response {
    let front = format!("http://{}", local_host(request).unwrap_or("127.0.0.1"));
    let body = info(config, &front).to_string();
    let mut response = Response::new(body.into());
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(host: Option<&str>) -> Request {
        let mut b = axum::http::Request::builder().uri("/");
        if let Some(h) = host {
            b = b.header("host", h);
        }
        b.body(axum::body::Body::empty()).unwrap()
    }

    #[test]
    fn only_local_host_names_are_served() {
        for host in ["127.0.0.1:8470", "localhost:8470", "localhost", "[::1]:8470"] {
            assert_eq!(local_host(&request(Some(host))), Some(host), "{host}");
        }
        for host in [Some("evil.example:8470"), Some("127.0.0.1.evil.example"), Some("localhost.evil:1"), None] {
            assert_eq!(local_host(&request(host)), None, "{host:?}");
        }
    }

    #[test]
    fn info_has_the_page_urls_and_no_credentials() {
        let config = FrontConfig {
            upstreams: vec![
                Upstream::parse(Kind::Srm, "a", "https://srm-a.lab").unwrap(),
                Upstream::parse(Kind::Replication, "b", "https://vr-b.lab:8043").unwrap(),
            ],
            ..FrontConfig::default()
        };
        let info = info(&config, "http://127.0.0.1:8470");
        assert_eq!(info["srm"][0]["url"], "http://127.0.0.1:8470/srm/a/api/rest/srm/v2");
        assert_eq!(info["srm"][0]["upstream"], "https://srm-a.lab/api/rest/srm/v2");
        assert_eq!(info["srm"][1]["url"], Value::Null);
        assert_eq!(info["replication"][1]["url"], "http://127.0.0.1:8470/vr/b");
        assert_eq!(info["proxy"]["tls"], "verified");
        assert!(!info.to_string().contains("password") && !info.to_string().contains("username"));
    }
}
