//! Test step "schemathesis conformance": Schemathesis (PyPI, pinned in tools.rs) runs the
//! simulator against its own specs, `openapi/srm.yaml` and `openapi/replication.yaml`, with
//! the checks not_a_server_error, status_code_conformance, response_schema_conformance and
//! negative_data_rejection. A simulator (tasks of 200 ms) is started; `prepare.py` logs in,
//! pairs and reads a plan id and task ids; `schemathesis.toml` hands those to Schemathesis
//! (both in tests/schemathesis/). Fails on any failure, an error exit, or 0 test cases.

use crate::cmd::{self, root};
use crate::counts::{judge, Counts, StepResult};
use crate::{sim, tools};
use std::process::Command;

const SPECS: &[&str] = &["openapi/srm.yaml", "openapi/replication.yaml"];
const CHECKS: &str = "not_a_server_error,status_code_conformance,response_schema_conformance,negative_data_rejection";
/// Test cases per operation and phase: ~40 s for both specs on a 2-core machine.
const MAX_EXAMPLES: &str = "100";
/// Long enough to see plans running and cancel them, short enough to see them finish.
const TASK_MS: &str = "200";

pub fn conformance() -> StepResult {
    tools::ensure_schemathesis()?;
    sim::build()?;
    let sim = sim::start(0, &["--task-ms".to_string(), TASK_MS.to_string()])?;
    let env = prepare(&sim.base_url)?;
    // Hypothesis keeps a folder of its own in the working directory: not in the repo's root.
    let work = root().join("target/schemathesis");
    std::fs::create_dir_all(&work).map_err(|e| format!("create {}: {e}", work.display()))?;
    let mut total = Counts::default();
    let mut exit_ok = true;
    for spec in SPECS {
        let mut c = Command::new(tools::venv_bin("st"));
        c.current_dir(&work)
            .envs(env.iter().map(|(k, v)| (k, v)))
            .arg("--config-file")
            .arg(root().join("tests/schemathesis/schemathesis.toml"))
            .arg("run")
            .arg(root().join(spec))
            .args(["--checks", CHECKS, "--max-examples", MAX_EXAMPLES]);
        let (status, text) = cmd::tee(&mut c)?;
        let run = summary(&text).ok_or(format!("{spec}: no Schemathesis summary in its output"))?;
        println!("schemathesis {spec}: {} test cases, {} failures ({})", run.cases, run.failures, run.line);
        if run.cases == 0 {
            return Err(format!("{spec}: Schemathesis generated no test case").into());
        }
        exit_ok &= status.success();
        total.passed += run.cases.saturating_sub(run.failures);
        total.failed += run.failures;
    }
    judge("schemathesis", total, exit_ok).map(Some)
}

/// Run `prepare.py` against the simulator: its `NAME=value` lines.
fn prepare(base_url: &str) -> Result<Vec<(String, String)>, String> {
    let mut c = Command::new(tools::venv_bin("python"));
    c.current_dir(root()).arg("tests/schemathesis/prepare.py").arg(base_url);
    println!("$ {}", cmd::describe(&c));
    let out = c.output().map_err(|e| format!("cannot run prepare.py: {e}"))?;
    if !out.status.success() {
        return Err(format!("prepare.py failed ({}): {}", out.status, String::from_utf8_lossy(&out.stderr).trim()));
    }
    let env: Vec<(String, String)> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let names: Vec<&str> = env.iter().map(|(k, _)| k.as_str()).collect();
    println!("prepared: {}", names.join(" "));
    Ok(env)
}

#[derive(Debug, PartialEq)]
struct Run {
    cases: u64,
    failures: u64,
    /// The closing line, without its `=` rule: `2 warnings in 5.75s`.
    line: String,
}

/// Schemathesis' summary: `Test cases:` then `  1311 generated, 1311 passed` (or `..., 1 found
/// 1 unique failure`), and the closing line `==== 1 failure, 3 warnings in 12.78s ====` (or
/// `No issues found in 0.16s`).
fn summary(text: &str) -> Option<Run> {
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let at = lines.iter().position(|l| *l == "Test cases:")?;
    let cases = lines.get(at + 1)?.split_once(" generated")?.0.trim().parse().ok()?;
    let line = lines
        .iter()
        .rev()
        .find(|l| l.starts_with("==") && l.ends_with("==") && l.contains(" in "))?
        .trim_matches(|c| c == '=' || c == ' ')
        .to_string();
    // Failures and errors (a check that could not run) both count.
    let counted = line.rsplit_once(" in ").map_or(line.as_str(), |(counts, _)| counts);
    let failures = counted
        .split(", ")
        .filter_map(|part| {
            let part = part.trim_end_matches('s');
            part.strip_suffix(" failure").or(part.strip_suffix(" error"))
        })
        .filter_map(|n| n.trim().parse::<u64>().ok())
        .sum();
    Some(Run { cases, failures, line })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_summary() {
        let ok = "Test cases:\n  1311 generated, 1311 passed\n\nSeed: 8470\n\n===== 2 warnings in 5.75s =====\n";
        assert_eq!(summary(ok), Some(Run { cases: 1311, failures: 0, line: "2 warnings in 5.75s".into() }));
        let failed = "Test cases:\n  1664 generated, 1 found 1 unique failure\n\n== 1 failure, 3 warnings in 12.78s ==";
        assert_eq!(summary(failed).map(|r| (r.cases, r.failures)), Some((1664, 1)));
        let many = "Test cases:\n  9 generated, 4 found 2 unique failures\n== 2 failures, 1 error in 1.00s ==";
        assert_eq!(summary(many).map(|r| (r.cases, r.failures)), Some((9, 3)));
        let clean = "Test cases:\n  13 generated, 13 passed\n=== No issues found in 0.16s ===";
        assert_eq!(summary(clean).map(|r| r.line), Some("No issues found in 0.16s".into()));
        assert_eq!(summary("Error: connection refused"), None);
    }
}
