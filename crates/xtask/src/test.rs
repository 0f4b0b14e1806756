//! `cargo xtask test`: every test, in order, stopping at the first failure; then a summary.
//!
//! A step is a function returning `Ok(Some(n))` (n tests passed), `Ok(None)` (a setup or build
//! step, nothing counted) or `Err`. Add a step by adding one line to `STEPS`.
//! Every runner goes through `run_counted`, which fails when a runner reports 0 tests.

use crate::cmd::{self, cargo, root};
use crate::package_checks;
use crate::tools;
use std::process::Command;
use std::time::Instant;

pub type StepResult = Result<Option<u64>, StepError>;
type Step = (&'static str, fn() -> StepResult);

pub struct StepError {
    pub message: String,
    /// Failed tests the runner reported (0 when the step failed some other way).
    pub failed: u64,
}

impl From<String> for StepError {
    fn from(message: String) -> Self {
        StepError { message, failed: 0 }
    }
}

const STEPS: &[Step] = &[
    ("ensure core tools", || {
        Ok(tools::ensure_core().map(|()| None)?)
    }),
    ("ensure browser tools", || {
        Ok(tools::ensure_browser().map(|()| None)?)
    }),
    ("cargo test --workspace", cargo_test),
    ("openapi spec validation", validate_specs),
    ("wasm32 build", wasm_build),
    ("npm package (web, bundler)", package_checks::package),
    ("wasm-bindgen tests", package_checks::wasm_bindgen_tests),
    ("typescript consumer", package_checks::typescript),
    ("bundler smoke tests", package_checks::bundlers),
    ("web page e2e", crate::page_check::web_page),
];

pub fn run() -> Result<(), String> {
    let mut rows: Vec<(&str, &str, Option<u64>, f64)> = Vec::new();
    let mut failure: Option<(&str, StepError)> = None;
    for (name, step) in STEPS {
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
    for (name, _) in &STEPS[rows.len()..] {
        rows.push((name, "not run", None, 0.0));
    }

    let passed: u64 = rows.iter().filter_map(|r| r.2).sum();
    println!(
        "\n{:<28} {:<8} {:>6} {:>9}",
        "step", "result", "tests", "seconds"
    );
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
            Err(format!("step `{name}` failed: {}", e.message))
        }
    }
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
        let out = c
            .output()
            .map_err(|e| format!("cannot start {}: {e}", validator.display()))?;
        // The validator dumps the whole JSON schema on an error: keep each line short.
        let text = String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr);
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

fn wasm_build() -> StepResult {
    cmd::run(cargo().args([
        "build",
        "-p",
        "siterecovery",
        "--target",
        tools::WASM_TARGET,
    ]))?;
    Ok(None)
}

// ---- counting ----------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Counts {
    pub passed: u64,
    pub failed: u64,
}

/// Run a test runner, teeing its output, and add up the counts that `parse` finds on each
/// line. Fails on a non-zero exit, on any failed test, and when the runner counted 0 passed.
pub fn run_counted(c: &mut Command, parse: fn(&str) -> Option<Counts>) -> Result<u64, StepError> {
    let (status, text) = cmd::tee(c)?;
    let mut total = Counts::default();
    for line in text.lines() {
        if let Some(n) = parse(line) {
            total.passed += n.passed;
            total.failed += n.failed;
        }
    }
    let name = c.get_program().to_string_lossy().into_owned();
    judge(&name, total, status.success()).map_err(|mut e| {
        if !status.success() {
            e.message = format!("`{}` exited with {status}; {}", cmd::describe(c), e.message);
        }
        e
    })
}

pub fn judge(name: &str, n: Counts, exit_ok: bool) -> Result<u64, StepError> {
    if n.failed > 0 || !exit_ok {
        Err(StepError {
            message: format!("{name}: {} passed, {} failed", n.passed, n.failed),
            failed: n.failed,
        })
    } else if n.passed == 0 {
        Err(StepError {
            message: format!("{name} ran no tests (0 passed counts as a failure)"),
            failed: 0,
        })
    } else {
        Ok(n.passed)
    }
}

/// cargo test / libtest: `test result: ok. 3 passed; 0 failed; 0 ignored; ...`
pub fn parse_cargo_test(line: &str) -> Option<Counts> {
    let rest = line.trim().strip_prefix("test result: ")?;
    Some(Counts {
        passed: number_before(rest, " passed")?,
        failed: number_before(rest, " failed")?,
    })
}

