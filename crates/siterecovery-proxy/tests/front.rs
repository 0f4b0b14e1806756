//! The front over sockets: a simulator (or an echo server) on one port plays the appliances,
//! the front on another forwards to it; TLS upstreams with a self-signed certificate.

mod common;

use std::sync::Arc;

use axum::http::{HeaderMap, StatusCode};
use axum::Router;
use common::*;
use serde_json::{json, Value};
use siterecovery_proxy::{router, FrontConfig, Kind, Tls, Upstream};
use siterecovery_sim::{Fault, FaultKind, SimConfig, SimHandle};

const H4: &str = "application/vnd.vmware.h4-v4.7+json;charset=UTF-8";

#[tokio::test]
async fn srm_and_h4_sessions_work_through_the_front() {
    let (sim, handle) = simulator().await;
    let front = front_of_sim(&sim).await;
    let info = handle.info();
    let (user, password) = (info["srm"][0]["username"].as_str().unwrap(), info["srm"][0]["password"].as_str().unwrap());

    let login = http().post(format!("{front}/srm/a/api/rest/srm/v2/session")).basic_auth(user, Some(password)).send().await.unwrap();
    assert_eq!(login.status(), 200);
    let session = json_of(login).await["session_id"].as_str().unwrap().to_string();
    let pairings =
        http().get(format!("{front}/srm/a/api/rest/srm/v2/pairings?limit=5")).header("x-dr-session", &session).send().await.unwrap();
    assert_eq!(pairings.status(), 200);
    assert_eq!(json_of(pairings).await["_meta"]["limit"], 5, "the query went through");
    let bad = http().get(format!("{front}/srm/b/api/rest/srm/v2/pairings")).header("x-dr-session", &session).send().await.unwrap();
    assert_eq!(bad.status(), 401, "site B is another upstream: A's session means nothing there");

    let vr = &info["replication"][1];
    let body = json!({ "type": "localUser", "localUser": vr["username"], "localPassword": vr["password"] });
    let login = http()
        .post(format!("{front}/vr/b/sessions"))
        .header("content-type", H4)
        .header("accept", H4)
        .header("operationID", "op-42")
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 200);
    assert_eq!(login.headers()["content-type"], H4);
    let token = login.headers()["x-vcav-auth"].to_str().unwrap().to_string();
    let sites = http().get(format!("{front}/vr/b/sites")).header("X-VCAV-Auth", &token).header("accept", H4).send().await.unwrap();
    assert_eq!(sites.status(), 200);
    let seen = handle.requests();
    assert!(
        seen.iter().any(|r| r.path == "/vr/b/sessions" && r.operation_id.as_deref() == Some("op-42")),
        "operationID forwarded: {seen:?}"
    );
}

#[tokio::test]
async fn retry_after_passes_and_a_dropped_answer_is_a_502() {
    let (sim, handle) = simulator().await;
    let front = front_of_sim(&sim).await;
    let busy = FaultKind::Status { status: 429, retry_after_s: Some(7), retry_after_date_s: None, body: None };
    handle.inject_faults(vec![Fault { method: None, path: Some("/vr/a/sites".into()), kind: busy, times: 1 }]);
    let r = http().get(format!("{front}/vr/a/sites")).send().await.unwrap();
    assert_eq!((r.status().as_u16(), r.headers()["retry-after"].to_str().unwrap()), (429, "7"));

    handle.inject_faults(vec![Fault { method: None, path: Some("/vr/a/sites".into()), kind: FaultKind::Drop, times: 1 }]);
    let r = http().get(format!("{front}/vr/a/sites")).send().await.unwrap();
    assert_eq!(r.status(), 502);
    let body = json_of(r).await;
    assert_eq!(
        (body["cause"].as_str(), body["upstream"].as_str()),
        (Some("dropped"), Some(format!("{sim}/vr/a/sites").as_str())),
        "{body}"
    );
}

/// An upstream that shows what it got and answers with headers the front must filter.
fn echo() -> Router {
    Router::new().fallback(|method: axum::http::Method, uri: axum::http::Uri, headers: HeaderMap, body: String| async move {
        let names: Vec<String> = headers.keys().map(|k| k.to_string()).collect();
        let seen = json!({ "method": method.as_str(), "uri": uri.to_string(), "headers": names, "body": body });
        (
            StatusCode::UNAUTHORIZED,
            [
                ("content-type", "application/json"),
                ("www-authenticate", "Basic realm=\"srm\""),
                ("set-cookie", "JSESSIONID=1"),
                ("x-vcav-auth", "tok"),
                ("retry-after", "3"),
            ],
            seen.to_string(),
        )
    })
}

