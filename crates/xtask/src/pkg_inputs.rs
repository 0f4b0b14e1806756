//! What a built package was made from, so that `cargo xtask demo` (and every other caller of
//! `dist::build`) skips wasm-pack, wasm-opt and esbuild when nothing it reads has changed.
//!
//! The inputs are lines of text: each file the build reads (the wasm crate and every crate it
//! reaches through `path =` dependencies, the specs, the workspace's Cargo.toml, Cargo.lock,
//! rust-toolchain.toml, .cargo/config.toml, the npm tools' lockfile, this xtask's `dist.rs`)
//! with a hash of its bytes, the tool versions, the environment variables that change a cargo
//! build, and the build's own arguments (target, features, wasm-opt's arguments are in the
//! crate's Cargo.toml). The record beside the package (`pkg-web.inputs` next to `pkg-web/`)
//! holds those lines, their key, and a hash of every file the build wrote: the package is
//! reused only when the inputs are the same and its files are still the ones written.

use std::collections::BTreeSet;
use std::hash::Hasher;
use std::path::{Path, PathBuf};

/// Folders that are no input of a crate's library build: tests, benches, examples, build
/// outputs, packages built from it, and hidden folders.
fn skipped_dir(name: &str) -> bool {
    matches!(name, "tests" | "benches" | "examples" | "target" | "node_modules") || name.starts_with("pkg") || name.starts_with('.')
}

/// The workspace files every cargo build of the package reads (when they exist).
const WORKSPACE_FILES: &[&str] =
    &["Cargo.toml", "Cargo.lock", "rust-toolchain.toml", ".cargo/config.toml", "crates/xtask/tools/package-lock.json"];

/// The environment variables that change what cargo, rustc or wasm-pack produce.
fn build_env(name: &str) -> bool {
    ["RUSTFLAGS", "CARGO_ENCODED_RUSTFLAGS", "RUSTC", "RUSTC_WRAPPER", "RUSTUP_TOOLCHAIN", "WASM_BINDGEN_"]
        .iter()
        .any(|p| name == *p || (p.ends_with('_') && name.starts_with(p)))
        || name.starts_with("CARGO_PROFILE_")
        || name.starts_with("CARGO_BUILD_")
        || name.starts_with("CARGO_TARGET_WASM32")
}

/// A 64-bit hash of bytes, as 16 hex digits. std's SipHash with its fixed keys: stable for a
/// given toolchain, which is part of the inputs, so a change of algorithm only rebuilds once.
pub fn hash(bytes: &[u8]) -> String {
    let mut h = std::hash::DefaultHasher::new();
    h.write(bytes);
    format!("{:016x}", h.finish())
}

/// The inputs of one package build, as sorted lines `kind name value`.
#[derive(Debug, Clone, PartialEq)]
pub struct Inputs {
    lines: Vec<String>,
}

/// What is hashed besides the files: from the caller, so that tests can fake it.
pub struct Context<'a> {
    /// `(tool, version)`: rustc, wasm-pack, wasm-bindgen, binaryen (wasm-opt), esbuild.
    pub tools: &'a [(String, String)],
    /// `(name, value)` of the environment; only the variables that change a build are kept.
    pub env: &'a [(String, String)],
    /// The build's own arguments (target, features, ...).
    pub args: &'a [String],
    /// The source of the code that post-processes the package (xtask's dist.rs).
    pub post_process: &'a str,
}

impl Inputs {
    /// The inputs of building the crate at `root/crate_dir` with the specs in `specs`.
    pub fn collect(root: &Path, crate_dir: &str, specs: &Path, cx: &Context) -> Result<Inputs, String> {
        let mut lines = BTreeSet::new();
        for (tool, version) in cx.tools {
            lines.insert(format!("tool {tool} {}", one_line(version)));
        }
        for (name, value) in cx.env.iter().filter(|(n, _)| build_env(n)) {
            lines.insert(format!("env {name} {}", hash(value.as_bytes())));
        }
        lines.insert(format!("args {}", cx.args.join(" ")));
        lines.insert(format!("code dist.rs {}", hash(cx.post_process.as_bytes())));
        let mut files = Vec::new();
        for dir in crate_closure(root, &root.join(crate_dir))? {
            source_files(&dir, &mut files)?;
        }
        source_files(specs, &mut files)?;
        files.extend(WORKSPACE_FILES.iter().map(|f| root.join(f)).filter(|p| p.is_file()));
        for file in files {
            let bytes = std::fs::read(&file).map_err(|e| format!("read {}: {e}", file.display()))?;
            lines.insert(format!("file {} {}", shown(root, &file), hash(&bytes)));
        }
        Ok(Inputs { lines: lines.into_iter().collect() })
    }

