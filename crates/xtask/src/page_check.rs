//! Test step "web page e2e": the demo page (web/) in headless Chromium, served with the web
//! package by a simulator whose tasks take 400 ms; `tests/e2e/page/run.mjs` clicks through
//! login → pair → pairings list → reconnect → remote login → test recovery + cleanup →
//! recovery (reloading once mid-task) → reprotect → appliances → recent tasks → delete (with its
//! confirm step) with markup in every server string the page shows, checks the page's
//! Content-Security-Policy and framing, and saves `target/page.png`. Builds nothing new: the
//! "npm package" step built pkg-web.
//!
//! Test step "web page as a plugin": the same page embedded the way vSphere Client remote
//! plugins are, in the plugin host stand-in (`web/plugin/`) served by a second simulator on
//! another origin; `tests/e2e/page/plugin.mjs` checks the session hand-over (no login form, no
//! login of its own), theme and locale, the origin checks both ways with a message from a third
//! origin, a walk through the steps on the handed sessions, and refreshes the README's
//! screenshot `web/screenshot.png`.

use crate::cmd::root;
use crate::counts::{parse_plain, run_counted, StepResult};
use crate::demo;
use crate::dist::{self, Target};
use crate::sim::{self, Sim};
use std::process::Command;

const TASK_MS: &str = "400";

/// The simulator serving the page and the web package, its tasks taking `TASK_MS`.
fn page_sim() -> Result<Sim, String> {
    dist::built(Target::Web)?;
    demo::vendor_clarity_css()?;
    sim::build()?;
    let mut args = demo::page_args();
    args.extend(["--task-ms".to_string(), TASK_MS.to_string()]);
    sim::start(0, &args)
}

pub fn web_page() -> StepResult {
    let sim = page_sim()?;
    let mut c = Command::new("node");
    c.current_dir(root()).arg("tests/e2e/page/run.mjs").arg(&sim.base_url).arg(root().join("target/page.png"));
    let passed = run_counted(&mut c, parse_plain)?;
    sim.check_no_secrets()?;
    Ok(Some(passed))
}

pub fn web_plugin() -> StepResult {
    let page = page_sim()?;
    let host = sim::start(0, &demo::plugin_host_args())?;
    let mut c = Command::new("node");
    c.current_dir(root()).arg("tests/e2e/page/plugin.mjs").arg(&page.base_url).arg(&host.base_url).arg(root().join(demo::SCREENSHOT));
    run_counted(&mut c, parse_plain).map(Some)
}
