//! The native client (the root crate `siterecovery`) over real HTTP through the front, with a
//! simulator on another port as the appliances: SRM login, createPairing and its task waited
//! for, the pairing listed on both sites; both replication appliances logged in, paired
//! (`POST /sites` on each with the other's own apiUrl) and their tasks waited for.

mod common;

use std::time::Duration;

use common::*;
use serde_json::Value;
use siterecovery::poll::{self, Clock, Polled, WaitOptions};
use siterecovery::replication::params::{GetSitesParams, GetTaskParams, PairSiteParams};
use siterecovery::replication::types::UpdateSiteRequest;
use siterecovery::session::{self, Credentials};
use siterecovery::srm::params::GetPairingsParams;
use siterecovery::task::{self, TaskApi, TaskState, TaskView};
use siterecovery::{replication, srm, ApiClient, Request, Response, Transport, TransportError};

/// `siterecovery::Transport` over HTTP (reqwest).
#[derive(Clone)]
struct Net(reqwest::Client);

impl Transport for Net {
    async fn send(&self, request: Request) -> Result<Response, TransportError> {
        let method = reqwest::Method::from_bytes(request.method.as_bytes()).map_err(|e| TransportError::new(e.to_string()))?;
        let mut r = self.0.request(method, &request.url);
        for (name, value) in &request.headers {
            r = r.header(name, value);
        }
        if let Some(body) = request.body {
            r = r.body(body);
        }
        let answer = r.send().await.map_err(|e| TransportError::new(e.to_string()))?;
        let status = answer.status().as_u16();
        let headers = answer.headers().iter().map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("").to_string())).collect();
        let body = answer.bytes().await.map_err(|e| TransportError::new(e.to_string()))?.to_vec();
        Ok(Response { status, headers, body })
    }
}

struct Tokio(tokio::time::Instant);

impl Clock for Tokio {
    fn now_ms(&self) -> f64 {
        self.0.elapsed().as_secs_f64() * 1000.0
    }
    fn random(&self) -> f64 {
        0.5
    }
    async fn sleep(&self, ms: f64) -> Result<(), ()> {
        tokio::time::sleep(Duration::from_secs_f64(ms / 1000.0)).await;
        Ok(())
    }
    fn aborted(&self) -> bool {
        false
    }
}

const FAST: WaitOptions = WaitOptions { timeout_ms: Some(10_000.0), min_delay_ms: 20.0, max_delay_ms: 100.0, max_poll_failures: 3 };

async fn wait(first: TaskView, poll: impl Fn(String) -> std::pin::Pin<Box<dyn std::future::Future<Output = Polled>>>) -> TaskView {
    let id = first.id.clone();
    poll::wait(&Tokio(tokio::time::Instant::now()), &FAST, first, || poll(id.clone()), |_| {}).await.expect("the task succeeds")
}

fn view(api: TaskApi, value: &impl serde::Serialize) -> TaskView {
    task::view(api, serde_json::to_value(value).unwrap(), None).unwrap()
}

fn text(v: &Value, pointer: &str) -> String {
    v.pointer(pointer).and_then(Value::as_str).unwrap_or_else(|| panic!("no {pointer}")).to_string()
}

fn creds(v: &Value) -> Credentials {
    Credentials::new(&text(v, "/username"), &text(v, "/password")).unwrap()
}