    /// One hash of all the inputs.
    pub fn key(&self) -> String {
        hash(self.lines.join("\n").as_bytes())
    }

    /// The lines of `self` that `old` does not have, as `+ line`, and the other way round.
    pub fn changes(&self, old: &Inputs) -> Vec<String> {
        let mine: BTreeSet<_> = self.lines.iter().collect();
        let theirs: BTreeSet<_> = old.lines.iter().collect();
        let added = mine.difference(&theirs).map(|l| format!("+ {l}"));
        added.chain(theirs.difference(&mine).map(|l| format!("- {l}"))).collect()
    }
}

fn one_line(text: &str) -> String {
    text.lines().next().unwrap_or("").trim().to_string()
}

fn shown(root: &Path, file: &Path) -> String {
    file.strip_prefix(root).unwrap_or(file).display().to_string()
}

/// The crate at `dir` and every crate it reaches through `path = "..."` dependencies.
fn crate_closure(root: &Path, dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut seen = BTreeSet::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(dir) = todo.pop() {
        let dir = dir.canonicalize().map_err(|e| format!("{}: {e}", dir.display()))?;
        if !seen.insert(dir.clone()) {
            continue;
        }
        let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).map_err(|e| format!("read {}/Cargo.toml: {e}", dir.display()))?;
        todo.extend(path_dependencies(&manifest).into_iter().map(|p| dir.join(p)));
    }
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    Ok(seen.into_iter().map(|d| root.join(d.strip_prefix(&root).unwrap_or(&d))).collect())
}

/// The values of `path = "..."` in a Cargo.toml (its dependency tables).
fn path_dependencies(manifest: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in manifest.lines().map(str::trim).filter(|l| !l.starts_with('#')) {
        let mut rest = line;
        while let Some(at) = rest.find("path") {
            let after = rest[at + 4..].trim_start();
            let before_ok = at == 0
                || !rest.as_bytes()[at - 1].is_ascii_alphanumeric() && rest.as_bytes()[at - 1] != b'_' && rest.as_bytes()[at - 1] != b'-';
            rest = &rest[at + 4..];
            let Some(value) = after.strip_prefix('=').map(str::trim_start).and_then(|v| v.strip_prefix('"')) else { continue };
            if before_ok {
                if let Some(end) = value.find('"') {
                    out.push(value[..end].to_string());
                }
            }
        }
    }
    // `[lib] path = "src/lib.rs"` and `[[bin]] path = ...` name files, not crates.
    out.retain(|p| !p.ends_with(".rs"));
    out
}

/// Every file below `dir`, skipping the folders that are no build input.
fn source_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("read {}: {e}", dir.display()))?;
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if path.is_dir() {
            if !skipped_dir(&name) {
                source_files(&path, out)?;
            }
        } else if !name.starts_with('.') && !name.ends_with(".inputs") {
            // (`*.inputs`: a package's record, written beside it in the crate's folder.)
            out.push(path);
        }
    }
    Ok(())
}

/// The record beside a package folder: `<dir>.inputs`.
fn record_path(dir: &Path) -> PathBuf {
    let mut name = dir.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".inputs");
    dir.with_file_name(name)
}

/// Every file of a built package with its hash, as lines `output <path> <hash>`.
fn outputs(dir: &Path) -> Result<Vec<String>, String> {
    let mut files = Vec::new();
    collect_all(dir, &mut files)?;
    let mut lines = Vec::new();
    for file in files {
        let bytes = std::fs::read(&file).map_err(|e| format!("read {}: {e}", file.display()))?;
        lines.push(format!("output {} {}", shown(dir, &file), hash(&bytes)));
    }
    Ok(lines)
}

