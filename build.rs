//! Generates the typed bindings from every `openapi/*.yaml` at build time (see
//! `crates/siterecovery-codegen`). Output goes to `$OUT_DIR`; nothing generated is committed.
use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let specs = manifest.join("openapi");
    // The directory itself, so that a new spec file also triggers a rebuild.
    println!("cargo:rerun-if-changed={}", specs.display());
    match siterecovery_codegen::spec_files(&specs) {
        Ok(files) => files.iter().for_each(|f| println!("cargo:rerun-if-changed={}", f.display())),
        Err(e) => fail(&e.to_string()),
    }
    let started = Instant::now();
    let generated = siterecovery_codegen::generate_dir(&specs, &out).unwrap_or_else(|e| fail(&e.to_string()));
    let stats: Vec<String> =
        generated.iter().map(|g| format!("{}: {} operations, {} types", g.module, g.operation_count, g.type_count)).collect();
    let elapsed = started.elapsed().as_millis();
    // Kept beside the output for `cargo xtask bench` and the README; not a warning.
    let _ = std::fs::write(out.join("codegen-stats.txt"), format!("{}\ngeneration: {elapsed} ms\n", stats.join("\n")));
}

fn fail(message: &str) -> ! {
    eprintln!("error: OpenAPI code generation failed: {message}");
    std::process::exit(1);
}