/// wasm-bindgen-test-runner (via `wasm-pack test`) prints libtest's line:
/// `test result: ok. N passed; M failed; ...`
#[allow(dead_code)]
pub fn parse_wasm_bindgen_test(line: &str) -> Option<Counts> {
    parse_cargo_test(line)
}

/// node's test runner (TAP `# pass N` / `# fail M`, spec reporter `ℹ pass N`).
pub fn parse_node_test(line: &str) -> Option<Counts> {
    let l = line.trim().trim_start_matches(['#', 'ℹ']).trim();
    let num = |p: &str| l.strip_prefix(p).and_then(|n| n.trim().parse::<u64>().ok());
    num("pass ")
        .map(|passed| Counts { passed, failed: 0 })
        .or_else(|| num("fail ").map(|failed| Counts { passed: 0, failed }))
}

/// The plain closing line: `N passed, M failed` (optionally `word: ` before it).
pub fn parse_plain(line: &str) -> Option<Counts> {
    let l = line.trim();
    let l = l.split_once(": ").map_or(l, |(_, r)| r);
    let (p, f) = l.split_once(", ")?;
    let passed = p.strip_suffix(" passed")?.parse().ok()?;
    let failed = f.split(',').next()?.strip_suffix(" failed")?.parse().ok()?;
    Some(Counts { passed, failed })
}

fn number_before(text: &str, word: &str) -> Option<u64> {
    let head = &text[..text.find(word)?];
    head.rsplit(|c: char| !c.is_ascii_digit())
        .next()?
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cargo_lines() {
        let c = |p, f| {
            Some(Counts {
                passed: p,
                failed: f,
            })
        };
        assert_eq!(parse_cargo_test("test result: ok. 12 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.01s"), c(12, 0));
        assert_eq!(
            parse_cargo_test("test result: FAILED. 3 passed; 2 failed; 0 ignored"),
            c(3, 2)
        );
        assert_eq!(
            parse_wasm_bindgen_test(
                "test result: ok. 7 passed; 0 failed; 0 ignored; 0 filtered out; finished in 1.02s"
            ),
            c(7, 0)
        );
        assert_eq!(parse_cargo_test("running 3 tests"), None);
    }

    #[test]
    fn other_runners() {
        assert_eq!(
            parse_node_test("# pass 4"),
            Some(Counts {
                passed: 4,
                failed: 0
            })
        );
        assert_eq!(
            parse_node_test("ℹ fail 1"),
            Some(Counts {
                passed: 0,
                failed: 1
            })
        );
        assert_eq!(
            parse_plain("specs: 2 passed, 0 failed"),
            Some(Counts {
                passed: 2,
                failed: 0
            })
        );
        assert_eq!(
            parse_plain("5 passed, 1 failed, 2 skipped"),
            Some(Counts {
                passed: 5,
                failed: 1
            })
        );
        assert_eq!(parse_plain("hello, world"), None);
    }

    #[test]
    fn run_counted_sums_and_judges() {
        let sh = |script: &str| {
            let mut c = Command::new("sh");
            c.args(["-c", script]);
            c
        };
        let ok = "echo 'test result: ok. 2 passed; 0 failed'; echo 'test result: ok. 3 passed; 0 failed'";
        assert_eq!(run_counted(&mut sh(ok), parse_cargo_test).ok(), Some(5));
        let bad = "echo 'test result: FAILED. 1 passed; 2 failed'; exit 101";
        assert_eq!(
            run_counted(&mut sh(bad), parse_cargo_test)
                .err()
                .map(|e| e.failed),
            Some(2)
        );
        let none = "echo 'test result: ok. 0 passed; 0 failed'";
        assert!(run_counted(&mut sh(none), parse_cargo_test).is_err());
    }

    #[test]
    fn zero_tests_fail() {
        assert!(judge("x", Counts::default(), true).is_err());
        assert!(judge(
            "x",
            Counts {
                passed: 1,
                failed: 0
            },
            false
        )
        .is_err());
        assert_eq!(
            judge(
                "x",
                Counts {
                    passed: 1,
                    failed: 0
                },
                true
            )
            .ok(),
            Some(1)
        );
    }
}
