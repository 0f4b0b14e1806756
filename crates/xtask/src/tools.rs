//! Idempotent installers. Each `ensure_*` checks the installed version first and prints one
//! line `ok <tool> <version>` when nothing needs doing; otherwise it says what it installs.
//! Everything comes from the package registries (crates.io, npm, PyPI, Debian); nothing here
//! downloads a prebuilt binary of its own.

use crate::cmd::{self, cargo, output, root, run, tools_dir, which};
use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

pub const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// openapi-spec-validator: latest release on PyPI when pinned (supports OpenAPI 3.0 and 3.1).
pub const OPENAPI_SPEC_VALIDATOR: &str = "0.9.0";
/// Schemathesis: the 4.32 line DESIGN.md verified here (PyPI's latest of it when pinned).
pub const SCHEMATHESIS: &str = "4.32.5";
/// wasm-pack: the version DESIGN.md verified offline (`--mode no-install`).
pub const WASM_PACK: &str = "0.15.1";
pub const GECKODRIVER: &str = "0.37.1";
/// twiggy (wasm size profiler), for the bench's attribution table.
pub const TWIGGY: &str = "0.8.0";
/// Pinned npm tools (binaryen -> wasm-opt, typescript, esbuild, playwright-core, and for the
/// runtime and bundler tests vite, webpack, workerd).
const NPM_MANIFEST_DIR: &str = "crates/xtask/tools";
/// Pinned npm packages of the benchmark's JavaScript peers.
const BENCH_MANIFEST_DIR: &str = "crates/xtask/bench";

/// Tools every command needs: the wasm target, the OpenAPI validator and Schemathesis.
pub fn ensure_core() -> Result<(), String> {
    ensure_wasm_target()?;
    ensure_spec_validator()?;
    ensure_schemathesis()
}

/// Tools for building the npm package and running tests in node and browsers.
pub fn ensure_browser() -> Result<(), String> {
    ensure_apt_browsers()?;
    ensure_npm_tools()?;
    ensure_wasm_pack()?;
    ensure_wasm_bindgen_cli()?;
    ensure_geckodriver()
}

pub fn setup() -> Result<(), String> {
    ensure_core()?;
    ensure_browser()?;
    println!("setup complete");
    Ok(())
}

pub fn ensure_wasm_target() -> Result<(), String> {
    let installed = output(rustup().args(["target", "list", "--installed"])).unwrap_or_default();
    if installed.lines().any(|l| l.trim() == WASM_TARGET) {
        println!("ok rust-target {WASM_TARGET}");
        return Ok(());
    }
    println!("installing rust target {WASM_TARGET}");
    run(rustup().args(["target", "add", WASM_TARGET]))
}

/// An executable of the project's Python venv (`.tools/venv/bin/<name>`).
pub fn venv_bin(name: &str) -> std::path::PathBuf {
    tools_dir().join("venv/bin").join(name)
}

fn rustup() -> Command {
    let mut c = Command::new("rustup");
    c.current_dir(root()); // honour rust-toolchain.toml
    c
}

pub fn ensure_spec_validator() -> Result<(), String> {
    ensure_pip("openapi-spec-validator", OPENAPI_SPEC_VALIDATOR, "openapi-spec-validator")
}

/// Schemathesis, for the simulator's conformance run against its own specs.
pub fn ensure_schemathesis() -> Result<(), String> {
    ensure_pip("schemathesis", SCHEMATHESIS, "st")
}

/// `pip install <package>==<version>` into the project's venv (made first when missing),
/// unless that version is installed and `bin` is there.
fn ensure_pip(package: &str, version: &str, bin: &str) -> Result<(), String> {
    let venv = tools_dir().join("venv");
    let python = venv.join("bin/python");
    let installed = output(Command::new(&python).args(["-c", &format!("import importlib.metadata as m; print(m.version('{package}'))")]));
    if installed.as_deref() == Some(version) && venv_bin(bin).is_file() {
        println!("ok {package} {version}");
        return Ok(());
    }
    println!("installing {package} {version} into {}", venv.display());
    if !python.is_file() {
        fs::create_dir_all(tools_dir()).map_err(|e| e.to_string())?;
        // Prefer the system interpreter (stable path); fall back to whatever python3 is on PATH.
        let base = ["/usr/bin/python3"]
            .iter()
            .map(Path::new)
            .find(|p| p.is_file())
            .map(|p| p.to_path_buf())
            .or_else(|| which("python3"))
            .ok_or("python3 not found: install it (apt-get install -y python3 python3-venv)")?;
        run(Command::new(base).arg("-m").arg("venv").arg(&venv))?;
    }
    run(Command::new(venv.join("bin/pip")).args(["install", "--disable-pip-version-check", "--quiet", &format!("{package}=={version}")]))
}

