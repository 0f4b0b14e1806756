//! Test step "web page e2e": the demo page (web/) in headless Chromium, served with the web
//! package by a simulator whose tasks take 400 ms; `tests/e2e/page/run.mjs` clicks through
//! login → pair → remote login → recovery → reprotect (reloading once mid-task) with markup in
//! every server string the page shows, checks the page's Content-Security-Policy and framing,
//! and saves `target/page.png`. Builds nothing new: the "npm package" step built pkg-web.

use crate::cmd::root;
use crate::dist::{self, Target};
use crate::counts::{parse_plain, run_counted, StepResult};
use crate::{demo, sim};
use std::process::Command;

const TASK_MS: &str = "400";

pub fn web_page() -> StepResult {
    dist::built(Target::Web)?;
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
