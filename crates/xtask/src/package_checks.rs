//! Test steps on the built npm package: wasm-bindgen tests in Node, Chrome and Firefox
//! against a running simulator, the TypeScript consumer, and bundler smoke tests.

use crate::cmd::{self, npm_bin, root};
use crate::counts::{
    judge, judge_output, parse_cargo_test, parse_node_test, parse_plain, run_counted, unreported, Counts, StepError, StepResult,
};
use crate::dist::{self, Target};
use crate::sim;
use std::collections::BTreeSet;
use std::process::Command;

pub fn package() -> StepResult {
    dist::run()?;
    Ok(None)
}

/// `wasm-pack test` in Node, headless Chrome and headless Firefox: the same tests, each
/// runner must report tests (WASM_BINDGEN_USE_BROWSER=1 makes the browsers run them).
pub fn wasm_bindgen_tests() -> StepResult {
    sim::build()?;
    let sim = sim::start(0, &[])?;
    let mut total = 0;
    for (runner, args) in
        [("node", vec!["--node"]), ("chrome", vec!["--headless", "--chrome"]), ("firefox", vec!["--headless", "--firefox"])]
    {
        println!("--- wasm-bindgen tests in {runner}");
        let mut c = Command::new("wasm-pack");
        c.current_dir(root()).arg("test").args(&args).args(["--mode", "no-install", dist::CRATE]);
        c.env("SITERECOVERY_SIM_URL", &sim.base_url);
        if runner != "node" {
            c.env("WASM_BINDGEN_USE_BROWSER", "1");
            // The runner gives the whole browser suite 20 s by default, then reports "Failed to
            // detect test as having been run": the suite takes about 19 s on a quiet machine.
            c.env("WASM_BINDGEN_TEST_TIMEOUT", "180");
        }
        let (mut status, mut text) = cmd::tee(&mut c)?;
        if runner != "node" && !status.success() && suite_never_started(&text) {
            // The page never started the suite (chromedriver: "Timed out receiving message
            // from renderer"; seen once on a loaded machine): start it once more, saying so.
            // A suite that started is never run again, whatever happened in it.
            println!("wasm-bindgen tests ({runner}): the browser never started the suite; starting it once more");
            (status, text) = cmd::tee(&mut c)?;
        }
        if let Some((announced, reported)) = unreported(&text) {
            let message = format!(
                "wasm-bindgen tests ({runner}): {announced} tests announced, {reported} reported: a test never ended, and the runner stopped without a word"
            );
            return Err(StepError { message, failed: announced.saturating_sub(reported).max(1) });
        }
        let n = judge_output(&c, status, &text, parse_cargo_test)?;
        println!("wasm-bindgen tests ({runner}): {n} passed, 0 failed");
        total += n;
    }
    sim.check_no_secrets()?;
    Ok(Some(total))
}

/// Whether a runner's output shows a browser page that never started the test suite: the
/// runner gave up waiting, and no "running N tests" line came.
fn suite_never_started(text: &str) -> bool {
    text.contains("Failed to detect test as having been run") && !text.lines().any(|l| l.starts_with("running ") && l.ends_with(" tests"))
}

/// `tsc --noEmit --strict` on a small consumer (must compile; no public member is `any`),
/// and on a misuse file whose every `MISUSE` line must be rejected.
pub fn typescript() -> StepResult {
    let dir = root().join("tests/e2e/typescript");
    cmd::run(Command::new(npm_bin("tsc")).current_dir(root()).arg("-p").arg(dir.join("tsconfig.json")))?;
    let out = Command::new(npm_bin("tsc"))
        .current_dir(root())
        .arg("-p")
        .arg(dir.join("tsconfig.misuse.json"))
        .output()
        .map_err(|e| format!("tsc: {e}"))?;
    let text = String::from_utf8_lossy(&out.stdout);
    print!("{text}");
    let source = std::fs::read_to_string(dir.join("misuse.ts")).map_err(|e| e.to_string())?;
    let expected: BTreeSet<usize> = source.lines().enumerate().filter(|(_, l)| l.contains("// MISUSE")).map(|(i, _)| i + 1).collect();
    let rejected: BTreeSet<usize> = text.lines().filter_map(|l| l.split_once("misuse.ts(")?.1.split(',').next()?.parse().ok()).collect();
    let missed: Vec<_> = expected.difference(&rejected).collect();
    let unexpected: Vec<_> = rejected.difference(&expected).collect();
    let failed = (missed.len() + unexpected.len()) as u64;
    if failed > 0 {
        println!("misuse lines not rejected: {missed:?}; errors on other lines: {unexpected:?}");
    }
    let counts = Counts { passed: 1 + (expected.len() - missed.len()) as u64, failed };
    println!("typescript: {} passed, {} failed", counts.passed, counts.failed);
    judge("typescript", counts, true).map(Some)
}

