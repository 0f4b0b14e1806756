//! Code generator behind `build.rs`: one OpenAPI document in, four artefacts out —
//! Rust bindings (progenitor/typify models + our operations on `Transport`), TypeScript
//! declarations for every schema, per-operation metadata, and the schema + operations
//! table (static data for `siterecovery-schema`'s validator).
//!
//! It is a library (like `progenitor-impl`) so that `build.rs`, the benchmarks and the
//! fixture tests all run the very same code.

mod error;
mod model;
mod models;
mod names;
mod normalize;
mod patterns;
mod rust;
mod spec;
pub mod surface;
mod table;
mod typescript;

use std::path::{Path, PathBuf};

pub use error::CodegenError;
pub use model::{ApiModel, Operation};
/// The Rust name the generated models give a component schema (the parity tests find the
/// typed decoder of a table schema by it).
pub use names::type_name;

/// Everything generated from one spec file.
#[derive(Debug, Clone)]
pub struct Generated {
    /// Module name, from the file stem (`srm.yaml` -> `srm`).
    pub module: String,
    /// The spec's `info.title`.
    pub title: String,
    /// Rust source: `pub mod types`, `pub mod operations`, `Client`, `OPERATIONS`, `dispatch`.
    pub rust: String,
    /// TypeScript declarations of every schema (and operation parameter bag).
    pub typescript: String,
    /// Rust source of the schema + operations table: `pub static API: siterecovery_schema::Api`.
    pub table: String,
    /// TypeScript of the client class's methods (an interface merging with the class).
    pub client_typescript: String,
    /// Number of named types in the generated `types` module.
    pub type_count: usize,
    /// Number of operations.
    pub operation_count: usize,
}

/// What to generate besides the defaults.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Component names in the table (`Schema::name`). The npm package leaves them out: its
    /// code never reads them and every name is bytes a browser downloads.
    pub schema_names: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options { schema_names: true }
    }
}

/// Generate from one spec file. Errors name the file and a JSON pointer into it.
pub fn generate_file(path: &Path) -> Result<Generated, CodegenError> {
    generate_file_with(path, Options::default())
}

fn generate_file_with(path: &Path, options: Options) -> Result<Generated, CodegenError> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| CodegenError::new(&file, "", format!("cannot read: {e}")))?;
    let module = module_name(path).ok_or_else(|| CodegenError::new(&file, "", "file name is not a usable module name"))?;
    generate_str_with(&file, &module, &text, options)
}

/// Generate from spec text; `file` is only used in error messages.
pub fn generate_str(file: &str, module: &str, text: &str) -> Result<Generated, CodegenError> {
    generate_str_with(file, module, text, Options::default())
}

/// [`generate_str`] with [`Options`].
pub fn generate_str_with(file: &str, module: &str, text: &str, options: Options) -> Result<Generated, CodegenError> {
    let doc = spec::load(file, text)?;
    patterns::check(file, &doc)?;
    let api = model::ApiModel::from_doc(file, &doc)?;
    let normalized = normalize::for_models(&doc, &api);
    let models = models::generate(file, &normalized)?;
    let rust = rust::render(&api, &models).map_err(|m| CodegenError::new(file, "", m))?;
    let typescript = typescript::render(file, module, &normalized, &api)?;
    let table = table::render(file, &normalized, &api, options.schema_names)?;
    let client_typescript = surface::render(file, module, &normalized, &api);
    Ok(Generated {
        module: module.to_string(),
        title: api.title.clone(),
        rust,
        typescript,
        table,
        client_typescript,
        type_count: models.type_count,
        operation_count: api.operations.len(),
    })
}

/// Every `*.yaml` / `*.yml` / `*.json` in `dir`, sorted by name.
pub fn spec_files(dir: &Path) -> Result<Vec<PathBuf>, CodegenError> {
    let entries = std::fs::read_dir(dir).map_err(|e| CodegenError::new(&dir.display().to_string(), "", format!("cannot list: {e}")))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml" | "json")))
        .collect();
    files.sort();
    Ok(files)
}

/// Generate every spec in `spec_dir` into `out_dir`: `<module>.rs`, `<module>.table.rs`,
/// `<module>.d.ts`, and `apis.rs`, which declares one `pub mod <module>` per spec (so a new
/// spec file needs no change anywhere). Returns what was generated, in file-name order.
/// A crate that includes `apis.rs` depends on `siterecovery` and `siterecovery-schema` (the
/// tables), besides what the models use (`serde`, `uuid`, `chrono`, `regress`).
pub fn generate_dir(spec_dir: &Path, out_dir: &Path) -> Result<Vec<Generated>, CodegenError> {
    generate_dir_with(spec_dir, out_dir, Options::default())
}

/// [`generate_dir`] with [`Options`].
pub fn generate_dir_with(spec_dir: &Path, out_dir: &Path, options: Options) -> Result<Vec<Generated>, CodegenError> {
    let mut all = Vec::new();
    for path in spec_files(spec_dir)? {
        all.push(generate_file_with(&path, options)?);
    }
    let write = |name: &str, text: &str| {
        std::fs::write(out_dir.join(name), text)
            .map_err(|e| CodegenError::new(&out_dir.display().to_string(), "", format!("cannot write {name}: {e}")))
    };
    let mut index = String::from("// @generated by siterecovery-codegen from openapi/*.yaml\n");
    for g in &all {
        write(&format!("{}.rs", g.module), &g.rust)?;
        write(&format!("{}.table.rs", g.module), &g.table)?;
        write(&format!("{}.d.ts", g.module), &g.typescript)?;
        write(&format!("{}.client.d.ts", g.module), &g.client_typescript)?;
        index.push_str(&format!(
            "#[doc = \"Generated from `openapi/{m}` ({o} operations, {t} types).\"]\n// progenitor's models index and unwrap where it knows they hold (constant regexes, fixed arrays);\n// the crate denies those lints for hand-written code.\n#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]\npub mod {m} {{\n    include!(concat!(env!(\"OUT_DIR\"), \"/{m}.rs\"));\n    include!(concat!(env!(\"OUT_DIR\"), \"/{m}.table.rs\"));\n    /// TypeScript declarations of this API's schemas (namespace `{m}`).\n    pub const TYPESCRIPT: &str = include_str!(concat!(env!(\"OUT_DIR\"), \"/{m}.d.ts\"));\n    /// TypeScript of the client class's generated methods.\n    pub const CLIENT_TYPESCRIPT: &str = include_str!(concat!(env!(\"OUT_DIR\"), \"/{m}.client.d.ts\"));\n}}\n",
            m = g.module,
            o = g.operation_count,
            t = g.type_count
        ));
    }
    index.push_str("/// TypeScript declarations of every spec, by module name.\npub const TYPESCRIPT: &[(&str, &str)] = &[\n");
    for g in &all {
        index.push_str(&format!("    (\"{m}\", include_str!(concat!(env!(\"OUT_DIR\"), \"/{m}.d.ts\"))),\n", m = g.module));
    }
    index.push_str("];\n");
    write("apis.rs", &index)?;
    Ok(all)
}

fn module_name(path: &Path) -> Option<String> {
    let stem = path.file_stem()?.to_str()?;
    let name = names::snake(stem);
    (!name.is_empty() && names::is_ident(&name)).then_some(name)
}
