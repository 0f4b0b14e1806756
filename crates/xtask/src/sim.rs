//! The simulator (or the demo proxy) as a child process: build, start, wait for `READY <url>`,
//! kill on drop.

use crate::cmd::{cargo, describe, root, run};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{mpsc, Arc, Mutex};
use std::thread;
use std::time::Duration;

const READY_TIMEOUT: Duration = Duration::from_secs(60);

pub struct Sim {
    child: Child,
    /// `http://127.0.0.1:PORT` (no trailing slash).
    pub base_url: String,
    output: Arc<Mutex<Output>>,
}

/// What the simulator printed: its banner (stdout up to READY), then everything else
/// (stdout after READY, all of stderr).
#[derive(Default)]
struct Output {
    banner: Vec<String>,
    after_ready: Vec<String>,
}

/// The prefix of every password the secrets tests make up (`S3cr3t-Pa55-<what>-<random>`).
pub const TEST_SECRET_PREFIX: &str = "S3cr3t-Pa55-";

pub fn build() -> Result<(), String> {
    run(cargo().args(["build", "-p", "siterecovery-sim"]))
}

/// The optimised build, for benchmarks (server time would otherwise dilute client costs).
pub fn build_release() -> Result<(), String> {
    run(cargo().args(["build", "--release", "-p", "siterecovery-sim"]))
}

/// Start `target/debug/siterecovery-sim --port <port> <extra...>` (port 0 = any free port)
/// and wait for its `READY http://127.0.0.1:PORT` line. Call `build()` first.
pub fn start(port: u16, extra: &[String]) -> Result<Sim, String> {
    start_exe(&root().join("target/debug/siterecovery-sim"), port, extra)
}

/// The demo proxy (`crates/siterecovery-proxy`), which prints the same READY line.
pub fn build_proxy() -> Result<(), String> {
    run(cargo().args(["build", "-p", "siterecovery-proxy"]))
}

/// Start `target/debug/siterecovery-proxy --port <port> <extra...>`. Call `build_proxy()` first.
pub fn start_proxy(port: u16, extra: &[String]) -> Result<Sim, String> {
    start_exe(&root().join("target/debug/siterecovery-proxy"), port, extra)
}

/// `start` of the build of `build_release()`.
pub fn start_release(port: u16, extra: &[String]) -> Result<Sim, String> {
    start_exe(&root().join("target/release/siterecovery-sim"), port, extra)
}

fn start_exe(exe: &Path, port: u16, extra: &[String]) -> Result<Sim, String> {
    if !exe.is_file() {
        return Err(format!("{} not found (build it with `cargo build -p siterecovery-sim`)", exe.display()));
    }
    // `[sim]` or `[proxy]` before each line it prints, and in errors.
    let tag = exe.file_name().map_or("server".into(), |n| n.to_string_lossy().trim_start_matches("siterecovery-").to_string());
    let mut c = Command::new(exe);
    c.current_dir(root())
        .arg("--port")
        .arg(port.to_string())
        .args(extra)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    println!("$ {}", describe(&c));
    let mut child = c.spawn().map_err(|e| format!("cannot start {}: {e}", exe.display()))?;
    let stdout = child.stdout.take().unwrap();
    let stderr = child.stderr.take().unwrap();
    let output = Arc::new(Mutex::new(Output::default()));
    let (tx, rx) = mpsc::channel();
    // Reads stdout until READY, then keeps draining it (so the child never blocks on a full
    // pipe); every line is kept for `check_no_secrets`.
    let kept = Arc::clone(&output);
    let out_tag = tag.clone();
    thread::spawn(move || {
        let mut tx = Some(tx);
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            println!("[{out_tag}] {line}");
            let mut out = kept.lock().unwrap();
            if tx.is_none() {
                out.after_ready.push(line);
                continue;
            }
            if let Some(url) = line.trim().strip_prefix("READY ") {
                if let Some(tx) = tx.take() {
                    let _ = tx.send(url.trim().trim_end_matches('/').to_string());
                }
            }
            out.banner.push(line);
        }
    });
    let kept = Arc::clone(&output);
    let err_tag = tag.clone();
    thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            eprintln!("[{err_tag}] {line}");
            kept.lock().unwrap().after_ready.push(line);
        }
    });
    let mut sim = Sim { child, base_url: String::new(), output };
    match rx.recv_timeout(READY_TIMEOUT) {
        Ok(url) => {
            sim.base_url = url;
            Ok(sim)
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            // stdout closed without READY: the server is exiting.
            let status = sim.child.wait().map_err(|e| e.to_string())?;
            Err(format!("{tag} exited ({status}) before printing READY"))
        }
        Err(mpsc::RecvTimeoutError::Timeout) => {
            let why = format!("printed no READY line within {}s", READY_TIMEOUT.as_secs());
            Err(format!("{tag} {why}")) // `sim` drops here and kills the child
        }
    }
}

