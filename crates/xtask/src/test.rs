//! `cargo xtask test`: every test, in order, stopping at the first failure; then a summary.
//!
//! A step is a function returning `Ok(Some(n))` (n tests passed), `Ok(None)` (a setup or build
//! step, nothing counted) or `Err`. Add a step by adding one line to `STEPS`.
//! Every runner goes through `run_counted`, which fails when a runner reports 0 tests.

use crate::cmd::{self, cargo, root};
use crate::counts::{judge, parse_cargo_test, run_counted, Counts, StepError, StepResult};
use crate::package_checks;
use crate::tools;
use std::process::Command;
use std::time::Instant;

type Step = (&'static str, fn() -> StepResult);

const STEPS: &[Step] = &[
    ("ensure core tools", || Ok(tools::ensure_core().map(|()| None)?)),
    ("ensure browser tools", || Ok(tools::ensure_browser().map(|()| None)?)),
    ("clippy + rustfmt", lint),
    ("cargo test --workspace", cargo_test),
    ("fuzz (short)", crate::fuzz::short),
    ("openapi spec validation", validate_specs),
    ("schemathesis conformance", crate::schemathesis::conformance),
    ("wasm32 build", wasm_build),
    ("npm package (web, bundler)", package_checks::package),
    ("wasm-bindgen tests", package_checks::wasm_bindgen_tests),
    ("typescript consumer", package_checks::typescript),
    ("bundler smoke tests", package_checks::bundlers),
    ("bundler apps (vite, webpack)", crate::consumer_apps::vite_and_webpack),
    ("module worker", crate::runtime_checks::module_worker),
    ("edge runtime (workerd)", crate::runtime_checks::workerd),
    ("a third spec (fixture package)", package_checks::fixture_package),
    ("web page e2e", crate::page_check::web_page),
    ("web page as a plugin", crate::page_check::web_plugin),
    ("demo proxy page", crate::proxy_check::demo_proxy_page),
    ("browser load (1000 waits)", crate::load_check::browser_load),
    ("bench (smoke)", crate::bench::smoke),
];

/// Every step; `--only TEXT` runs the steps whose name contains TEXT (for working on one).
pub fn run(args: &[String]) -> Result<(), String> {
    let only = match args {
        [] => None,
        [flag, text] if flag == "--only" => Some(text.as_str()),
        _ => return Err("usage: cargo xtask test [--only STEP-NAME-PART]".into()),
    };
    report_disk("before the run");
    let _temp = RunTemp::new();
    // A run builds each crate once: incremental caches would only take disk (2.1 GB of a
    // fresh clone's 5.4 GB at 80e86dd; 3.2 GB in all without them). Called before any
    // thread exists (`set_var`).
    std::env::set_var("CARGO_INCREMENTAL", "0");
    let steps: Vec<_> = STEPS.iter().filter(|(name, _)| only.is_none_or(|t| name.contains(t))).collect();
    let mut rows: Vec<(&str, &str, Option<u64>, f64)> = Vec::new();
    let mut failure: Option<(&str, StepError)> = None;
    for (name, step) in steps.iter().copied() {
        println!("\n==> {name}");
        let t = Instant::now();
        let result = step();
        let secs = t.elapsed().as_secs_f64();
        match result {
            Ok(count) => rows.push((name, "ok", count, secs)),
            Err(e) => {
                rows.push((name, "FAILED", None, secs));
                failure = Some((name, e));
                break;
            }
        }
    }
    for (name, _) in steps.iter().skip(rows.len()) {
        rows.push((name, "not run", None, 0.0));
    }

    let passed: u64 = rows.iter().filter_map(|r| r.2).sum();
    println!("\n{:<28} {:<8} {:>6} {:>9}", "step", "result", "tests", "seconds");
    for (name, result, count, secs) in &rows {
        let count = count.map_or("-".to_string(), |c| c.to_string());
        println!("{name:<28} {result:<8} {count:>6} {secs:>9.1}");
    }
    match failure {
        None => {
            println!("{passed} passed, 0 failed");
            Ok(())
        }
        Some((name, e)) => {
            println!("{passed} passed, {} failed", e.failed.max(1));
            report_disk("after the failure");
            Err(format!("step `{name}` failed: {}", e.message))
        }
    }
}

/// The run's children keep their temporary files in one directory of the run's own
/// (`TMPDIR`), removed when the run ends, however it ends: browsers leave their profiles
/// behind (chromedriver's `scoped_dir`s, about 20 MB a run, and Chromium's socket dirs).
struct RunTemp(std::path::PathBuf);

impl RunTemp {
    /// Called before any thread exists (`set_var`).
    fn new() -> Option<RunTemp> {
        let dir = std::env::temp_dir().join(format!("siterecovery-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).ok()?;
        std::env::set_var("TMPDIR", &dir);
        Some(RunTemp(dir))
    }
}

impl Drop for RunTemp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// About what a clean run writes under target/, in GB (a fresh clone at f5af127 wrote 3.2 GB;
/// 11 GB before debug info and incremental caches were cut).
const CLEAN_RUN_GB: f64 = 4.0;

/// Free space where target/ lives, printed: a run that fills the disk fails in whatever step
/// was building, with the cause buried in a linker's message (as one CI run did).
fn report_disk(when: &str) {
    match free_disk_gb() {
        Some(gb) if gb < CLEAN_RUN_GB => {
            println!("disk {when}: {gb:.1} GB free — WARNING: a clean run writes about {CLEAN_RUN_GB} GB to target/")
        }
        Some(gb) => println!("disk {when}: {gb:.1} GB free"),
        None => println!("disk {when}: free space unknown (`df` did not answer)"),
    }
}

fn free_disk_gb() -> Option<f64> {
    let out = Command::new("df").arg("-Pk").arg(root()).output().ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    let kb: f64 = text.lines().nth(1)?.split_whitespace().nth(3)?.parse().ok()?;
    Some(kb / 1e6)
}

// ---- steps -------------------------------------------------------------------------------

fn cargo_test() -> StepResult {
    run_counted(cargo().args(["test", "--workspace"]), parse_cargo_test).map(Some)
}

fn validate_specs() -> StepResult {
    let dir = root().join("openapi");
    let mut specs: Vec<_> = std::fs::read_dir(&dir)
        .map_err(|e| format!("read {}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    specs.sort();
    let validator = tools::venv_bin("openapi-spec-validator");
    let (mut passed, mut failed) = (0, 0);
    for spec in &specs {
        let mut c = Command::new(&validator);
        c.current_dir(root()).arg(spec);
        println!("$ {}", cmd::describe(&c));
        let out = c.output().map_err(|e| format!("cannot start {}: {e}", validator.display()))?;
        // The validator dumps the whole JSON schema on an error: keep each line short.
        let text = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
        for line in text.lines() {
            println!("{}", line.chars().take(300).collect::<String>());
        }
        if out.status.success() {
            passed += 1;
        } else {
            failed += 1;
        }
    }
    println!("openapi-spec-validator: {passed} passed, {failed} failed");
    judge("openapi-spec-validator", Counts { passed, failed }, true).map(Some)
}

/// `cargo fmt --check` (rustfmt.toml), then clippy with warnings as errors, natively (every
/// target) and on the package's own build (wasm32, no_std). The crates that run in the
/// package, and the native client, deny `unwrap`, `expect`, `panic!` and indexing in their
/// code (their `lib.rs`).
fn lint() -> StepResult {
    cmd::run(cargo().args(["fmt", "--all", "--check"]))?;
    cmd::run(cargo().args(["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]))?;
    // The shipped build is the library alone; its tests need `std`.
    for features in [&["--lib", "--no-default-features"][..], &["--all-targets"]] {
        let mut c = cargo();
        c.args(["clippy", "-p", "siterecovery-wasm", "--target", tools::WASM_TARGET]);
        cmd::run(c.args(features).args(["--", "-D", "warnings"]))?;
    }
    Ok(None)
}

fn wasm_build() -> StepResult {
    cmd::run(cargo().args(["build", "-p", "siterecovery", "--target", tools::WASM_TARGET]))?;
    Ok(None)
}
