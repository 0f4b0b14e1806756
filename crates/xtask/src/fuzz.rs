//! `cargo xtask fuzz [--cases N]`: the property-based fuzz test (`tests/fuzz.rs`: every
//! decoder and parser on arbitrary input) in its long mode, N cases per property (default
//! 100,000), optimised; and its short mode, a step of `cargo xtask test`. Either prints the
//! cases each property ran and `fuzz: N cases, 0 panics`, and fails when a property failed
//! (a panic is one), when a test printed no count, or ran fewer cases than asked.
//!
//! The long mode builds with the `fuzz` profile (Cargo.toml): release optimisation with
//! overflow checks, so that an arithmetic overflow is a panic found, not a wrap missed.

use crate::cmd::{self, cargo};
use crate::counts::{judge_output, parse_cargo_test, StepError, StepResult};
use std::process::Command;
use std::time::Instant;

/// Cases per property of `cargo xtask fuzz`.
pub const LONG_CASES: u64 = 100_000;
/// Cases per property of the `fuzz (short)` step of `cargo xtask test` (debug build, ~10 s).
pub const SHORT_CASES: u64 = 2_000;
/// How many cases the test runs per property.
const CASES_VAR: &str = "SITERECOVERY_FUZZ_CASES";

pub fn run(args: &[String]) -> Result<(), String> {
    let cases = match args {
        [] => LONG_CASES,
        [flag, n] if flag == "--cases" => {
            n.replace(['_', ','], "").parse().ok().filter(|n| *n > 0).ok_or(format!("--cases {n}: not a positive number"))?
        }
        _ => return Err("usage: cargo xtask fuzz [--cases N]".into()),
    };
    let started = Instant::now();
    let mut c = cargo();
    c.args(["test", "--profile", "fuzz", "-p", "siterecovery", "--test", "fuzz", "--", "--nocapture"]);
    let result = fuzz(&mut c, cases);
    println!("fuzz: {:.0} s in all (build included)", started.elapsed().as_secs_f64());
    result.map(drop).map_err(|e| e.message)
}

/// The `fuzz (short)` step: a debug build (what `cargo test --workspace` built: `--workspace`,
/// not `-p`, so that features unify as they did there and nothing is built twice), overflow
/// checks on. Counts the tests (properties) that passed.
pub fn short() -> StepResult {
    let mut c = cargo();
    c.args(["test", "--workspace", "--test", "fuzz", "--", "--nocapture"]);
    fuzz(&mut c, SHORT_CASES).map(Some)
}

/// Run the fuzz test with `cases` per property; the number of tests that passed.
fn fuzz(c: &mut Command, cases: u64) -> Result<u64, StepError> {
    c.env(CASES_VAR, cases.to_string());
    let (status, text) = cmd::tee(c)?;
    let mut properties: Vec<(&str, u64)> = text.lines().filter_map(parse_property).collect();
    properties.sort();
    let total: u64 = properties.iter().map(|(_, n)| n).sum();
    println!("\n{:<40} {:>9}", "property", "cases");
    for (name, n) in &properties {
        println!("{name:<40} {n:>9}");
    }
    let panics = text.lines().filter(|l| is_panic(l)).count();
    let passed = match judge_output(c, status, &text, parse_cargo_test) {
        Ok(passed) => passed,
        Err(e) => {
            println!("fuzz: {total} cases, {panics} panics, {} properties failed", e.failed.max(1));
            return Err(e);
        }
    };
    let short: Vec<String> = properties.iter().filter(|(_, n)| *n < cases).map(|(name, n)| format!("{name} ran {n}")).collect();
    if properties.len() as u64 != passed || !short.is_empty() {
        let message = format!(
            "{passed} tests passed, {} printed their cases, {cases} asked per property{}",
            properties.len(),
            if short.is_empty() { String::new() } else { format!(": {}", short.join(", ")) }
        );
        return Err(StepError { message, failed: 0 });
    }
    println!("fuzz: {total} cases, 0 panics");
    Ok(passed)
}

/// `fuzz property NAME: N cases`, as each property of tests/fuzz.rs prints when it passed.
fn parse_property(line: &str) -> Option<(&str, u64)> {
    let (name, n) = line.trim().strip_prefix("fuzz property ")?.split_once(": ")?;
    Some((name, n.strip_suffix(" cases")?.parse().ok()?))
}

/// The failure of a property whose (shrunk) case panicked: `... Test failed: panicked: ...`.
fn is_panic(line: &str) -> bool {
    line.contains("Test failed: panicked: ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn property_lines() {
        assert_eq!(parse_property("fuzz property time_parse: 100000 cases"), Some(("time_parse", 100_000)));
        assert_eq!(parse_property("fuzz property x failed: Test failed: panicked: boom"), None);
        assert_eq!(parse_property("test time_parse ... ok"), None);
        assert!(is_panic("fuzz property x failed: Test failed: panicked: attempt to multiply with overflow at a.rs:1."));
        assert!(!is_panic("fuzz property x failed: Test failed: progress 101 of {}."));
    }
}