fn collect_all(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("read {}: {e}", dir.display()))?;
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            collect_all(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

const HEADER: &str = "# The inputs this package was built from (cargo xtask dist): it is built again when one changes.";

/// Whether the package in `dir` was built from `inputs` and is still as built. Says why not.
pub fn up_to_date(dir: &Path, inputs: &Inputs) -> Result<(), String> {
    let text = std::fs::read_to_string(record_path(dir)).map_err(|_| "never built (no record of its inputs)".to_string())?;
    let mut old = Vec::new();
    let mut built = Vec::new();
    for line in text.lines().filter(|l| !l.starts_with('#') && !l.starts_with("key ")) {
        if line.starts_with("output ") {
            built.push(line.to_string());
        } else {
            old.push(line.to_string());
        }
    }
    let changes = inputs.changes(&Inputs { lines: old });
    if !changes.is_empty() {
        let shown: Vec<_> = changes.iter().take(6).cloned().collect();
        let more = changes.len().saturating_sub(shown.len());
        let tail = if more > 0 { format!("\n  (+{more} more)") } else { String::new() };
        return Err(format!("inputs changed:\n  {}{tail}", shown.join("\n  ")));
    }
    let now = if dir.is_dir() { outputs(dir)? } else { Vec::new() };
    if built.is_empty() || now != built {
        return Err("its files are not the ones built from these inputs".into());
    }
    Ok(())
}

/// Forget the record (before a build: a build that fails leaves no record behind).
pub fn forget(dir: &Path) -> Result<(), String> {
    match std::fs::remove_file(record_path(dir)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(format!("remove {}: {e}", record_path(dir).display())),
        _ => Ok(()),
    }
}

/// Write the record of a package just built in `dir` from `inputs`.
pub fn record(dir: &Path, inputs: &Inputs) -> Result<(), String> {
    let mut text = format!("{HEADER}\nkey {}\n", inputs.key());
    for line in inputs.lines.iter().chain(outputs(dir)?.iter()) {
        text.push_str(line);
        text.push('\n');
    }
    let path = record_path(dir);
    std::fs::write(&path, text).map_err(|e| format!("write {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A workspace: `crates/w` (the package) depends on `crates/core`, which depends on
    /// `crates/leaf`; `crates/other` is no dependency; specs in `openapi/`.
    fn workspace(name: &str) -> PathBuf {
        let root = std::env::temp_dir().join(format!("xtask-inputs-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let files = [
            ("Cargo.toml", "[workspace]\n"),
            ("Cargo.lock", "# lock\n"),
            ("openapi/a.yaml", "openapi: 3.0.3\n"),
            ("crates/w/Cargo.toml", "[lib]\npath = \"src/lib.rs\"\n[dependencies]\ncore = { path = \"../core\" }\n[build-dependencies]\n# old = { path = \"../other\" }\n"),
            ("crates/w/src/lib.rs", "pub fn f() {}\n"),
            ("crates/w/tests/t.rs", "#[test] fn t() {}\n"),
            ("crates/w/pkg-web/index.js", "built\n"),
            ("crates/core/Cargo.toml", "[dependencies]\nleaf = { version = \"1\", path = \"../leaf\" }\n"),
            ("crates/core/src/lib.rs", "pub fn g() {}\n"),
            ("crates/leaf/Cargo.toml", "[package]\nname = \"leaf\"\n"),
            ("crates/leaf/src/lib.rs", "pub fn h() {}\n"),
            ("crates/other/Cargo.toml", "[package]\nname = \"other\"\n"),
            ("crates/other/src/lib.rs", "pub fn i() {}\n"),
        ];
        for (path, text) in files {
            let p = root.join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        root
    }

    fn key_of(root: &Path, tools: &[(&str, &str)], env: &[(&str, &str)], args: &[&str]) -> String {
        let tools: Vec<_> = tools.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
        let env: Vec<_> = env.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
        let args: Vec<_> = args.iter().map(|a| a.to_string()).collect();
        let cx = Context { tools: &tools, env: &env, args: &args, post_process: "fn finish() {}" };
        Inputs::collect(root, "crates/w", &root.join("openapi"), &cx).unwrap().key()
    }

    const TOOLS: &[(&str, &str)] = &[("rustc", "rustc 1.90.0"), ("binaryen", "132.0.0")];

    #[test]
    fn a_changed_input_changes_the_key_and_nothing_else_does() {
        let root = workspace("key");
        let key = || key_of(&root, TOOLS, &[("HOME", "/root")], &["web"]);
        let first = key();
        assert_eq!(first, key(), "the same inputs give the same key");
        let edit = |path: &str, text: &str| std::fs::write(root.join(path), text).unwrap();

        // Inputs: the crate, its path dependencies (also indirect ones), specs, Cargo.lock.
        for (path, text) in [
            ("crates/w/src/lib.rs", "pub fn f() { }\n"),
            ("crates/leaf/src/lib.rs", "pub fn h2() {}\n"),
            ("openapi/a.yaml", "openapi: 3.1.0\n"),
            ("Cargo.lock", "# lock 2\n"),
            ("crates/core/src/new.rs", "// a new file\n"),
        ] {
            let before = key();
            edit(path, text);
            assert_ne!(before, key(), "{path} is an input");
        }
        // Not inputs: tests, the built package, crates it does not depend on, other env vars.
        let before = key();
        edit("crates/w/tests/t.rs", "// changed\n");
        edit("crates/w/pkg-web/index.js", "rebuilt\n");
        edit("crates/other/src/lib.rs", "pub fn j() {}\n");
        assert_eq!(before, key());
        assert_eq!(before, key_of(&root, TOOLS, &[("HOME", "/elsewhere"), ("CARGO_PKG_NAME", "xtask")], &["web"]));
        // Tools, build env, arguments.
        assert_ne!(before, key_of(&root, &[("rustc", "rustc 1.91.0"), ("binaryen", "132.0.0")], &[("HOME", "/root")], &["web"]));
        assert_ne!(before, key_of(&root, TOOLS, &[("RUSTFLAGS", "-C opt-level=0")], &["web"]));
        assert_ne!(before, key_of(&root, TOOLS, &[("HOME", "/root")], &["bundler"]));
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn the_record_matches_only_its_inputs_and_untouched_outputs() {
        let root = workspace("record");
        let tools: Vec<_> = TOOLS.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
        let cx = Context { tools: &tools, env: &[], args: &["web".to_string()], post_process: "" };
        let inputs = || Inputs::collect(&root, "crates/w", &root.join("openapi"), &cx).unwrap();
        let pkg = root.join("crates/w/pkg-web");
        assert!(up_to_date(&pkg, &inputs()).unwrap_err().contains("never built"));
        record(&pkg, &inputs()).unwrap();
        assert!(root.join("crates/w/pkg-web.inputs").is_file(), "the record is beside the package");
        assert_eq!(up_to_date(&pkg, &inputs()), Ok(()));

        std::fs::write(root.join("crates/core/src/lib.rs"), "pub fn g2() {}\n").unwrap();
        let why = up_to_date(&pkg, &inputs()).unwrap_err();
        assert!(why.contains("crates/core/src/lib.rs"), "names the changed file: {why}");
        record(&pkg, &inputs()).unwrap();

        std::fs::write(pkg.join("index.js"), "edited by hand\n").unwrap();
        assert!(up_to_date(&pkg, &inputs()).unwrap_err().contains("not the ones built"));
        std::fs::remove_dir_all(&pkg).unwrap();
        assert!(up_to_date(&pkg, &inputs()).is_err(), "a deleted package is built again");
        forget(&pkg).unwrap();
        assert!(up_to_date(&pkg, &inputs()).unwrap_err().contains("never built"));
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn path_dependencies_are_read_from_the_manifest() {
        let manifest = "[lib]\npath = \"src/lib.rs\"\n[dependencies]\na = { path = \"../a\" }\nb = { version = \"1\", path = \"../b\", features = [\"x\"] }\n# c = { path = \"../c\" }\nd-path = \"2\"\n[dependencies.e]\npath = \"../e\"\n";
        assert_eq!(path_dependencies(manifest), ["../a", "../b", "../e"]);
    }
}