/// chromium + chromedriver + firefox from Debian (never Debian's binaryen: its wasm-opt is broken).
pub fn ensure_apt_browsers() -> Result<(), String> {
    let chromium = which("chromium");
    let chromedriver = which("chromedriver");
    let firefox = which("firefox-esr").or_else(|| which("firefox"));
    if let (Some(_), Some(_), Some(_)) = (&chromium, &chromedriver, &firefox) {
        let v = |b: &str| output(Command::new(b).arg("--version")).unwrap_or_default();
        println!("ok {}", first_line(&v("chromium")));
        println!("ok {}", first_line(&v("chromedriver")));
        println!("ok {}", first_line(&v(firefox.as_ref().unwrap().to_str().unwrap_or("firefox"))));
        return Ok(());
    }
    println!("installing chromium chromium-driver firefox-esr (apt)");
    apt(&["update"])?;
    apt(&["install", "-y", "chromium", "chromium-driver", "firefox-esr"])
}

/// apt-get, waiting (with a message) while another apt/dpkg holds the lock.
fn apt(args: &[&str]) -> Result<(), String> {
    for attempt in 1..=90 {
        let mut c = Command::new("apt-get");
        c.env("DEBIAN_FRONTEND", "noninteractive").args(["-o", "DPkg::Lock::Timeout=60"]).args(args);
        let (status, text) = cmd::tee(&mut c)?;
        if status.success() {
            return Ok(());
        }
        let locked = text.contains("Could not get lock") || text.contains("Unable to lock");
        if !locked {
            return Err(format!("`{}` failed ({status})", cmd::describe(&c)));
        }
        println!("apt is locked by another process; waiting 10 s (attempt {attempt}/90)");
        std::thread::sleep(Duration::from_secs(10));
    }
    Err("apt stayed locked for 15 minutes".into())
}

/// npm tools into `.tools/node_modules` from the committed manifest + lockfile.
pub fn ensure_npm_tools() -> Result<(), String> {
    ensure_npm(NPM_MANIFEST_DIR, &tools_dir(), "wasm-opt")?;
    let v = output(Command::new(cmd::npm_bin("wasm-opt")).arg("--version")).ok_or("wasm-opt from npm binaryen does not run")?;
    println!("ok {v}");
    Ok(())
}

/// The benchmark's JavaScript peers (hey-api, zod, core-lro, openapi-fetch, ...) into
/// `.tools/bench/node_modules`, pinned by `crates/xtask/bench/package(-lock).json`.
pub fn ensure_bench_peers() -> Result<(), String> {
    ensure_npm(BENCH_MANIFEST_DIR, &tools_dir().join("bench"), "openapi-ts")
}

/// `npm ci` of the manifest + lockfile in `manifest_dir` (relative to the repo) into `dst`,
/// unless `dst` already has that lockfile, every pinned version and `.bin/<bin>`.
fn ensure_npm(manifest_dir: &str, dst: &Path, bin: &str) -> Result<(), String> {
    let src = root().join(manifest_dir);
    let wanted = pinned_npm_deps(&read(&src.join("package.json"))?);
    let installed = |name: &str| {
        fs::read_to_string(dst.join("node_modules").join(name).join("package.json")).ok().and_then(|t| json_string_field(&t, "version"))
    };
    let same_lock = fs::read(src.join("package-lock.json")).ok() == fs::read(dst.join("package-lock.json")).ok();
    let all_match = wanted.iter().all(|(n, v)| installed(n).as_deref() == Some(v.as_str()));
    if same_lock && all_match && dst.join("node_modules/.bin").join(bin).exists() {
        for (n, v) in &wanted {
            println!("ok {n} {v} (npm)");
        }
        return Ok(());
    }
    let list: Vec<String> = wanted.iter().map(|(n, v)| format!("{n}@{v}")).collect();
    println!("installing npm packages into {}: {}", dst.display(), list.join(" "));
    fs::create_dir_all(dst).map_err(|e| e.to_string())?;
    for f in ["package.json", "package-lock.json"] {
        fs::copy(src.join(f), dst.join(f)).map_err(|e| format!("copy {f}: {e}"))?;
    }
    run(Command::new("npm").current_dir(dst).args(["ci", "--no-audit", "--no-fund", "--loglevel=error"]))
}

