//! Test step "web page e2e": the demo page (web/) in headless Chromium, served with the web
//! package by a simulator whose tasks take 400 ms; `tests/e2e/page/run.mjs` clicks through
//! login → pair → pairings list → reconnect → remote login → test recovery + cleanup →
//! recovery (reloading once mid-task) → reprotect → appliances → recent tasks → delete (with its
//! confirm step) with markup in every server string the page shows, checks the page's
//! Content-Security-Policy and framing, and saves `target/page.png`. Builds nothing new: the
//! "npm package" step built pkg-web.

use crate::cmd::root;
use crate::dist::{self, Target};
use crate::counts::{parse_plain, run_counted, StepResult};
use crate::{demo, sim};
use std::process::Command;

const TASK_MS: &str = "400";

pub fn web_page() -> StepResult {
    let entry = dist::pkg_dir(Target::Web).join("index.js");
    if !entry.is_file() {
        return Err(format!("{} missing: build the package first (`cargo xtask dist`)", entry.display()).into());
    }
    demo::vendor_clarity_css()?;
    sim::build()?;
    let mut args = demo::page_args();
    args.extend(["--task-ms".to_string(), TASK_MS.to_string()]);
    let sim = sim::start(0, &args)?;
    let mut c = Command::new("node");
    c.current_dir(root())
        .arg("tests/e2e/page/run.mjs")
        .arg(&sim.base_url)
        .arg(root().join("target/page.png"));
    run_counted(&mut c, parse_plain).map(Some)
}
