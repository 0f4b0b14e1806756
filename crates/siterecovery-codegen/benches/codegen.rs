//! `cargo xtask bench` (or `cargo bench -p siterecovery-codegen`): how long build.rs spends
//! generating each spec (parse, check, progenitor models, operations, TypeScript).
//! Reports min / median / max over several runs, after one warm-up run.
//! `SITERECOVERY_BENCH_RUNS=N` sets the runs per spec (the bench's smoke mode uses 1).
use std::path::Path;
use std::time::{Duration, Instant};

fn measure(path: &Path, runs: usize) -> (Vec<Duration>, siterecovery_codegen::Generated) {
    let warm = siterecovery_codegen::generate_file(path).expect("spec generates");
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            let g = siterecovery_codegen::generate_file(path).expect("spec generates");
            std::hint::black_box(g);
            t.elapsed()
        })
        .collect();
    times.sort();
    (times, warm)
}

fn main() {
    let runs_override = std::env::var("SITERECOVERY_BENCH_RUNS").ok().and_then(|v| v.parse::<usize>().ok()).filter(|&n| n > 0);
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut specs = siterecovery_codegen::spec_files(&root.join("openapi")).expect("openapi/");
    specs.extend(siterecovery_codegen::spec_files(&root.join("crates/codegen-fixture/openapi")).expect("fixture"));
    println!("{:<16} {:>5} {:>6} {:>10} {:>10} {:>10} {:>9}", "spec", "ops", "types", "min ms", "median ms", "max ms", "rust KB");
    let mut total = Duration::ZERO;
    for spec in &specs {
        let runs = runs_override.unwrap_or(if spec.to_string_lossy().contains("fixture") { 5 } else { 15 });
        let (times, g) = measure(spec, runs);
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        let median = times[times.len() / 2];
        total += median;
        println!(
            "{:<16} {:>5} {:>6} {:>10.1} {:>10.1} {:>10.1} {:>9}",
            spec.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default(),
            g.operation_count,
            g.type_count,
            ms(times[0]),
            ms(median),
            ms(times[times.len() - 1]),
            g.rust.len() / 1024
        );
    }
    println!("sum of medians: {:.1} ms", total.as_secs_f64() * 1000.0);
}
