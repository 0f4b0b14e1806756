//! Test step "bundler apps (vite, webpack)" (issue 10.4): the package as npm packs it,
//! installed from its tarball into a small consumer app (`tests/e2e/bundler/app.js`, the
//! esbuild smoke test's app: log in, create a pairing, wait for its task, pair the replication
//! appliances), built by Vite from the web target (the wasm found through
//! `new URL(.., import.meta.url)`) and by webpack from the bundler target (the wasm imported as
//! a module, `experiments.asyncWebAssembly`), both pinned in `crates/xtask/tools`. A simulator
//! serves the two builds under its Content-Security-Policy and `tests/e2e/bundler/run.mjs`
//! opens each in headless Chromium. Reuses the packages the "npm package" step built.

use crate::cmd::{self, npm_bin, root};
use crate::counts::{parse_plain, run_counted, StepResult};
use crate::dist::{self, Target};
use crate::sim;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The consumer's manifest: the package from the tarball `npm pack` made.
const APP_MANIFEST: &str = "{ \"private\": true, \"dependencies\": { \"siterecovery\": \"file:siterecovery.tgz\" } }\n";

pub fn vite_and_webpack() -> StepResult {
    let work = root().join("target/e2e-apps");
    let _ = std::fs::remove_dir_all(&work);
    let site = work.join("site");

    let vite = consumer_app(&work.join("vite"), &dist::built(Target::Web)?)?;
    copy(&root().join("tests/e2e/bundler/vite/index.html"), &vite.join("index.html"))?;
    cmd::run(
        Command::new(npm_bin("vite"))
            .current_dir(&vite)
            .args(["build", ".", "--base", "./", "--emptyOutDir", "--logLevel", "warn", "--outDir"])
            .arg(site.join("vite")),
    )?;

    let webpack = consumer_app(&work.join("webpack"), &dist::built(Target::Bundler)?)?;
    cmd::run(Command::new("node").current_dir(root()).arg("tests/e2e/bundler/webpack.build.mjs").arg(&webpack).arg(site.join("webpack")))?;
    copy(&root().join("tests/e2e/bundler/index.html"), &site.join("webpack/index.html"))?;

    sim::build()?;
    let sim = sim::start(0, &["--web".to_string(), site.display().to_string()])?;
    let mut passed = 0;
    for app in ["vite", "webpack"] {
        let mut c = Command::new("node");
        c.current_dir(root())
            .arg("tests/e2e/bundler/run.mjs")
            .arg(format!("{}/{app}/", sim.base_url))
            .arg(format!("{app} app in chromium"));
        passed += run_counted(&mut c, parse_plain)?;
    }
    Ok(Some(passed))
}

/// `dir` with the app's code and the package `pkg` installed as a consumer installs it: packed
/// by `npm pack` (so only what its `files` ship) and installed from that tarball.
fn consumer_app(dir: &Path, pkg: &Path) -> Result<PathBuf, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("create {}: {e}", dir.display()))?;
    copy(&root().join("tests/e2e/bundler/app.js"), &dir.join("app.js"))?;
    std::fs::write(dir.join("package.json"), APP_MANIFEST).map_err(|e| e.to_string())?;
    let packs = dir.join("pack");
    std::fs::create_dir_all(&packs).map_err(|e| e.to_string())?;
    cmd::run(Command::new("npm").current_dir(pkg).args(["pack", "--silent", "--pack-destination"]).arg(&packs))?;
    let tarball = std::fs::read_dir(&packs)
        .map_err(|e| e.to_string())?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|x| x == "tgz"))
        .ok_or_else(|| format!("npm pack left no tarball in {}", packs.display()))?;
    std::fs::rename(&tarball, dir.join("siterecovery.tgz")).map_err(|e| e.to_string())?;
    cmd::run(Command::new("npm").current_dir(dir).args(["install", "--no-audit", "--no-fund", "--no-package-lock", "--loglevel=error"]))?;
    Ok(dir.to_path_buf())
}

fn copy(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::copy(from, to).map(|_| ()).map_err(|e| format!("copy {} to {}: {e}", from.display(), to.display()))
}