/// twiggy, for the size attribution of `cargo xtask bench`.
pub fn ensure_twiggy() -> Result<(), String> {
    cargo_tool("twiggy", "twiggy", TWIGGY, true)
}

pub fn ensure_wasm_pack() -> Result<(), String> {
    cargo_tool("wasm-pack", "wasm-pack", WASM_PACK, true)
}

pub fn ensure_geckodriver() -> Result<(), String> {
    cargo_tool("geckodriver", "geckodriver", GECKODRIVER, true)
}

/// wasm-bindgen-cli at exactly the `wasm-bindgen` version in Cargo.lock (a mismatch makes
/// wasm-pack try to download one). Not `--locked`: a pinned dependency is missing upstream.
pub fn ensure_wasm_bindgen_cli() -> Result<(), String> {
    let lock = read(&root().join("Cargo.lock"))?;
    let versions = lock_versions(&lock, "wasm-bindgen");
    match versions.as_slice() {
        [] => {
            println!("skip wasm-bindgen-cli: no wasm-bindgen in Cargo.lock yet");
            Ok(())
        }
        [v] => cargo_tool("wasm-bindgen-cli", "wasm-bindgen", v, false),
        many => Err(format!("Cargo.lock has several wasm-bindgen versions {many:?}; pin one")),
    }
}

/// `cargo install <krate> --version <version>` unless `<bin> --version` already reports it.
fn cargo_tool(krate: &str, bin: &str, version: &str, locked: bool) -> Result<(), String> {
    let current = output(Command::new(bin).arg("--version")).unwrap_or_default();
    let current_version = first_line(&current).split_whitespace().nth(1).unwrap_or("");
    if current_version.trim_start_matches('v') == version {
        println!("ok {bin} {version}");
        return Ok(());
    }
    if current_version.is_empty() {
        println!("installing {krate} {version} (cargo install)");
    } else {
        println!("installing {krate} {version} (cargo install; found {current_version})");
    }
    let mut c = cargo();
    c.args(["install", krate, "--version", version]);
    if locked {
        c.arg("--locked");
    }
    run(&mut c)
}

/// Every `version` of `[[package]] name = "<name>"` in a Cargo.lock.
pub fn lock_versions(lock: &str, name: &str) -> Vec<String> {
    let want = format!("name = \"{name}\"");
    let mut out = Vec::new();
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == want {
            if let Some(v) = lines.next().and_then(|l| l.trim().strip_prefix("version = ")) {
                out.push(v.trim_matches('"').to_string());
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// `"name": "version"` pairs of the `dependencies` block of our own package.json.
fn pinned_npm_deps(manifest: &str) -> Vec<(String, String)> {
    let Some(start) = manifest.find("\"dependencies\"") else {
        return Vec::new();
    };
    let body = &manifest[start..];
    let body = &body[body.find('{').map_or(0, |i| i + 1)..body.find('}').unwrap_or(body.len())];
    body.split(',')
        .filter_map(|pair| {
            let mut parts = pair.split(':').map(|s| s.trim().trim_matches('"').to_string());
            Some((parts.next()?, parts.next()?))
        })
        .filter(|(n, _)| !n.is_empty())
        .collect()
}

/// First `"field": "value"` in a JSON text (good enough for npm package.json files).
fn json_string_field(text: &str, field: &str) -> Option<String> {
    let key = format!("\"{field}\"");
    let rest = &text[text.find(&key)? + key.len()..];
    let rest = rest.trim_start().strip_prefix(':')?.trim_start().strip_prefix('"')?;
    Some(rest[..rest.find('"')?].to_string())
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or("").trim()
}

fn read(p: &Path) -> Result<String, String> {
    fs::read_to_string(p).map_err(|e| format!("read {}: {e}", p.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_lock_versions() {
        let lock = "[[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.130\"\n\n\
                    [[package]]\nname = \"wasm-bindgen-shared\"\nversion = \"0.2.130\"\n";
        assert_eq!(lock_versions(lock, "wasm-bindgen"), vec!["0.2.130"]);
        assert!(lock_versions(lock, "geckodriver").is_empty());
    }

    #[test]
    fn parses_npm_manifest() {
        let m = "{\n \"name\": \"x\",\n \"dependencies\": {\n  \"binaryen\": \"132.0.0\",\n  \"esbuild\": \"0.28.2\"\n }\n}";
        assert_eq!(pinned_npm_deps(m), vec![("binaryen".into(), "132.0.0".into()), ("esbuild".into(), "0.28.2".into())]);
        assert_eq!(json_string_field(m, "name").as_deref(), Some("x"));
    }
}
