//! Servers on ports of 127.0.0.1 for the tests: a simulator as the appliances, the front.
#![allow(dead_code)]

use axum::Router;
use serde_json::Value;
use siterecovery_proxy::{router, FrontConfig, Kind, Tls, Upstream};
use siterecovery_sim::{SimConfig, SimHandle};
use tokio::net::TcpListener;

pub async fn listen() -> (TcpListener, u16) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    (listener, port)
}

pub fn serve(listener: TcpListener, app: Router) {
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
}

/// A simulator on its own port, as the "real" appliances.
pub async fn simulator() -> (String, SimHandle) {
    let (listener, port) = listen().await;
    let base = format!("http://127.0.0.1:{port}");
    let (app, handle) = siterecovery_sim::router(SimConfig { task_duration_ms: 150, base_url: base.clone(), ..SimConfig::default() });
    serve(listener, app);
    (base, handle)
}

/// The front for `upstreams` (`(kind, site, url)`), with `tls`.
pub async fn front(upstreams: &[(Kind, &str, String)], tls: Tls) -> String {
    let upstreams = upstreams.iter().map(|(k, s, u)| Upstream::parse(*k, s, u).unwrap()).collect();
    let app = router(&FrontConfig { upstreams, tls, ..FrontConfig::default() }).unwrap();
    let (listener, port) = listen().await;
    serve(listener, app);
    format!("http://127.0.0.1:{port}")
}

/// All four servers of the simulator at `sim` behind a front.
pub async fn front_of_sim(sim: &str) -> String {
    let sites = [(Kind::Srm, "a", "srm/a"), (Kind::Srm, "b", "srm/b"), (Kind::Replication, "a", "vr/a"), (Kind::Replication, "b", "vr/b")];
    front(&sites.map(|(k, s, p)| (k, s, format!("{sim}/{p}"))), Tls::default()).await
}

pub fn http() -> reqwest::Client {
    reqwest::Client::builder().no_proxy().build().unwrap()
}

pub async fn json_of(r: reqwest::Response) -> Value {
    serde_json::from_str(&r.text().await.unwrap()).unwrap()
}

/// A port nothing listens on (bound, then closed).
pub async fn closed_port() -> u16 {
    listen().await.1
}
