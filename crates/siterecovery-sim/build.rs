//! The schema + operations tables of `openapi/*.yaml` (`$OUT_DIR/<spec>.table.rs`, included
//! by `src/spec.rs`): the same generator as the root crate's build.rs and the wasm package's.
//! The typed Rust it also writes is not used here.
use std::path::PathBuf;

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let specs = manifest.join("../../openapi");
    println!("cargo:rerun-if-changed={}", specs.display());
    for file in siterecovery_codegen::spec_files(&specs).unwrap_or_else(|e| fail(&e.to_string())) {
        println!("cargo:rerun-if-changed={}", file.display());
    }
    siterecovery_codegen::generate_dir(&specs, &out).unwrap_or_else(|e| fail(&e.to_string()));
}

fn fail(message: &str) -> ! {
    eprintln!("error: OpenAPI code generation failed: {message}");
    std::process::exit(1);
}
