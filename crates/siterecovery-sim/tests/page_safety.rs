//! What the page-safety tests need of the simulator: the page's Content-Security-Policy on
//! static files.
mod common;

use axum::http::StatusCode;
use common::*;
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
