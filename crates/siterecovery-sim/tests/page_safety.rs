//! What the page-safety tests need of the simulator: the page's Content-Security-Policy on
//! static files (and cross-origin isolation when asked), and `POST /_sim/rename` to put markup where the servers name things.
mod common;

use axum::http::StatusCode;
use common::*;
use serde_json::json;
use siterecovery_sim::{SimConfig, PAGE_CSP};

const CSP: &str = "content-security-policy";

fn static_dirs(tag: &str) -> (std::path::PathBuf, SimConfig) {
    let dir = std::env::temp_dir().join(format!("srsim-csp-{tag}-{}", std::process::id()));
    let (web, pkg) = (dir.join("web"), dir.join("pkg"));
    std::fs::create_dir_all(&web).unwrap();
    std::fs::create_dir_all(&pkg).unwrap();
    std::fs::write(web.join("index.html"), "<h1>demo</h1>").unwrap();
    std::fs::write(web.join("app.js"), "export {};").unwrap();
    std::fs::write(pkg.join("index.js"), "export default 1;").unwrap();
    let config = SimConfig { web_dir: Some(web), pkg_dir: Some(pkg), ..SimConfig::default() };
    (dir, config)
}

#[tokio::test]
async fn static_files_carry_the_page_csp_and_api_answers_do_not() {
    let (dir, config) = static_dirs("on");
    let sim = Sim::with(config);
    for path in ["/", "/index.html", "/app.js", "/pkg/index.js"] {
        let r = sim.send("GET", path, &[], None).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        assert_eq!(r.header(CSP).as_deref(), Some(PAGE_CSP), "{path}");
    }
    // A missing file is answered by the same service, with the same policy.
    assert_eq!(sim.send("GET", "/missing.js", &[], None).await.header(CSP).as_deref(), Some(PAGE_CSP));
    let policy: Vec<&str> = PAGE_CSP.split("; ").collect();
    for directive in ["script-src 'self' 'wasm-unsafe-eval'", "default-src 'self'", "object-src 'none'", "base-uri 'none'"] {
        assert!(policy.contains(&directive), "{directive} missing from {PAGE_CSP}");
    }
    assert!(!PAGE_CSP.contains("unsafe-inline") && !PAGE_CSP.contains("'unsafe-eval'"), "{PAGE_CSP}");
    for path in [format!("{SRM_A}/pairings"), "/_sim/info".to_string(), "/vr/a/sites".to_string()] {
        assert_eq!(sim.send("GET", &path, &[], None).await.header(CSP), None, "{path}");
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn csp_off_serves_static_files_without_it() {
    let (dir, config) = static_dirs("off");
    let sim = Sim::with(SimConfig { csp: false, ..config });
    for path in ["/", "/pkg/index.js"] {
        let r = sim.send("GET", path, &[], None).await;
        assert_eq!((r.status, r.header(CSP)), (StatusCode::OK, None), "{path}");
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn isolated_serves_static_files_cross_origin_isolated_and_api_answers_not() {
    let (dir, config) = static_dirs("isolated");
    for (isolated, want) in [(true, Some(("same-origin", "require-corp"))), (false, None)] {
        let sim = Sim::with(SimConfig { isolated, ..config.clone() });
        for path in ["/", "/app.js", "/pkg/index.js"] {
            let r = sim.send("GET", path, &[], None).await;
            let got = (r.header("cross-origin-opener-policy"), r.header("cross-origin-embedder-policy"));
            let want = want.map(|(coop, coep)| (coop.to_string(), coep.to_string()));
            assert_eq!((r.status, got.0.zip(got.1)), (StatusCode::OK, want), "isolated {isolated}: {path}");
            // The page's own policy is still sent beside them.
            assert_eq!(r.header(CSP).as_deref(), Some(PAGE_CSP), "{path}");
        }
        let api = sim.send("GET", "/_sim/info", &[], None).await;
        assert_eq!(api.header("cross-origin-embedder-policy"), None);
    }
    let _ = std::fs::remove_dir_all(dir);
}

const MARKUP: &str = r#"<img src=x onerror="window.__pwned=1">"#;

#[tokio::test]
async fn rename_puts_any_text_where_the_servers_name_things() {
    let sim = Sim::new(0);
    let (sa, pairing) = sim.paired().await;
    let plan_name = "Tier-1 Databases (Oracle RAC)";
    let body = json!({
        "srm_sites": { "b": format!("Site B {MARKUP}") },
        "vr_sites": { "a": "<script>alert(1)</script>" },
        "plans": { plan_name: format!("{plan_name} {MARKUP}"), "no such plan": "x" },
        "tasks": { "Pair with remote Site Recovery Manager server": format!("Pair {MARKUP}") },
    });
    let r = sim.send("POST", "/_sim/rename", &[], Some(body)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["renamed"], json!({ "srm_sites": 1, "vr_sites": 1, "plans": 1, "tasks": 1 }));

    let pairings = sim.srm("GET", SRM_A, "/pairings", &sa, None).await.json();
    assert_eq!(pairings["list"][0]["remote_srm_server"]["name"], format!("Site B {MARKUP}"));
    let plans = sim.srm("GET", SRM_A, &format!("/pairings/{pairing}/recovery-management/plans"), &sa, None).await.json();
    let plan = plans["list"].as_array().unwrap().iter().find(|p| p["name"] == format!("{plan_name} {MARKUP}")).expect("renamed plan");
    assert_eq!(plan["recovery_site_name"], format!("Site B {MARKUP}"));
    let tasks = sim.srm("GET", SRM_A, "/tasks", &sa, None).await.json();
    assert_eq!(tasks["list"][0]["description"], format!("Pair {MARKUP}"));
    let token = sim.h4_login("a").await;
    let sites = sim.send("GET", "/vr/a/sites", &[("x-vcav-auth", &token)], None).await.json();
    assert_eq!(sites[0]["site"], "<script>alert(1)</script>");

    for bad in [json!({ "srm_sites": { "c": "x" } }), json!({ "planz": {} }), json!({ "plans": "x" })] {
        let r = sim.send("POST", "/_sim/rename", &[], Some(bad.clone())).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{bad}");
    }
    // A reset brings the seeded names back.
    sim.handle.reset();
    assert_eq!(sim.handle.info()["srm"][1]["name"], "Site B");
    assert_eq!(sim.handle.info()["replication"][0]["site_name"], "vr-site-a");
}