/// The web package bundled by esbuild and run in headless Chromium, and the bundler
/// package under Node's ESM loader, both against the simulator.
pub fn bundlers() -> StepResult {
    let site = root().join("target/e2e-bundler");
    let _ = std::fs::remove_dir_all(&site);
    std::fs::create_dir_all(&site).map_err(|e| e.to_string())?;
    let copy = |from: std::path::PathBuf, name: &str| {
        std::fs::copy(&from, site.join(name)).map(|_| ()).map_err(|e| format!("copy {}: {e}", from.display()))
    };
    copy(root().join("tests/e2e/bundler/index.html"), "index.html")?;
    copy(dist::pkg_dir(Target::Web).join("siterecovery_bg.wasm"), "siterecovery_bg.wasm")?;
    cmd::run(
        Command::new(npm_bin("esbuild"))
            .current_dir(root())
            .args(["tests/e2e/bundler/app.js", "--bundle", "--format=esm", "--log-level=warning"])
            .arg(format!("--outfile={}", site.join("bundle.js").display()))
            .arg(format!(
                "--alias:siterecovery=./{}",
                dist::pkg_dir(Target::Web).strip_prefix(root()).map_err(|e| e.to_string())?.display()
            )),
    )?;
    let sim = sim::start(0, &["--web".to_string(), site.display().to_string()])?;
    let mut c = Command::new("node");
    c.current_dir(root()).arg("tests/e2e/bundler/run.mjs").arg(format!("{}/", sim.base_url)).arg("esbuild bundle in chromium");
    let browser = run_counted(&mut c, parse_plain)?;
    let mut c = Command::new("node");
    c.current_dir(root())
        .args(["--experimental-wasm-modules", "--no-warnings", "--test", "tests/e2e/node/bundler-package.test.mjs"])
        .env("SIM_URL", &sim.base_url);
    let node = run_counted(&mut c, parse_node_test)?;
    Ok(Some(browser + node))
}

/// A third spec beside ours, with no code written for it: the package built with the codegen
/// fixture's 302-operation `inventory.json` added to `openapi/`'s specs has an
/// `InventoryClient` whose methods call a local server through the table (Node test), and the
/// bytes it adds per operation and per schema are reported (and budgeted there). A small fourth
/// spec (`tests/e2e/node/correlated.yaml`) has what ours do not: query parameters beside the
/// `operationID` header. Built with
/// `test-hooks`, it is also the shipped (no_std) build the panic guard is tested on.
pub fn fixture_package() -> StepResult {
    let specs = root().join("target/fixture-specs");
    let _ = std::fs::remove_dir_all(&specs);
    std::fs::create_dir_all(&specs).map_err(|e| e.to_string())?;
    let mut sources: Vec<std::path::PathBuf> =
        std::fs::read_dir(root().join("openapi")).map_err(|e| e.to_string())?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    sources.push(root().join("crates/codegen-fixture/openapi/inventory.json"));
    sources.push(root().join("tests/e2e/node/correlated.yaml"));
    for from in sources.iter().filter(|p| p.is_file()) {
        let name = from.file_name().ok_or_else(|| "spec without a name".to_string())?;
        std::fs::copy(from, specs.join(name)).map_err(|e| format!("copy {}: {e}", from.display()))?;
    }
    let out = root().join("target/fixture-pkg");
    dist::build_to(Target::Web, &out, Some(&specs))?;
    let (_, ours) = dist::shipped_size(&dist::pkg_dir(Target::Web))?;
    let (_, fixture) = dist::shipped_size(&out)?;
    let mut c = Command::new("node");
    c.current_dir(root())
        .args(["--no-warnings", "--test", "tests/e2e/node/fixture-package.test.mjs", "tests/e2e/node/panic-guard.test.mjs"])
        .env("FIXTURE_PKG", &out)
        .env("OURS_GZIP", ours.to_string())
        .env("FIXTURE_GZIP", fixture.to_string());
    run_counted(&mut c, parse_node_test).map(Some)
}

#[cfg(test)]
mod tests {
    use super::suite_never_started;

    #[test]
    fn a_page_that_never_started_is_told_from_a_suite_that_ran() {
        let never = "Running headless tests in Chrome on `http://127.0.0.1:42027/`\nLoading scripts...Failed to detect test as having been run. It might have timed out.\ndriver status: signal: 9 (SIGKILL)\n";
        assert!(suite_never_started(never));
        let hung = "running 36 tests\ntest api::a ... ok\nFailed to detect test as having been run. It might have timed out.\n";
        assert!(!suite_never_started(hung), "a suite that started is judged, not run again");
        assert!(!suite_never_started("running 36 tests\ntest result: FAILED. 35 passed; 1 failed\n"));
    }
}