#[tokio::test]
async fn srm_pairing_through_the_front() {
    let (sim, handle) = simulator().await;
    let front = front_of_sim(&sim).await;
    let info = handle.info();
    let net = Net(http());
    let site = |i: usize| srm::Client::new(ApiClient::new(&format!("{front}/srm/{}/api/rest/srm/v2", ["a", "b"][i]), net.clone()).unwrap());

    let a = site(0);
    session::srm_login(&a, &creds(&info["srm"][0])).await.expect("login through the front");
    let b_info = &info["srm"][1];
    let spec = srm::types::PairingSpec {
        pair_vc_guid: text(b_info, "/vc_guid"),
        pair_psc_info: srm::types::PairingSpecPairPscInfo {
            url: text(b_info, "/psc/url"),
            port: b_info["psc"]["port"].as_i64().unwrap() as i32,
            thumbprint: Some(text(b_info, "/psc/thumbprint")),
            username: text(b_info, "/username"),
            password: text(b_info, "/password").into(),
        },
        pair_srm_url: None,
        pair_srm_thumbprint: None,
    };
    let started = a.create_pairing(&spec).await.expect("createPairing");
    assert_eq!(started.status, 202);
    let pairing_id = started.inner.entity.clone().unwrap();
    let poller = a.clone();
    let done = wait(view(TaskApi::Srm, &started.inner), move |id| {
        let c = poller.clone();
        Box::pin(async move {
            let r = c.get_task_info(&id).await?;
            Ok((task::view(TaskApi::Srm, serde_json::to_value(&r.inner).unwrap(), Some(r.status))?, r.retry_after_ms()))
        })
    })
    .await;
    assert_eq!((done.state, done.progress), (TaskState::Succeeded, 100));

    let b = site(1);
    session::srm_login(&b, &creds(b_info)).await.unwrap();
    for client in [&a, &b] {
        let list = client.get_pairings(&GetPairingsParams::default()).await.unwrap().into_inner();
        assert_eq!(list.list.iter().map(|p| p.pairing_id.unwrap().to_string()).collect::<Vec<_>>(), std::slice::from_ref(&pairing_id));
    }
    let upstream: Vec<String> = handle.requests().iter().map(|r| format!("{} {}", r.method, r.path)).collect();
    assert!(upstream.contains(&"POST /srm/a/api/rest/srm/v2/pairings".to_string()), "{upstream:?}");
}

#[tokio::test]
async fn replication_pairing_through_the_front() {
    let (sim, handle) = simulator().await;
    let front = front_of_sim(&sim).await;
    let info = handle.info();
    let net = Net(http());
    let mut clients = Vec::new();
    for (i, site) in ["a", "b"].into_iter().enumerate() {
        let c = replication::Client::new(ApiClient::new(&format!("{front}/vr/{site}"), net.clone()).unwrap());
        session::h4_login(&c, &creds(&info["replication"][i]), None).await.expect("h4 login through the front");
        clients.push(c);
    }
    // Each appliance's own idea of its URL (what the other must call), read through the front.
    let mut local = Vec::new();
    for c in &clients {
        let sites = c.get_sites(&GetSitesParams::default()).await.unwrap().into_inner().0;
        local.push(sites.into_iter().find(|s| s.is_local == Some(true)).unwrap());
    }
    assert!(local[1].api_url.as_deref().unwrap().starts_with(&sim), "the appliance's own URL, not the front's");
    for (me, peer) in [(0, 1), (1, 0)] {
        let request = UpdateSiteRequest {
            api_url: local[peer].api_url.clone().map(|u| u.parse().unwrap()),
            api_thumbprint: local[peer].api_thumbprint.clone().map(|t| t.parse().unwrap()),
            description: Some("through the front".into()),
        };
        let started = clients[me].pair_site(&request, &PairSiteParams::default()).await.expect("pairSite");
        assert_eq!(started.status, 202);
        let poller = clients[me].clone();
        let done = wait(view(TaskApi::H4, &started.inner), move |id| {
            let c = poller.clone();
            Box::pin(async move {
                let r = c.get_task(&id, &GetTaskParams::default()).await?;
                Ok((task::view(TaskApi::H4, serde_json::to_value(&r.inner).unwrap(), Some(r.status))?, r.retry_after_ms()))
            })
        })
        .await;
        assert_eq!(done.state, TaskState::Succeeded);
    }
    let sites = clients[0].get_sites(&GetSitesParams::default()).await.unwrap().into_inner().0;
    assert_eq!(sites.len(), 2, "A knows B after the pairing: {sites:?}");
}
