//! `cargo xtask bench [--smoke]`: our package side by side with its JavaScript peers, in one
//! run, written to `BENCHMARKS.md`.
//!
//! It measures: (1) sizes a browser downloads (our .wasm + .js, each peer's esbuild bundle),
//! (2) per-call cost, (3) waiting at scale, (4) start-up — measured in headless Chromium
//! against the simulator by `crates/xtask/bench/run.mjs` — (5) code-generation time (the
//! codegen bench) and (6) size attribution of our wasm (twiggy). `crates/xtask/bench/report.mjs` turns the
//! samples into the tables. The smoke mode (small N, one round, debug simulator) is a step of
//! `cargo xtask test` so the bench keeps working; it writes `target/bench/BENCHMARKS.md`.

use crate::cmd::{self, cargo, root};
use crate::counts::{parse_plain, run_counted, StepError, StepResult};
use crate::dist::{self, Target};
use crate::{sim, tools};
use std::path::{Path, PathBuf};
use std::process::Command;

/// How much one run measures.
struct Mode {
    smoke: bool,
    rounds: u32,
    /// Concurrent waits in the "waiting at scale" figure.
    waits: u32,
    /// Measured calls per operation, implementation and round.
    calls: u32,
    /// How long each task of the waiting figure runs.
    task_ms: u32,
    /// Polls between the two memory samples.
    polls: u32,
}

const FULL: Mode = Mode { smoke: false, rounds: 5, waits: 1000, calls: 100, task_ms: 4000, polls: 10_000 };
const SMOKE: Mode = Mode { smoke: true, rounds: 1, waits: 20, calls: 5, task_ms: 600, polls: 200 };

pub fn run(args: &[String]) -> Result<(), String> {
    let mode = match args {
        [] => FULL,
        [flag] if flag == "--smoke" => SMOKE,
        _ => return Err("usage: cargo xtask bench [--smoke]".into()),
    };
    tools::ensure_core()?;
    tools::ensure_apt_browsers()?;
    tools::ensure_npm_tools()?;
    tools::ensure_wasm_pack()?;
    tools::ensure_wasm_bindgen_cli()?;
    dist::build(Target::Web)?;
    measure(&mode).map(|_| ()).map_err(|e| e.message)
}

/// Test step: the whole bench in smoke mode, on the package the "npm package" step built.
pub fn smoke() -> StepResult {
    if !dist::pkg_dir(Target::Web).join("index.js").is_file() {
        return Err("no web package: build it first (`cargo xtask dist`)".to_string().into());
    }
    measure(&SMOKE).map(Some)
}

fn out_dir() -> PathBuf {
    root().join("target/bench")
}

/// Runs every figure; returns how many checks of the peers passed (the smoke run checks them
/// against the simulator before measuring; the full run trusts that).
fn measure(mode: &Mode) -> Result<u64, StepError> {
    tools::ensure_twiggy()?;
    tools::ensure_bench_peers()?;
    let out = out_dir();
    std::fs::create_dir_all(&out).map_err(|e| format!("create {}: {e}", out.display()))?;

    println!("\n--- 5. code generation");
    let codegen = codegen_times(mode)?;
    write(&out.join("codegen.txt"), &codegen)?;

    println!("\n--- 6. size attribution (twiggy)");
    attribution(&out, mode)?;

    println!("\n--- peers: generate from openapi/, bundle with esbuild");
    let site = site(&out)?;

    println!("\n--- 1-4. in headless Chromium against the simulator");
    // No Content-Security-Policy for the harness: zod (in the hey-api peer) probes
    // `new Function`, which the demo page's policy forbids, and would measure its slower
    // no-eval path.
    let extra = [
        "--web".to_string(),
        site.display().to_string(),
        "--pkg".to_string(),
        dist::pkg_dir(Target::Web).display().to_string(),
        "--no-csp".to_string(),
        // Cross-origin isolated: `performance.now()` in 5 µs steps, not 100 µs.
        "--isolated".to_string(),
    ];
    // The optimised simulator for real numbers (server time dilutes client costs); the debug
    // one that the tests built for the smoke run.
    let server = if mode.smoke {
        sim::build()?;
        sim::start(0, &extra)?
    } else {
        sim::build_release()?;
        sim::start_release(0, &extra)?
    };
    let checked = if mode.smoke {
        let mut c = Command::new("node");
        c.current_dir(root()).arg("crates/xtask/bench/peers-check.mjs").arg(&site).arg(&server.base_url);
        run_counted(&mut c, parse_plain)?
    } else {
        0
    };
    let browser_json = out.join("browser.json");
    let numbers = [mode.rounds, mode.waits, mode.calls, mode.task_ms, mode.polls].map(|n| n.to_string());
    cmd::run(
        Command::new("node").current_dir(root()).arg("crates/xtask/bench/run.mjs").arg(&server.base_url).arg(&browser_json).args(&numbers),
    )?;
    drop(server);

    let report = if mode.smoke { out.join("BENCHMARKS.md") } else { root().join("BENCHMARKS.md") };
    let command = if mode.smoke { "cargo xtask bench --smoke" } else { "cargo xtask bench" };
    cmd::run(
        Command::new("node")
            .current_dir(root())
            .arg("crates/xtask/bench/report.mjs")
            .arg(&report)
            .env("BENCH_COMMAND", command)
            .env("BENCH_SIM", if mode.smoke { "debug" } else { "release" })
            .env("BENCH_MANGLING", if mode.smoke { "legacy" } else { "v0" })
            .env("BENCH_TWIGGY", tools::TWIGGY)
            .env(
                "BENCH_COMMIT",
                cmd::output(Command::new("git").current_dir(root()).args(["rev-parse", "--short", "HEAD"])).unwrap_or_default(),
            )
            .env("BENCH_DIR", &out)
            .env("BENCH_PKG", dist::pkg_dir(Target::Web))
            .env("BENCH_RUSTC", cmd::output(Command::new("rustc").current_dir(root()).arg("--version")).unwrap_or_default()),
    )?;
    Ok(checked)
}