impl Sim {
    /// Issue 9.6: after READY the simulator printed no password — neither the ones its banner
    /// lists (its users' own) nor any a test made up (`TEST_SECRET_PREFIX`) — on stdout or
    /// stderr. Call it after the tests that used this simulator.
    pub fn check_no_secrets(&self) -> Result<(), String> {
        let out = self.output.lock().unwrap();
        let passwords = banner_passwords(&out.banner);
        if passwords.is_empty() {
            return Err("the simulator's banner lists no `login USER / PASSWORD` line: cannot check its output for passwords".into());
        }
        for (i, line) in out.after_ready.iter().enumerate() {
            if line.contains(TEST_SECRET_PREFIX) || passwords.iter().any(|p| line.contains(p.as_str())) {
                return Err(format!("the simulator printed a password (output line {} after READY)", i + 1));
            }
        }
        println!(
            "simulator output: {} line(s) after READY, none with one of its {} passwords or a test's",
            out.after_ready.len(),
            passwords.len()
        );
        Ok(())
    }

    /// Block until the simulator exits by itself (the demo's foreground mode).
    pub fn wait(mut self) -> Result<ExitStatus, String> {
        self.child.wait().map_err(|e| e.to_string())
    }
}

/// The passwords of the banner's `login  USER / PASSWORD` lines (see the simulator's main.rs).
fn banner_passwords(banner: &[String]) -> Vec<String> {
    banner
        .iter()
        .filter_map(|line| line.trim().strip_prefix("login")?.rsplit_once(" / ").map(|(_, p)| p.trim().to_string()))
        .filter(|p| !p.is_empty())
        .collect()
}

impl Drop for Sim {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn script(name: &str, body: &str) -> std::path::PathBuf {
        let p = std::env::temp_dir().join(format!("xtask-sim-{}-{name}", std::process::id()));
        std::fs::write(&p, format!("#!/bin/sh\n{body}\n")).unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
        p
    }

    /// `start_exe` of a test script, again while it is busy: a test running beside this one
    /// may fork while the script is still open for writing here, and until that child execs,
    /// starting the script fails with ETXTBSY ("Text file busy").
    fn start_script(exe: &Path) -> Result<Sim, String> {
        for _ in 0..50 {
            match start_exe(exe, 0, &[]) {
                Err(e) if e.contains("Text file busy") => thread::sleep(Duration::from_millis(20)),
                other => return other,
            }
        }
        start_exe(exe, 0, &[])
    }

    #[test]
    fn reads_ready_line_and_kills_on_drop() {
        let exe = script("ok", "echo starting; echo \"READY http://127.0.0.1:4567/\"; exec sleep 30");
        let sim = start_script(&exe).unwrap();
        assert_eq!(sim.base_url, "http://127.0.0.1:4567");
        let pid = sim.child.id();
        drop(sim);
        assert!(
            !Path::new(&format!("/proc/{pid}/status")).exists()
                || std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap().contains("zombie")
        );
        let _ = std::fs::remove_file(exe);
    }

    #[test]
    fn finds_a_password_printed_after_ready() {
        let exe = script(
            "secrets",
            "echo '  login           administrator@vsphere.local / site-a-secret'; echo \"READY http://127.0.0.1:4568\"; exec sleep 30",
        );
        let sim = start_script(&exe).unwrap();
        assert_eq!(sim.check_no_secrets(), Ok(()));
        for leak in ["POST /session site-a-secret", "password=S3cr3t-Pa55-x-1"] {
            sim.output.lock().unwrap().after_ready.push(leak.to_string());
            assert!(sim.check_no_secrets().is_err(), "{leak}");
            sim.output.lock().unwrap().after_ready.pop();
        }
        drop(sim);
        let _ = std::fs::remove_file(exe);
    }

    #[test]
    fn reports_early_exit() {
        let exe = script("dies", "echo oops; exit 3");
        let err = start_script(&exe).err().unwrap();
        assert!(err.contains("exited"), "{err}");
        let _ = std::fs::remove_file(exe);
    }
}
