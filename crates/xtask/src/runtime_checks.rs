//! Test steps on runtimes other than a page and Node (issue 10.3), each on the web package as
//! the "npm package" step built it (nothing is rebuilt):
//! - "module worker": `tests/e2e/worker/`, served (with the rest of `tests/e2e/`) by a simulator
//!   with the package, under its Content-Security-Policy: the page starts `worker.js` as
//!   `new Worker(url, { type: "module" })`, which loads the package with `init()` and the wasm's
//!   URL and runs `tests/e2e/pairing/flow.js` (log in, create a pairing, wait for its task);
//!   `run.mjs` judges it in headless Chromium and Firefox (WebDriver).
//! - "edge runtime (workerd)": Cloudflare's workerd (npm, pinned in `crates/xtask/tools`) runs
//!   `tests/e2e/workerd/worker.js` with the package's modules listed in a generated config and
//!   the wasm as a Wasm module; `workerd.test.mjs` (node's test runner) starts workerd, calls
//!   the Worker and checks the tasks against the simulator. Known incompatibilities of the
//!   package with workerd are its `todo` tests (counted apart, not failing the step).

use crate::cmd::{npm_bin, root};
use crate::counts::{parse_node_test, parse_plain, run_counted, StepResult};
use crate::dist::{self, Target};
use crate::sim;
use std::process::Command;

/// Long enough that a wait polls a few times, short enough that the steps stay quick.
const TASK_MS: &str = "600";

pub fn module_worker() -> StepResult {
    let pkg = dist::built(Target::Web)?;
    sim::build()?;
    let args = [
        "--web".to_string(),
        root().join("tests/e2e").display().to_string(),
        "--pkg".to_string(),
        pkg.display().to_string(),
        "--task-ms".to_string(),
        TASK_MS.to_string(),
    ];
    let sim = sim::start(0, &args)?;
    let mut c = Command::new("node");
    c.current_dir(root()).arg("tests/e2e/worker/run.mjs").arg(&sim.base_url);
    run_counted(&mut c, parse_plain).map(Some)
}

pub fn workerd() -> StepResult {
    let pkg = dist::built(Target::Web)?;
    sim::build()?;
    let sim = sim::start(0, &["--task-ms".to_string(), TASK_MS.to_string()])?;
    let mut c = Command::new("node");
    c.current_dir(root())
        .args(["--test", "tests/e2e/workerd/workerd.test.mjs"])
        .env("SIM_URL", &sim.base_url)
        .env("PKG_WEB", &pkg)
        .env("WORKERD", npm_bin("workerd"))
        .env("WORK_DIR", root().join("target/e2e-workerd"));
    run_counted(&mut c, parse_node_test).map(Some)
}