/// The codegen bench's table (release build; the smoke run builds it unoptimised, one run per
/// spec, only to show it still works).
fn codegen_times(mode: &Mode) -> Result<String, String> {
    let mut c = cargo();
    c.args(["bench", "-p", "siterecovery-codegen", "--bench", "codegen"]);
    if mode.smoke {
        c.args(["--profile", "dev"]).env("SITERECOVERY_BENCH_RUNS", "1");
    }
    let (status, text) = cmd::tee(&mut c)?;
    if !status.success() {
        return Err(format!("`{}` failed ({status})", cmd::describe(&c)));
    }
    Ok(text)
}

/// twiggy on our wasm with its names: a release build through wasm-bindgen and `wasm-opt -Oz -g`
/// (the shipped optimisation, keeping the name section). The full run builds it apart with v0
/// symbol mangling, whose names keep generic arguments (`serde_json::from_slice::<Task>`), so
/// code monomorphised for a generated type is attributed to it; the smoke run reuses the
/// package's build.
fn attribution(out: &Path, mode: &Mode) -> Result<(), String> {
    let target_dir = if mode.smoke { root().join("target") } else { out.join("cargo-v0") };
    if !mode.smoke {
        let mut c = cargo();
        c.args(["build", "--release", "-p", "siterecovery-wasm", "--no-default-features", "--target", tools::WASM_TARGET]);
        c.env("CARGO_TARGET_DIR", &target_dir).env("RUSTFLAGS", "-C symbol-mangling-version=v0");
        cmd::run(&mut c)?;
    }
    let built = target_dir.join(tools::WASM_TARGET).join("release/siterecovery_wasm.wasm");
    if !built.is_file() {
        return Err(format!("{} missing: build the package first", built.display()));
    }
    let names = out.join("names");
    cmd::run(Command::new("wasm-bindgen").arg("--target").arg("web").arg("--out-dir").arg(&names).arg(&built))?;
    let bound = names.join("siterecovery_wasm_bg.wasm");
    // As the package's build does it (dist.rs `optimise`).
    let wasm = std::fs::read(&bound).map_err(|e| format!("read {}: {e}", bound.display()))?;
    if let Some((nulled, _)) = crate::wasm_fmt::without_dead_formatters(&wasm)? {
        std::fs::write(&bound, nulled).map_err(|e| format!("write {}: {e}", bound.display()))?;
    }
    let optimised = names.join("optimised.wasm");
    let mut opt = Command::new("wasm-opt");
    opt.args(dist::wasm_opt_args()?).arg("-g").arg(&bound).arg("-o").arg(&optimised);
    cmd::run(&mut opt)?;
    for (file, args) in [("twiggy-top.json", &["-n", "25", "--retained"][..]), ("twiggy-all.json", &["-n", "1000000"][..])] {
        let mut c = Command::new("twiggy");
        c.arg("top").args(args).args(["--format", "json", "-o"]).arg(out.join(file)).arg(&optimised);
        cmd::run(&mut c)?;
    }
    Ok(())
}

/// `target/bench/site`: the harness page, and the peers generated from `openapi/` and bundled.
fn site(out: &Path) -> Result<PathBuf, String> {
    let site = out.join("site");
    cmd::run(Command::new("node").current_dir(root()).arg("crates/xtask/bench/build-peers.mjs").arg(&site))?;
    let harness = root().join("crates/xtask/bench/harness");
    for entry in std::fs::read_dir(&harness).map_err(|e| format!("read {}: {e}", harness.display()))? {
        let from = entry.map_err(|e| e.to_string())?.path();
        let to = site.join(from.file_name().unwrap_or_default());
        std::fs::copy(&from, &to).map_err(|e| format!("copy {}: {e}", from.display()))?;
    }
    Ok(site)
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("write {}: {e}", path.display()))
}
