//! `cargo xtask <cmd>` — the project's own build, install and test driver (std only).

mod bench;
mod cmd;
mod consumer_apps;
mod counts;
mod demo;
mod dist;
mod fuzz;
mod load_check;
mod package_checks;
mod page_check;
mod pkg_inputs;
mod proxy_check;
mod runtime_checks;
mod schemathesis;
mod sim;
mod test;
mod tools;
mod wasm_data;
mod wasm_fmt;
mod wasm_names;
mod wasm_order;
mod wasm_unread;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  setup [core|browser]  install the tools the project needs (idempotent, fast when done);
                        core = wasm target + OpenAPI validator + Schemathesis,
                        browser = the rest
  test                  run all tests in order, stop at the first failure, print a summary
  demo [--port N]       run the simulator with the web page (default port 8470); the package
                        is built only when its inputs changed
  demo --srm-a URL ...  the page in front of real servers instead: --srm-a/--srm-b URL (SRM),
                        --vr-a/--vr-b URL (replication appliances), each forwarded under its
                        own path of the page's origin; --ca-cert FILE, --insecure-tls (lab)
  dist                  build the npm package (web + bundler) and print its size
  bench [--smoke]       our package beside its JavaScript peers in headless Chromium (size,
                        per-call cost, waiting at scale, start-up), code generation time,
                        size attribution; writes BENCHMARKS.md (--smoke: small and quick,
                        to target/bench/)
  fuzz [--cases N]      the fuzz test (tests/fuzz.rs: every decoder and parser on arbitrary
                        input), N cases per property (default 100,000), optimised with
                        overflow checks; prints the cases per property, fails on any failure
  help                  this text
";

fn main() -> ExitCode {
    cmd::init_env();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("setup") => match args.get(1).map(String::as_str) {
            None => tools::setup(),
            Some("core") => tools::ensure_core(),
            Some("browser") => tools::ensure_browser(),
            Some(other) => Err(format!("setup: unknown group `{other}` (core | browser)")),
        },
        Some("test") => test::run(&args[1..]),
        Some("demo") => demo::run(&args[1..]),
        Some("dist") => dist::run(),
        Some("bench") => bench::run(&args[1..]),
        Some("fuzz") => fuzz::run(&args[1..]),
        Some("help" | "-h" | "--help") => {
            print!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(format!("unknown command `{other}`\n\n{USAGE}")),
        None => Err(USAGE.to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}
