//! Test step "browser load": 1000 concurrent `task.wait()` on 1000 different tasks through the
//! npm package, in headless Chromium and headless Firefox (issue 9.10). A simulator serves
//! `tests/e2e/load/` (the page that runs the waits) with the web package and mints the tasks
//! (`POST /_sim/tasks`, 5 s each: far longer than fetching 1000 handles takes, so the waits
//! poll); `tests/e2e/load/run.mjs` drives both browsers through chromedriver and geckodriver
//! and fails on a wait that is lost, stuck, ends with another task or fails. Builds nothing
//! new: the "npm package" step built pkg-web.

use crate::cmd::root;
use crate::counts::{parse_plain, run_counted, StepResult};
use crate::dist::{self, Target};
use crate::sim;
use std::process::Command;

const WAITS: &str = "1000";
const TASK_MS: &str = "5000";

pub fn browser_load() -> StepResult {
    let pkg = dist::built(Target::Web)?;
    sim::build()?;
    let args = ["--web".to_string(), root().join("tests/e2e/load").display().to_string(), "--pkg".to_string(), pkg.display().to_string()];
    let sim = sim::start(0, &args)?;
    let mut c = Command::new("node");
    c.current_dir(root()).arg("tests/e2e/load/run.mjs").arg(&sim.base_url).arg(WAITS).arg(TASK_MS);
    run_counted(&mut c, parse_plain).map(Some)
}
