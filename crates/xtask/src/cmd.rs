//! Process helpers shared by the commands: repo paths, PATH for children, run / capture / tee.

use std::ffi::OsString;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;

/// Repository root (xtask lives in `crates/xtask`).
pub fn root() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    dir.canonicalize().unwrap_or(dir)
}

/// Project-local tool dir (gitignored): npm packages and the Python venv.
pub fn tools_dir() -> PathBuf {
    root().join(".tools")
}

/// An executable of the pinned npm tools (`.tools/node_modules/.bin/<name>`).
pub fn npm_bin(name: &str) -> PathBuf {
    tools_dir().join("node_modules/.bin").join(name)
}

fn cargo_bin_dir() -> PathBuf {
    match std::env::var_os("CARGO_HOME") {
        Some(home) => PathBuf::from(home).join("bin"),
        None => PathBuf::from(std::env::var_os("HOME").unwrap_or_else(|| "/root".into())).join(".cargo/bin"),
    }
}

/// Put the project's tool dirs first on PATH so every child process finds them.
/// Called once at the start of `main`, before any thread exists.
pub fn init_env() {
    let tools = tools_dir();
    let mut dirs = vec![tools.join("node_modules/.bin"), tools.join("venv/bin"), cargo_bin_dir()];
    if let Some(path) = std::env::var_os("PATH") {
        for d in std::env::split_paths(&path) {
            if !dirs.contains(&d) {
                dirs.push(d);
            }
        }
    }
    if let Ok(joined) = std::env::join_paths(dirs) {
        std::env::set_var("PATH", joined);
    }
}

/// `cargo` as invoked by `cargo xtask` (same toolchain), run from the repo root.
pub fn cargo() -> Command {
    let mut c = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| OsString::from("cargo")));
    c.current_dir(root());
    c
}

/// Full path of an executable found on PATH.
pub fn which(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|d| d.join(name)).find(|p| p.is_file())
}

pub fn describe(c: &Command) -> String {
    let mut s = c.get_program().to_string_lossy().into_owned();
    for a in c.get_args() {
        s.push(' ');
        s.push_str(&a.to_string_lossy());
    }
    s
}

/// Run with inherited stdio; error on spawn failure or non-zero exit.
pub fn run(c: &mut Command) -> Result<(), String> {
    println!("$ {}", describe(c));
    let status = c.status().map_err(|e| format!("cannot start `{}`: {e}", describe(c)))?;
    check(c, status)
}

fn check(c: &Command, status: ExitStatus) -> Result<(), String> {
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{}` failed ({status})", describe(c)))
    }
}

/// Trimmed stdout of a successful command, or None (missing binary, non-zero exit).
pub fn output(c: &mut Command) -> Option<String> {
    let out = c.stderr(Stdio::null()).stdin(Stdio::null()).output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// Run, streaming stdout and stderr through to ours while capturing both (line by line).
/// Returns the exit status and the captured text; does not judge the status.
pub fn tee(c: &mut Command) -> Result<(ExitStatus, String), String> {
    println!("$ {}", describe(c));
    let mut child = c
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start `{}`: {e}", describe(c)))?;
    let captured = Arc::new(Mutex::new(String::new()));
    let out = forward(child.stdout.take().unwrap(), false, captured.clone());
    let err = forward(child.stderr.take().unwrap(), true, captured.clone());
    let status = child.wait().map_err(|e| e.to_string())?;
    let _ = out.join();
    let _ = err.join();
    let text = std::mem::take(&mut *captured.lock().unwrap());
    Ok((status, text))
}

fn forward(stream: impl Read + Send + 'static, to_stderr: bool, captured: Arc<Mutex<String>>) -> thread::JoinHandle<()> {
    thread::spawn(move || {
        let mut reader = BufReader::new(stream);
        let mut buf = Vec::new();
        while matches!(reader.read_until(b'\n', &mut buf), Ok(n) if n > 0) {
            // print!/eprint! (not raw writes): libtest captures them, so the runner lines
            // that xtask's own unit tests produce never reach an outer `cargo test` parse.
            let line = String::from_utf8_lossy(&buf);
            if to_stderr {
                eprint!("{line}");
            } else {
                print!("{line}");
            }
            captured.lock().unwrap().push_str(&String::from_utf8_lossy(&buf));
            buf.clear();
        }
    })
}
