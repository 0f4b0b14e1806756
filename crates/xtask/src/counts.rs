//! Counting and judging test runners: each runner's summary lines are parsed into `Counts`,
//! and a step fails on a non-zero exit, on any failed test, and when a runner counted 0 tests.
//! Used by every step of `cargo xtask test` and by the bench's smoke checks.

use crate::cmd;
use std::process::Command;

/// A step's outcome: `Ok(Some(n))` n tests passed, `Ok(None)` a setup or build step.
pub type StepResult = Result<Option<u64>, StepError>;

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

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Counts {
    pub passed: u64,
    pub failed: u64,
}

/// Run a test runner, teeing its output, and add up the counts that `parse` finds on each
/// line. Fails on a non-zero exit, on any failed test, and when the runner counted 0 passed.
pub fn run_counted(c: &mut Command, parse: fn(&str) -> Option<Counts>) -> Result<u64, StepError> {
    let (status, text) = cmd::tee(c)?;
    judge_output(c, status, &text, parse)
}

/// The counts in a runner's output (lines `parse` reads), judged with its exit status.
pub fn judge_output(
    c: &Command,
    status: std::process::ExitStatus,
    text: &str,
    parse: fn(&str) -> Option<Counts>,
) -> Result<u64, StepError> {
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
        Err(StepError { message: format!("{name}: {} passed, {} failed", n.passed, n.failed), failed: n.failed })
    } else if n.passed == 0 {
        Err(StepError { message: format!("{name} ran no tests (0 passed counts as a failure)"), failed: 0 })
    } else {
        Ok(n.passed)
    }
}

/// cargo test / libtest: `test result: ok. 3 passed; 0 failed; 0 ignored; ...` (also what
/// wasm-bindgen-test-runner prints under `wasm-pack test`).
pub fn parse_cargo_test(line: &str) -> Option<Counts> {
    let rest = line.trim().strip_prefix("test result: ")?;
    Some(Counts { passed: number_before(rest, " passed")?, failed: number_before(rest, " failed")? })
}

/// Tests a cargo-style runner announced (`running N tests`) but never reported on (`test
/// result:` passed + failed + ignored), when there are any: `(announced, reported)`. In Node,
/// wasm-bindgen's runner exits 0 without a word when a test awaits something that never
/// comes (nothing is left for Node to wait for): that test and those after it vanish.
pub fn unreported(text: &str) -> Option<(u64, u64)> {
    let (mut announced, mut reported) = (0, 0);
    for line in text.lines().map(str::trim) {
        if let Some(rest) = line.strip_prefix("running ") {
            let mut words = rest.split(' ');
            if let (Some(Ok(n)), Some("test" | "tests"), None) = (words.next().map(str::parse::<u64>), words.next(), words.next()) {
                announced += n;
            }
        } else if let Some(rest) = line.strip_prefix("test result: ") {
            let n = |word| number_before(rest, word).unwrap_or(0);
            reported += n(" passed") + n(" failed") + n(" ignored");
        }
    }
    (announced != reported).then_some((announced, reported))
}

/// node's test runner (TAP `# pass N` / `# fail M`, spec reporter `ℹ pass N`).
pub fn parse_node_test(line: &str) -> Option<Counts> {
    let l = line.trim().trim_start_matches(['#', 'ℹ']).trim();
    let num = |p: &str| l.strip_prefix(p).and_then(|n| n.trim().parse::<u64>().ok());
    num("pass ").map(|passed| Counts { passed, failed: 0 }).or_else(|| num("fail ").map(|failed| Counts { passed: 0, failed }))
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
    head.rsplit(|c: char| !c.is_ascii_digit()).next()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tests_that_vanished() {
        let full = "running 2 tests\ntest a ... ok\ntest b ... ignored\ntest result: ok. 1 passed; 0 failed; 1 ignored; 0 measured; 3 filtered out\n\
                    running 0 tests\ntest result: ok. 0 passed; 0 failed; 0 ignored";
        assert_eq!(unreported(full), None);
        let cut = "running 1 test\nno tests to run!\nrunning 57 tests\ntest a ... ok\nrunning 0 tests\ntest result: ok. 0 passed; 0 failed; 0 ignored";
        assert_eq!(unreported(cut), Some((58, 0)));
        assert_eq!(unreported("running tests/e2e (3 files)\nrunning 3 tests\ntest result: FAILED. 2 passed; 1 failed; 0 ignored"), None);
    }

    #[test]
    fn cargo_lines() {
        let c = |p, f| Some(Counts { passed: p, failed: f });
        assert_eq!(
            parse_cargo_test("test result: ok. 12 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.01s"),
            c(12, 0)
        );
        assert_eq!(parse_cargo_test("test result: FAILED. 3 passed; 2 failed; 0 ignored"), c(3, 2));
        assert_eq!(parse_cargo_test("test result: ok. 7 passed; 0 failed; 0 ignored; 0 filtered out; finished in 1.02s"), c(7, 0));
        assert_eq!(parse_cargo_test("running 3 tests"), None);
    }

    #[test]
    fn other_runners() {
        assert_eq!(parse_node_test("# pass 4"), Some(Counts { passed: 4, failed: 0 }));
        assert_eq!(parse_node_test("ℹ fail 1"), Some(Counts { passed: 0, failed: 1 }));
        assert_eq!(parse_plain("specs: 2 passed, 0 failed"), Some(Counts { passed: 2, failed: 0 }));
        assert_eq!(parse_plain("5 passed, 1 failed, 2 skipped"), Some(Counts { passed: 5, failed: 1 }));
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
        assert_eq!(run_counted(&mut sh(bad), parse_cargo_test).err().map(|e| e.failed), Some(2));
        let none = "echo 'test result: ok. 0 passed; 0 failed'";
        assert!(run_counted(&mut sh(none), parse_cargo_test).is_err());
    }

    #[test]
    fn zero_tests_fail() {
        assert!(judge("x", Counts::default(), true).is_err());
        assert!(judge("x", Counts { passed: 1, failed: 0 }, false).is_err());
        assert_eq!(judge("x", Counts { passed: 1, failed: 0 }, true).ok(), Some(1));
    }
}