#[tokio::test]
async fn only_the_clients_headers_go_up_and_no_browser_prompt_comes_back() {
    let (listener, port) = listen().await;
    serve(listener, echo());
    let front = front(&[(Kind::Srm, "a", format!("http://127.0.0.1:{port}/base"))], Tls::default()).await;
    let r = http()
        .put(format!("{front}/srm/a/api/rest/srm/v2/x%20y?a=1&b=2"))
        .header("authorization", "Basic YTpi")
        .header("x-dr-session", "s")
        .header("cookie", "demo=1")
        .header("origin", "http://127.0.0.1:1")
        .header("referer", "http://127.0.0.1:1/")
        .header("content-type", "application/json")
        .body("{\"k\":1}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let headers = r.headers().clone();
    let seen = json_of(r).await;
    assert_eq!(seen["method"], "PUT");
    assert_eq!(seen["uri"], "/base/api/rest/srm/v2/x%20y?a=1&b=2");
    assert_eq!(seen["body"], "{\"k\":1}");
    let sent: Vec<&str> = seen["headers"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
    for h in ["authorization", "x-dr-session", "content-type"] {
        assert!(sent.contains(&h), "{h} not forwarded: {sent:?}");
    }
    for h in ["cookie", "origin", "referer"] {
        assert!(!sent.contains(&h), "{h} forwarded: {sent:?}");
    }
    assert_eq!((headers["x-vcav-auth"].to_str().unwrap(), headers["retry-after"].to_str().unwrap()), ("tok", "3"));
    assert!(headers.get("www-authenticate").is_none() && headers.get("set-cookie").is_none(), "{headers:?}");

    // An empty body goes up as it came: `Content-Length: 0` (a browser's POST without a body)
    // or no length at all (a GET).
    for (method, length) in [(reqwest::Method::GET, false), (reqwest::Method::POST, true)] {
        let mut r = http().request(method.clone(), format!("{front}/srm/a/x"));
        if length {
            r = r.header("content-length", "0");
        }
        let seen = json_of(r.send().await.unwrap()).await;
        let names: Vec<&str> = seen["headers"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
        assert_eq!(names.contains(&"content-length"), length, "{method}: {names:?}");
    }
}

#[tokio::test]
async fn an_unreachable_upstream_is_a_502_naming_it_and_no_secret() {
    let port = closed_port().await;
    let front = front(&[(Kind::Srm, "a", format!("http://127.0.0.1:{port}"))], Tls::default()).await;
    let r =
        http().post(format!("{front}/srm/a/api/rest/srm/v2/session")).basic_auth("admin", Some("S3cr3t-Pa55-proxy")).send().await.unwrap();
    assert_eq!(r.status(), 502);
    assert_eq!(r.headers()["content-type"], "application/json");
    let text = r.text().await.unwrap();
    assert!(!text.contains("S3cr3t") && !text.contains("YWRtaW46"), "a credential in {text}");
    let body: Value = serde_json::from_str(&text).unwrap();
    let url = format!("http://127.0.0.1:{port}/api/rest/srm/v2/session");
    assert_eq!(
        (body["error_code"].as_str(), body["cause"].as_str(), body["upstream"].as_str()),
        (Some("PROXY_UPSTREAM_UNREACHABLE"), Some("unreachable"), Some(url.as_str()))
    );
    let message = body["message"].as_str().unwrap();
    assert!(message.contains(&url) && message.to_lowercase().contains("refused") && message.contains("reachable"), "{message}");

    let r = http().get(format!("{front}/vr/b/sites")).send().await.unwrap();
    assert_eq!(r.status(), 404);
    assert!(json_of(r).await["message"].as_str().unwrap().contains("--vr-b URL"));
}

#[tokio::test]
async fn the_page_info_names_the_proxied_urls_and_only_local_hosts_are_served() {
    let web = std::env::temp_dir().join(format!("proxy-web-{}", std::process::id()));
    std::fs::create_dir_all(&web).unwrap();
    std::fs::write(web.join("index.html"), "<!doctype html><title>page</title>").unwrap();
    let upstreams = vec![Upstream::parse(Kind::Srm, "a", "https://srm-a.lab.invalid").unwrap()];
    let app = router(&FrontConfig { upstreams, web_dir: Some(web.clone()), ..FrontConfig::default() }).unwrap();
    let (listener, port) = listen().await;
    serve(listener, app);
    let front = format!("http://127.0.0.1:{port}");

    let info = json_of(http().get(format!("{front}/_sim/info")).send().await.unwrap()).await;
    assert_eq!(info["srm"][0]["url"], format!("{front}/srm/a/api/rest/srm/v2"));
    assert_eq!(info["srm"][0]["upstream"], "https://srm-a.lab.invalid/api/rest/srm/v2");
    assert_eq!((info["srm"].as_array().unwrap().len(), &info["replication"][0]["url"]), (2, &Value::Null));
    let via_localhost = json_of(http().get(format!("http://localhost:{port}/_sim/info")).send().await.unwrap()).await;
    assert_eq!(via_localhost["srm"][0]["url"], format!("http://localhost:{port}/srm/a/api/rest/srm/v2"), "the page's own origin");

    let page = http().get(format!("{front}/")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert_eq!(page.headers()["content-security-policy"], siterecovery_sim::PAGE_CSP);
    let rebound = http().get(format!("{front}/_sim/info")).header("host", format!("evil.example:{port}")).send().await.unwrap();
    assert_eq!(rebound.status(), 421);
    let _ = std::fs::remove_dir_all(web);
}

// ---- TLS ------------------------------------------------------------------------------------

/// A simulator served over TLS with a new self-signed certificate for 127.0.0.1; returns its
/// base URL, the certificate (PEM) and its handle.
async fn tls_simulator() -> (String, String, SimHandle) {
    use hyper_util::rt::TokioIo;
    use tokio_rustls::rustls;
    let cert = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_string(), "localhost".to_string()]).unwrap();
    let key = rustls::pki_types::PrivatePkcs8KeyDer::from(cert.signing_key.serialize_der());
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![cert.cert.der().clone()], key.into())
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let (listener, port) = listen().await;
    let base = format!("https://127.0.0.1:{port}");
    let (app, handle) = siterecovery_sim::router(SimConfig { task_duration_ms: 150, base_url: base.clone(), ..SimConfig::default() });
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let (acceptor, app) = (acceptor.clone(), app.clone());
            tokio::spawn(async move {
                // A handshake the front refuses (untrusted certificate) just ends here.
                let Ok(tls) = acceptor.accept(tcp).await else { return };
                let service = hyper_util::service::TowerToHyperService::new(app);
                let _ = hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(tls), service).await;
            });
        }
    });
    (base, cert.cert.pem(), handle)
}

