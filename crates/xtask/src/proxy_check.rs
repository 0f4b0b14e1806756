//! Test step "demo proxy page": the demo page behind the demo proxy (issue 10.7), in headless
//! Chromium. A simulator on one port plays the real servers; the proxy on another serves the
//! page and forwards its four servers; a second proxy forwards SRM site A to a closed port.
//! `tests/e2e/proxy/run.mjs` logs in, pairs SRM and the replication appliances through the
//! proxy, and reads the alerts of a server that gives no answer (behind the proxy, and none at
//! all). Builds nothing new: the "npm package" step built pkg-web.

use crate::cmd::root;
use crate::counts::{parse_plain, run_counted, StepResult};
use crate::dist::{self, Target};
use crate::{demo, sim};
use std::process::Command;

pub fn demo_proxy_page() -> StepResult {
    let entry = dist::pkg_dir(Target::Web).join("index.js");
    if !entry.is_file() {
        return Err(format!("{} missing: build the package first (`cargo xtask dist`)", entry.display()).into());
    }
    demo::vendor_clarity_css()?;
    sim::build()?;
    sim::build_proxy()?;
    let appliances = sim::start(0, &["--task-ms".to_string(), "400".to_string()])?;
    let s = &appliances.base_url;
    let mut args = demo::page_args();
    for (flag, path) in [("--srm-a", "srm/a"), ("--srm-b", "srm/b"), ("--vr-a", "vr/a"), ("--vr-b", "vr/b")] {
        args.extend([flag.to_string(), format!("{s}/{path}")]);
    }
    let front = sim::start_proxy(0, &args)?;
    // A port nothing listens on: bound, then closed.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map_err(|e| format!("no free port: {e}"))?.port();
    let mut args = demo::page_args();
    args.extend(["--srm-a".to_string(), format!("http://127.0.0.1:{closed}")]);
    let broken = sim::start_proxy(0, &args)?;
    let mut c = Command::new("node");
    c.current_dir(root())
        .arg("tests/e2e/proxy/run.mjs")
        .args([&front.base_url, s, &broken.base_url, &closed.to_string()])
        .arg(root().join("target/demo-proxy.png"));
    let passed = run_counted(&mut c, parse_plain)?;
    appliances.check_no_secrets()?;
    Ok(Some(passed))
}
