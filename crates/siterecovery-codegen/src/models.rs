//! Models from progenitor: `Generator::generate_tokens` on the normalised spec, then keep
//! only `get_type_space().to_stream()` (serde types with builders and doc comments).
use std::collections::BTreeSet;
use std::panic::{catch_unwind, AssertUnwindSafe};

use progenitor_impl::{CrateVers, GenerationSettings, Generator, InterfaceStyle};
use serde_json::Value;

use crate::error::CodegenError;
use crate::spec::parse_openapi;

pub struct Models {
    pub tokens: proc_macro2::TokenStream,
    /// Rust names of the named types generated in `types`.
    pub type_names: BTreeSet<String>,
    pub type_count: usize,
}

pub fn generate(file: &str, normalized: &Value) -> Result<Models, CodegenError> {
    let spec = parse_openapi(file, normalized)?;
    let mut settings = GenerationSettings::default();
    settings
        .with_interface(InterfaceStyle::Builder)
        .with_derive("PartialEq")
        // `x-rust-type: {crate: siterecovery, path: siterecovery::EpochMillis}` in a spec
        // maps a schema onto a hand-written type of ours.
        .with_crate("siterecovery", CrateVers::parse("*").unwrap_or(CrateVers::Any), None);
    let mut generator = Generator::new(&settings);
    // progenitor/typify report some unsupported schemas by panicking; turn that into an
    // error naming the file instead of a raw build-script panic.
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let outcome = catch_unwind(AssertUnwindSafe(|| generator.generate_tokens(&spec)));
    std::panic::set_hook(previous_hook);
    match outcome {
        Ok(Ok(_client)) => {}
        Ok(Err(e)) => return Err(CodegenError::new(file, "/components/schemas", format!("progenitor: {e}"))),
        Err(panic) => {
            let why = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "unknown panic".into());
            return Err(CodegenError::new(file, "/components/schemas", format!("progenitor failed: {why}")));
        }
    }
    let space = generator.get_type_space();
    let type_names: BTreeSet<String> = space.iter_types().map(|t| t.name()).collect();
    let named = space
        .iter_types()
        .filter(|t| matches!(t.details(), typify::TypeDetails::Struct(_) | typify::TypeDetails::Enum(_) | typify::TypeDetails::Newtype(_)))
        .count();
    Ok(Models { tokens: space.to_stream(), type_names, type_count: named })
}