async fn srm_login_status(front: &str, handle: &SimHandle) -> (u16, Value) {
    let info = handle.info();
    let (user, password) = (info["srm"][0]["username"].as_str().unwrap(), info["srm"][0]["password"].as_str().unwrap());
    let r = http().post(format!("{front}/srm/a/api/rest/srm/v2/session")).basic_auth(user, Some(password)).send().await.unwrap();
    (r.status().as_u16(), json_of(r).await)
}

#[tokio::test]
async fn a_self_signed_upstream_is_refused_by_default_and_trusted_with_its_certificate_or_insecure_tls() {
    let (sim, cert_pem, handle) = tls_simulator().await;
    let srm_a = [(Kind::Srm, "a", format!("{sim}/srm/a"))];

    let verified = front(&srm_a, Tls::default()).await;
    let (status, body) = srm_login_status(&verified, &handle).await;
    assert_eq!((status, body["cause"].as_str()), (502, Some("certificate")), "{body}");
    let message = body["message"].as_str().unwrap();
    assert!(
        message.contains(&format!("{sim}/srm/a/api/rest/srm/v2/session"))
            && message.contains("not trusted")
            && message.contains("--insecure-tls")
            && message.contains("--ca-cert"),
        "{message}"
    );
    assert!(handle.requests().is_empty(), "no request reached the upstream");

    let with_cert = front(&srm_a, Tls { ca_pem: vec![cert_pem.into_bytes()], insecure: false }).await;
    let (status, body) = srm_login_status(&with_cert, &handle).await;
    assert_eq!(status, 200, "{body}");

    let insecure = front(&srm_a, Tls { ca_pem: vec![], insecure: true }).await;
    let (status, body) = srm_login_status(&insecure, &handle).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(handle.requests().len(), 2);
}
