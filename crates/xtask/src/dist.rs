//! `cargo xtask dist`: the npm package `siterecovery`, built by wasm-pack for `--target web`
//! (`crates/siterecovery-wasm/pkg-web`) and `--target bundler` (`pkg-bundler`), then given
//! the package's own entry point (`index.js` re-exports the module and `SiteRecoveryError`)
//! and package.json fields. Prints the sizes (raw and gzip) and writes them to
//! `target/package-sizes.txt`.

use crate::cmd::{self, root};
use crate::pkg_inputs::{self, Context, Inputs};
use std::path::{Path, PathBuf};
use std::process::Command;

pub const CRATE: &str = "crates/siterecovery-wasm";

/// What the package exports (values, then types); tests/e2e/typescript checks none is `any`.
/// Besides every client class (one per spec: `export class ...Client` of the glue), and
/// `SiteRecoveryError` (js/package.js's, which the glue's TypeScript declares).
const PUBLIC_VALUES: &str = "Task, operations, schedulerStats";
/// Besides every spec's namespace of schemas (`export declare namespace srm`, ...).
const PUBLIC_TYPES: &str =
    "TaskState, TaskFailure, TaskView, Credentials, LoginOptions, CallOptions, WaitOptions, PairSitesOptions, SchedulerStats, ErrorKind";

#[derive(Clone, Copy, PartialEq)]
pub enum Target {
    Web,
    Bundler,
}

impl Target {
    fn name(self) -> &'static str {
        match self {
            Target::Web => "web",
            Target::Bundler => "bundler",
        }
    }
}

pub fn pkg_dir(target: Target) -> PathBuf {
    root().join(CRATE).join(format!("pkg-{}", target.name()))
}

/// The package folder of `target` as the "npm package" step built it, for the steps after it
/// that reuse it; an error saying how to build it when it is not there.
pub fn built(target: Target) -> Result<PathBuf, String> {
    let dir = pkg_dir(target);
    let entry = dir.join("index.js");
    if entry.is_file() {
        Ok(dir)
    } else {
        Err(format!("{} missing: build the package first (`cargo xtask dist`)", entry.display()))
    }
}

/// The most the web package (all its .wasm and .js, gzip -9) may weigh: the build fails above
/// it. Issue 8 aims at 38 KB (38,000 B) with a 40 KB budget: the package is below 38 KB, and
/// the budget is the target itself, so that it stays there. (Raised once, from 59,800
/// B, for operation calls without the executor: +1.2 KB for about 4 % less time per call;
/// lowered from 60,600 B when the module lost its wasm-bindgen closures, its iterator
/// adapters and its JS became one module, and from 56,600 B when it lost js-sys; raised from
/// 54,100 B for fixes a probe of the API found, +1,093 B, less 132 B saved (net +961 B): bodies read
/// as JSON.stringify sends them, base URLs without credentials, query or fragment, no `.`/`..`
/// path arguments, header values checked, logout never logging in, pairSites keeping both
/// tasks, a 202's task id kept on a decode error, abortable credentials(), wait() resolving
/// with its own handle; 55,000 B again after a call waiting for another call's re-login began
/// to heed its own AbortSignal, +42 B, and the 401 of a failed re-login got its `cause`, -90 B;
/// 55,300 B after errors of a task's GET came to name the task, +183 B, base URLs took their
/// scheme in any case, +90 B, and a started task with no known state kept its id, +46 B;
/// 55,550 B when freed handles answered with a SiteRecoveryError and a call out settled
/// though its client was freed, +225 B; 55,600 B when init() took options of another realm,
/// +50 B, and freeing twice became no error, +28 B, less 44 B for wasm-opt's --gufa; 55,800
/// B when a getter or Proxy trap of a call's arguments that throws stopped throwing through
/// the module, which left the client borrowed for good, and became a validation error naming
/// its field, +182 B; 55,850 B when a revoked Proxy argument stopped throwing through the
/// module too, and a parameters object got its `operationID` by a copy that reads it as the
/// check does, +70 B; 55,300 B when a table came to list the string-format checks its
/// schemas use, so that only those are linked (our specs use no IP format), -584 B; 55,400 B
/// when a body (and then a parameters object, +48 B) came to be checked as the text
/// JSON.stringify made of it, read back, so that a getter or `toJSON` answers once and what is
/// checked is what is sent, +103 B; 55,300 B when a method came to call the module by its
/// operation's index in the table instead of passing the operationId as a string, -91 B; 50,850
/// B when wasm-opt came to inline only small functions, -953 B, every export the JS only reads
/// as a property got a short name, -347 B, the errors (the module's and the validator's), a
/// prepared call and its checked answer were boxed, so that the futures and Results that hold
/// them are a pointer wide, and the poll loop's shared outcome lost the view nobody read,
/// -2,855 B, and four async layers went (fetch::send, Session::call, the remote login's and
/// logout's wrappers), -323 B; 49,850 B when createRemoteSession (-644 B) and logout (-342 B)
/// became generated methods on the path every call takes; 49,450 B when resume tokens came to
/// be read in JS (atob, JSON.parse) into the fields the core checks, -278 B, and apiVersion to
/// be picked by one match, -87 B; 49,480 B, raised, when a request came to cross into JS as one
/// string, not one string per header and Array.of (+33 B, about 10 to 20 us less per call);
/// 49,040 B when the allocator became our own (src/heap.rs: power-of-two size classes) instead
/// of talc, -443 B; 48,160 B when loops took the place of iterator adapters, `retain` and
/// consuming loops (one copy of library code per element type each), the executor's queue of
/// a VecDeque, and baseUrl and resumeToken() came to hand JS a string the module made, -878 B;
/// 48,100 B when a login came to check its token with one match, -62 B; 48,220 B, raised, when
/// work held back for a later stretch came to resume in line, each piece waking the next,
/// instead of all of it being polled again at each stretch (a burst of 1000 calls: held back
/// about 1,500 times instead of 37,000), +123 B; 47,410 B when the module's functions came to
/// be ordered by likeness, so that gzip finds their repeats (src/wasm_order.rs), -815 B; 47,330
/// B when that order came to be refined by moves that deflate smaller, -80 B; 47,160 B when
/// terser came to minify the web package's JS after esbuild, -173 B; 47,140 B when the time
/// slicer's three reads of the work first in line became one function, -13 B; 46,530 B when the
/// module's data segments, split by wasm-opt at every run of zeros, came to be joined into one
/// (src/wasm_data.rs), -609 B; 46,540 B, raised, when `init(input)` came to hand the glue its
/// input as `{ module_or_path }`, not warn of deprecated parameters, +7 B; 46,320 B when
/// wasm-opt came to skip its local common-subexpression pass, whose raw savings gzip undoes,
/// -221 B; 46,160 B when the base URL check came to test the first byte and share the white
/// space check, not use `char` patterns, -159 B; 46,100 B when an HTTP error's message and
/// fields came to be made in JS (`httpFailure`), -57 B; 45,890 B when resume tokens came to be
/// checked in JS too (`tokenTaskId`), not only read there, -212 B; 45,700 B when a client's
/// API root (base URL and `apiVersion`) came to be made in JS (`apiRoot`), -187 B; 45,460 B
/// when the error of an exchange that got no answer came to be said in JS (`noAnswer`), -243 B;
/// 44,170 B when a task body came to be read into its view in JS (`readTask`), -1,297 B; 43,690 B
/// when `Retry-After` came to be read in JS (`retryAfterMs`), -475 B; 43,180 B when a call's URL
/// and headers came to be made in JS (`requestTarget`), -516 B; 42,870 B when resume tokens and the
/// Basic header came to be written in JS too (`resumeToken`, `basicAuth`: no base64 in the
/// module), -304 B; 42,760 B when an error's kind, status, `retryAfterMs` and `taskId` came to be
/// set in JS (`makeError`), -109 B; 42,780 B, raised, when the module came to tell `requestTarget`
/// which header is `operationID` (siterecovery-schema's `is_correlation`, one copy of the rule)
/// instead of a second copy of it in JS, +24 B; 42,500 B when the formatter of alloc's
/// out-of-memory message, which nothing calls, came to leave the function table (`wasm_fmt`),
/// -276 B; 42,440 B when a call's path arguments came to cross into JS once, not twice, -63 B;
/// 42,080 B when the validator came to check only the rarer rules its tables use
/// (siterecovery-schema's `rules`), -353 B; 41,960 B when a pattern's source came to be quoted
/// by `JSON.stringify` in an error's message, -118 B; 41,850 B when the numbers in errors' messages
/// came to be written by JS `String`, -111 B; 41,670 B when the entry came to export the glue's
/// values by name (no `initSync`, no namespace object of the glue in the bundle), -126 B; 41,570 B
/// when a call's extra header came to be an `Option`, not a `Vec`, -100 B; 41,440 B when a task
/// view came to be copied by what the module keeps of it, not core's derived `Clone`, -126 B;
/// 41,200 B when the spec's patterns came to be compiled and cached in JS (`patternMatches`),
/// -242 B; 41,040 B when core's two-digit table, which only the formatters read, came to be
/// zeroed once nothing names it, -161 B; 40,840 B when the panic locations' file names, lines and
/// columns, which the package's panic handler never reads, came to be zeroed too
/// (`crate::wasm_unread`), -198 B; 40,770 B when the wait loop came to read a task through a
/// trait (`Polled`), so that the module keeps a view of its own (id, state, progress, the view
/// object), not core's `TaskView` with fields it never fills, -65 B; 40,420 B when the messages
/// of a failed task's, a `decode` and a timeout error came to be made in JS (`taskFailure`,
/// `decodeMessage`, `timeoutFailure`), -352 B; 40,260 B when a validation error's message and
/// field (`invalidFailure`) and the object `schedulerStats()` returns came to be made in JS,
/// -158 B; 40,200 B when an error's message came to be kept as the JS string it mostly is
/// (made in JS, no copy into the module and back), and h4's login body to be made in JS
/// (`h4LoginBody`), -66 B; 40,140 B when the entry alone came to give the classes their methods
/// (the remote login's alias too), the module's own install at a first client being for users
/// of the glue itself (`glue-install`, off in the package), -58 B; 40,080 B when `Task`'s
/// getters came to be the entry's to install too, -62 B; 40,010 B when pairSites' clients came
/// to be checked in JS (`pairBoth`, after the options), `readTask` to hand over the progress and
/// id it read, and an error's kind to cross as its number (`failureError`), -70 B; 39,960 B when
/// `exchange` came to hand over the body parsed (and whether there is one), not its text, -46 B;
/// 39,960 B, kept, when its flags came to be read as booleans (no `is_falsy` import), -5 B;
/// 39,740 B when a task's `onProgress` callbacks came to be kept and called in JS (a `Map` by
/// wait number: `listen`, `unlisten`, `notify`), -211 B; 39,700 B when an aborted wait's message
/// and a failed poll's prefix came to be made in JS (`taskMessage`), and the aborted request's
/// error lost the `network` branch no caller took, -47 B; 39,630 B when the stack became 960 KiB
/// (still first), so the static data ends below 2^20 and its addresses in the code are 3-byte
/// constants, -62 B; 39,180 B when JS strings came to reach the module through
/// js/package.js (`textLength` / `textCopy`, since `textInto`), not wasm-bindgen's `as_string`
/// (no string glue of its own in the package, nor malloc/realloc exports), -449 B; 39,060 B when numbers came
/// through `numberOf` (no DataView in the glue), -121 B; 38,850 B when blank texts came to be
/// told by JS RegExp and header values by bytes (no UTF-8 decoding, no Unicode table in the
/// module), and a panic location right before core's digit table stopped keeping the table,
/// -209 B; 38,690 B when the entry came to load the module itself (`instantiate`) with the
/// glue's imports, not wasm-bindgen's loader, -167 B; 38,570 B when loops took the place of
/// four more iterator adapters, -116 B; 38,520 B when `__prepare` and `__settle` came to hand
/// errors back as values, -47 B; 38,360 B when a wait's timeout became a plain sleep and the
/// shared loop's clock lost the signal it never had, -166 B; 38,270 B with wasm-opt's
/// `--low-memory-unused`, -91 B; 38,210 B when the loop came to take its options checked,
/// -54 B; 38,010 B when three nested futures became one each (`Task.wait()`, a login, the
/// loop's poll), -205 B; 37,970 B when a request came to borrow the session token, -36 B;
/// 38,010 B, raised, when a string came to cross in one call, written in place by
/// `textInto` (`TextEncoder.encodeInto`), not encoded, measured and copied in two: the
/// module's steps of a call had become twice as slow (getPairings 20 -> 44 us, back to back
/// in Node), and are as fast as before again (21 us), +35 B; 37,990 B with wasm-opt's
/// `--code-folding` after `--gufa`, -22 B; 37,970 B when the validator came to ask an optional
/// property's kind only of a value its schema refuses, -12 B; 37,995 B when a call after a
/// pause stopped setting a timer to end a stretch (55 to 115 us less a call), +26 B; 37,986 B
/// when path values and parameter names came to cross as values in template order and one
/// string, -9 B; 37,996 B when ASCII came to be copied into the module by a loop, not
/// `encodeInto` (40 to 65 us less a call), paid for by a UTF-8 round trip in place of the
/// look-behind regex for engines without `toWellFormed`, +10 B; 37,994 B when a blank body came
/// to be found by `/\S/`, not by trimming a copy, -2 B.)
pub const BUDGET_GZIP: u64 = 38_000;

pub fn run() -> Result<(), String> {
    let mut report = String::new();
    for target in [Target::Web, Target::Bundler] {
        build(target)?;
        report.push_str(&sizes(target)?);
    }
    let (_, web) = shipped_size(&pkg_dir(Target::Web))?;
    report.push_str(&format!("size budget (web package): {web} B gzip, budget {BUDGET_GZIP} B\n"));
    print!("{report}");
    let out = root().join("target/package-sizes.txt");
    std::fs::write(&out, &report).map_err(|e| format!("write {}: {e}", out.display()))?;
    if web > BUDGET_GZIP {
        return Err(format!("the web package is {web} B gzip, over its budget of {BUDGET_GZIP} B"));
    }
    Ok(())
}

pub fn build(target: Target) -> Result<(), String> {
    build_to(target, &pkg_dir(target), None)
}

/// Build the package for `target` into `dir`, unless the package there was built from the same
/// inputs and is untouched (`pkg_inputs`: the record `<dir>.inputs` beside it); `specs` builds
/// it from another folder of specs than `openapi/` (in its own cargo target folder, so that the
/// usual build stays cached), with the `test-hooks` feature (`provokePanic`) for the tests of
/// the shipped build.
pub fn build_to(target: Target, dir: &Path, specs: Option<&Path>) -> Result<(), String> {
    let inputs = inputs(target, specs)?;
    match pkg_inputs::up_to_date(dir, &inputs) {
        Ok(()) => {
            println!("package ({}) up to date: {} (inputs key {})", target.name(), dir.display(), inputs.key());
            return Ok(());
        }
        Err(why) => println!("package ({}): building, {why}", target.name()),
    }
    pkg_inputs::forget(dir)?;
    build_fresh(target, dir, specs)?;
    pkg_inputs::record(dir, &inputs)
}

/// What a build of the package for `target` reads (see `pkg_inputs`).
fn inputs(target: Target, specs: Option<&Path>) -> Result<Inputs, String> {
    let version =
        |program: &str, arg: &str| cmd::output(Command::new(program).current_dir(root()).arg(arg)).unwrap_or_else(|| "(not found)".into());
    let npm = |name: &str| {
        read(&cmd::tools_dir().join("node_modules").join(name).join("package.json"))
            .ok()
            .and_then(|t| json_string(&t, "version"))
            .unwrap_or_else(|| "(not found)".into())
    };
    let tools = [
        ("rustc".to_string(), version("rustc", "-V")),
        ("wasm-pack".to_string(), version("wasm-pack", "--version")),
        ("wasm-bindgen".to_string(), version("wasm-bindgen", "--version")),
        ("binaryen (wasm-opt)".to_string(), npm("binaryen")),
        ("esbuild".to_string(), npm("esbuild")),
        ("terser".to_string(), npm("terser")),
    ];
    let env: Vec<(String, String)> = std::env::vars().collect();
    let args = [
        format!("target={}", target.name()),
        format!("features={}", if specs.is_some() { "test-hooks" } else { "" }),
        format!("specs={}", if specs.is_some() { "SITERECOVERY_SPECS" } else { "openapi" }),
    ];
    let cx = Context {
        tools: &tools,
        env: &env,
        args: &args,
        post_process: concat!(
            include_str!("dist.rs"),
            include_str!("wasm_names.rs"),
            include_str!("wasm_order.rs"),
            include_str!("wasm_data.rs"),
            include_str!("wasm_unread.rs"),
            include_str!("wasm_fmt.rs")
        ),
    };
    let specs = specs.map_or_else(|| root().join("openapi"), Path::to_path_buf);
    Inputs::collect(&root(), CRATE, &specs, &cx)
}

/// wasm-pack, then the package's entry point, manifest and minified JS, in a fresh `dir`.
fn build_fresh(target: Target, dir: &Path, specs: Option<&Path>) -> Result<(), String> {
    // A fresh folder: wasm-pack leaves files of earlier builds (old snippets) in place, and
    // everything in the folder is shipped and counted.
    if dir.exists() {
        std::fs::remove_dir_all(dir).map_err(|e| format!("remove {}: {e}", dir.display()))?;
    }
    // wasm-opt runs here after wasm-pack (`optimise`), on the module with its names.
    let mut c = Command::new("wasm-pack");
    c.current_dir(root()).args(["build", CRATE, "--release", "--mode", "no-install", "--no-opt", "--target", target.name()]);
    c.args(["--out-name", "siterecovery", "--out-dir"]).arg(dir);
    if let Some(specs) = specs {
        c.env("SITERECOVERY_SPECS", specs).env("CARGO_TARGET_DIR", root().join("target/fixture-cargo"));
    }
    // Without `std`: the package's panic handler formats nothing (see the crate).
    c.args(["--", "--no-default-features"]);
    if specs.is_some() {
        c.args(["--features", "test-hooks"]);
    }
    cmd::run(&mut c)?;
    optimise(&dir.join("siterecovery_bg.wasm"), target)?;
    finish_package(dir, target)
}

/// The module wasm-bindgen wrote, optimised as wasm-pack would (wasm-opt with the crate's
/// `wasm-opt = [...]` arguments), after a pass that needs its names: the slots of formatters
/// nothing can call leave its function table (`crate::wasm_fmt`).
fn optimise(path: &Path, target: Target) -> Result<(), String> {
    let wasm = std::fs::read(path).map_err(|e| format!("read {}: {e}", path.display()))?;
    if let Some((nulled, slots)) = crate::wasm_fmt::without_dead_formatters(&wasm).map_err(|e| format!("{}: {e}", path.display()))? {
        println!("package ({}): {slots} table slots of formatters nothing calls made null", target.name());
        std::fs::write(path, nulled).map_err(|e| format!("write {}: {e}", path.display()))?;
    }
    let mut c = Command::new("wasm-opt");
    c.arg(path).arg("-o").arg(path).args(wasm_opt_args()?);
    cmd::run(&mut c)
}

/// The crate's wasm-opt arguments (`wasm-opt = [...]`, the wasm-pack profile of its Cargo.toml).
pub fn wasm_opt_args() -> Result<Vec<String>, String> {
    let manifest = root().join(CRATE).join("Cargo.toml");
    let text = read(&manifest)?;
    let line = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("wasm-opt = ["))
        .ok_or_else(|| format!("no `wasm-opt = [...]` in {}", manifest.display()))?;
    Ok(line.split('"').skip(1).step_by(2).map(str::to_string).collect())
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("read {}: {e}", path.display()))
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("write {}: {e}", path.display()))
}

/// Where wasm-bindgen copied the crate's `js/<name>` (a snippet folder whose name has a hash).
fn snippet(dir: &Path, name: &str) -> Result<String, String> {
    let snippets = dir.join("snippets");
    for entry in std::fs::read_dir(&snippets).map_err(|e| format!("read {}: {e}", snippets.display()))? {
        let entry = entry.map_err(|e| e.to_string())?;
        if entry.path().join("js").join(name).is_file() {
            return Ok(format!("./snippets/{}/js/{name}", entry.file_name().to_string_lossy()));
        }
    }
    Err(format!("no js/{name} under {}", snippets.display()))
}

/// The entry's code that gives every client class (`classes`, by name) its operations, and
/// `Task` its getters, as soon as the module is ready: the package's module leaves that to its entry (the wasm crate's
/// `glue-install` feature is off). Each operation names its class (`client`), so a new spec's
/// class gets its methods too. `operations()` lists a class's operations in its table's order,
/// and a method calls the module by its operation's index there; the remote login has its
/// alias too (`siterecovery_schema::methods::REMOTE_LOGIN`, as the generated TypeScript).
fn install() -> String {
    let (remote_login, alias) = siterecovery_schema::methods::REMOTE_LOGIN;
    format!(
        "function installAll() {{\n  const byClass = {{}};\n  for (const o of operations()) {{\n    const c = (byClass[o.client] ??= {{ ops: [], n: 0 }});\n    const i = c.n++;\n    c.ops.push([o.jsName, i]);\n    if (o.operationId === \"{remote_login}\") c.ops.push([\"{alias}\", i]);\n  }}\n  for (const [name, c] of Object.entries(byClass)) installOperations(classes[name].prototype, c.ops);\n  installTaskGetters(Task.prototype);\n}}\n"
    )
}

fn finish_package(dir: &Path, target: Target) -> Result<(), String> {
    let js = snippet(dir, "package.js")?;
    // The web entry loads the module itself (js/package.js `instantiate`), with the glue's
    // imports and finalisation of an instance in place of the glue's own init
    // (`glue_exports_its_parts`). A bundler instantiates the module on import; `init()` stays
    // callable for code written against the web build.
    let (glue_parts, imports, init) = match target {
        Target::Web => (
            "__wbg_get_imports, __wbg_finalize_init, ",
            "installOperations, installTaskGetters, moduleInput, instantiate",
            "let loading;\n/** Load the module, then give the client classes their operations. */\nexport default function init(options) {\n  loading ??= instantiate(moduleInput(options) ?? new URL(\"siterecovery_bg.wasm\", import.meta.url), __wbg_get_imports()).then(\n    ({ instance, module }) => {\n      const exports = __wbg_finalize_init(instance, module);\n      installAll();\n      return exports;\n    },\n    (e) => {\n      loading = undefined;\n      throw e;\n    },\n  );\n  return loading;\n}\n",
        ),
        Target::Bundler => (
            "",
            "installOperations, installTaskGetters",
            "installAll();\n/** Nothing to do: the bundler instantiates the module on import. */\nexport default async function init() {}\n",
        ),
    };
    if target == Target::Web {
        let glue = dir.join("siterecovery.js");
        let parts = glue_exports_its_parts(&read(&glue)?)
            .ok_or_else(|| format!("{}: no export line of the shape wasm-bindgen writes", glue.display()))?;
        write(&glue, &parts)?;
    }
    // The glue's values by name (not `export *`: wasm-bindgen's own `initSync`, which `init`
    // replaces, stays out, and a bundler drops it): every client class, `Task`, and the
    // module's functions (`operations`, `schedulerStats`; `provokePanic` with the test hooks).
    let classes = declared(dir, "export class ")?;
    let functions: String = read(&dir.join("siterecovery.d.ts"))?
        .lines()
        .filter_map(|l| l.strip_prefix("export function ")?.split('(').next())
        .filter(|n| *n != "initSync")
        .map(|n| format!(", {n}"))
        .collect();
    let values = format!("{classes}Task{functions}");
    let names = classes.trim_end_matches(", ");
    write(
        &dir.join("index.js"),
        &format!("// Entry point of the npm package `siterecovery`.\nimport {{ {glue_parts}{values} }} from \"./siterecovery.js\";\nimport {{ {imports} }} from \"{js}\";\nexport {{ {values} }};\nexport {{ SiteRecoveryError }} from \"{js}\";\nconst classes = {{ {names} }};\n{}{init}", install()),
    )?;
    // The public surface by name: the raw wasm exports (`InitOutput`, typed `any` by
    // wasm-bindgen) stay out of it.
    let init_dts = match target {
        Target::Web => "import type { InitInput } from \"./siterecovery.js\";\nexport type { InitInput };\n/** Load the module: `await init()`, or `init({ module_or_path })` in a plugin. */\nexport default function init(module_or_path?: { module_or_path: InitInput | Promise<InitInput> } | InitInput | Promise<InitInput>): Promise<unknown>;\n",
        Target::Bundler => "/** Nothing to do: the bundler instantiates the module on import. */\nexport default function init(options?: unknown): Promise<void>;\n",
    };
    write(
        &dir.join("index.d.ts"),
        &format!("export {{ {classes}{PUBLIC_VALUES}, SiteRecoveryError }} from \"./siterecovery.js\";\nexport type {{ {}{PUBLIC_TYPES} }} from \"./siterecovery.js\";\n{init_dts}", declared(dir, "export declare namespace ")?),
    )?;

    // The web package becomes one module (`bundle`): its snippet imports merge into the glue's.
    let renamed = crate::wasm_names::shorten(dir, &shipped(dir, &["js", "ts"])?, target == Target::Web)?;
    println!("package ({}): {renamed} import and export names shortened", target.name());
    for_gzip(&dir.join("siterecovery_bg.wasm"), target)?;
    name_classes(dir)?;
    match target {
        Target::Web => bundle(dir)?,
        Target::Bundler => minify(dir)?,
    }

    let manifest_path = dir.join("package.json");
    let manifest = read(&manifest_path)?;
    let version = json_string(&manifest, "version").unwrap_or_else(|| "0.0.0".into());
    let mut files = vec!["index.js", "index.d.ts", "siterecovery.d.ts", "siterecovery_bg.wasm", "siterecovery_bg.wasm.d.ts"];
    if target == Target::Bundler {
        files.extend(["siterecovery.js", "siterecovery_bg.js", "snippets/"]);
    }
    // web: importing has no side effects (the module loads in `init()`). bundler: the glue
    // module instantiates the wasm when imported, so it must never be dropped as "unused".
    let side_effects = match target {
        Target::Web => "false".to_string(),
        Target::Bundler => "[\"./siterecovery.js\", \"./snippets/*\"]".to_string(),
    };
    let files_json = files.iter().map(|f| format!("\"{f}\"")).collect::<Vec<_>>().join(", ");
    let package = format!(
        "{{\n  \"name\": \"siterecovery\",\n  \"version\": \"{version}\",\n  \"description\": \"VMware Site Recovery Manager and vSphere Replication REST clients for the browser (Rust/WebAssembly), with Promise-based task polling\",\n  \"license\": \"Apache-2.0\",\n  \"type\": \"module\",\n  \"main\": \"index.js\",\n  \"module\": \"index.js\",\n  \"types\": \"index.d.ts\",\n  \"exports\": {{ \".\": {{ \"types\": \"./index.d.ts\", \"default\": \"./index.js\" }}, \"./siterecovery_bg.wasm\": \"./siterecovery_bg.wasm\" }},\n  \"sideEffects\": {side_effects},\n  \"files\": [{files_json}],\n  \"keywords\": [\"vmware\", \"srm\", \"site-recovery\", \"vsphere-replication\", \"disaster-recovery\", \"wasm\"]\n}}\n"
    );
    write(&manifest_path, &package)
}

/// The web glue exporting the imports it makes and the finalisation of an instance, in place
/// of its `initSync` and its async init (which the bundle then drops): the entry loads the
/// module with js/package.js `instantiate`. `None` when the glue's export line is not the one
/// wasm-bindgen writes.
fn glue_exports_its_parts(glue: &str) -> Option<String> {
    let line = "export { initSync, __wbg_init as default };";
    glue.contains(line).then(|| glue.replace(line, "export { __wbg_get_imports, __wbg_finalize_init };"))
}

/// The module at `path` rewritten for gzip, in place: its functions ordered by likeness
/// (`crate::wasm_order`), its data joined into one segment (`crate::wasm_data`). Read once,
/// validated once: a module the engines would refuse never ships.
fn for_gzip(path: &Path, target: Target) -> Result<(), String> {
    let at = |e: String| format!("{}: {e}", path.display());
    let wasm = std::fs::read(path).map_err(|e| at(format!("read: {e}")))?;
    let ordered = crate::wasm_order::cluster(&wasm).map_err(at)?;
    println!("package ({}): functions reordered for gzip ({} -> {} B raw)", target.name(), wasm.len(), ordered.len());
    let out = match crate::wasm_data::joined(&ordered).map_err(at)? {
        Some(joined) => {
            let u = &joined.unread;
            println!(
                "package ({}): data segments joined ({} -> {}); unread data zeroed: digit table {}, {} panic locations, {} file names",
                target.name(),
                joined.before,
                joined.after,
                if u.digits { "yes" } else { "no" },
                u.locations,
                u.files
            );
            joined.module
        }
        None => {
            println!("package ({}): data segments left as they are", target.name());
            ordered
        }
    };
    wasmparser::Validator::new().validate_all(&out).map_err(|e| at(format!("rewritten module invalid: {e}")))?;
    std::fs::write(path, &out).map_err(|e| at(format!("write: {e}")))
}

/// Every `.js` and `.wasm` file of the package: what a browser downloads (the bench's rule).
fn shipped(dir: &Path, ext: &[&str]) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| format!("read {}: {e}", dir.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_dir() {
            out.extend(shipped(&path, ext)?);
        } else if path.extension().is_some_and(|e| ext.iter().any(|x| e == *x)) {
            out.push(path);
        }
    }
    out.sort();
    Ok(out)
}

/// The classes of the glue (`SrmClient`, `Task`, ...) keep their names once minified: each
/// file that declares some names them itself, at its end. Cheaper than esbuild's
/// `--keep-names`, which keeps every function's name (0.7 KB gzip of the package).
fn name_classes(dir: &Path) -> Result<(), String> {
    for file in shipped(dir, &["js"])? {
        let text = read(&file)?;
        let classes: Vec<&str> = names_after(&text, "export class ").collect();
        if classes.is_empty() {
            continue;
        }
        let pairs: Vec<String> = classes.iter().map(|c| format!("[{c}, \"{c}\"]")).collect();
        let naming = format!(
            "\n// The classes keep their names once minified (siterecovery's build).\nfor (const [c, n] of [{}]) Object.defineProperty(c, \"name\", {{ value: n, configurable: true }});\n",
            pairs.join(", ")
        );
        write(&file, &(text + &naming))?;
    }
    Ok(())
}

/// The web package's JS as one module: `index.js` with the glue and js/package.js in it,
/// minified (esbuild, then terser: 0.17 KB gzip less than esbuild alone; more passes of its
/// compressor gain nothing), and the files it took in removed. One request and one gzip stream
/// instead of three: 0.6 KB gzip less, the glue's many imports of js/package.js being one
/// module's names. The module imports js/package.js's functions from the glue's import
/// object (`crate::wasm_names`), not by its file. (The bundler package keeps its files:
/// there the wasm is a module whose imports are those files.)
fn bundle(dir: &Path) -> Result<(), String> {
    let index = dir.join("index.js");
    let mut c = Command::new(cmd::npm_bin("esbuild"));
    c.arg(&index)
        .args(["--bundle", "--minify", "--format=esm", "--log-level=warning", "--allow-overwrite"])
        .arg(format!("--outfile={}", index.display()));
    cmd::run(&mut c)?;
    let mut c = Command::new(cmd::npm_bin("terser"));
    c.arg(&index).args(["--module", "--compress", "--mangle", "-o"]).arg(&index);
    cmd::run(&mut c)?;
    let glue = dir.join("siterecovery.js");
    std::fs::remove_file(&glue).map_err(|e| format!("remove {}: {e}", glue.display()))?;
    let snippets = dir.join("snippets");
    std::fs::remove_dir_all(&snippets).map_err(|e| format!("remove {}: {e}", snippets.display()))
}

/// Minify the shipped JS in place (esbuild, no bundling: imports and exports stay as they are).
/// Identifiers are shortened; the classes keep their names (`name_classes`). Documentation
/// lives in the `.d.ts` files.
fn minify(dir: &Path) -> Result<(), String> {
    let esbuild = cmd::npm_bin("esbuild");
    for file in shipped(dir, &["js"])? {
        let mut c = Command::new(&esbuild);
        c.arg(&file)
            .args(["--minify", "--format=esm", "--log-level=warning", "--allow-overwrite"])
            .arg(format!("--outfile={}", file.display()));
        cmd::run(&mut c)?;
    }
    Ok(())
}

/// What the glue's `.d.ts` declares per spec, as `A, B, `: the client classes (`export class
/// SrmClient`, ...; `Task` is listed apart) or the schema namespaces (`export declare
/// namespace srm`).
fn declared(dir: &Path, prefix: &str) -> Result<String, String> {
    let dts = read(&dir.join("siterecovery.d.ts"))?;
    Ok(names_after(&dts, prefix).filter(|n| *n != "Task").map(|n| format!("{n}, ")).collect())
}

/// The names that lines of `text` declare after `prefix` (`export class SrmClient {` -> `SrmClient`).
fn names_after<'a>(text: &'a str, prefix: &'a str) -> impl Iterator<Item = &'a str> {
    text.lines().filter_map(move |l| l.strip_prefix(prefix)?.split([' ', '{']).next()).filter(|n| !n.is_empty())
}

fn json_string(text: &str, key: &str) -> Option<String> {
    let at = text.find(&format!("\"{key}\""))?;
    let rest = &text[at + key.len() + 2..];
    let start = rest.find('"')? + 1;
    let end = rest[start..].find('"')? + start;
    Some(rest[start..end].to_string())
}

fn gzip_size(path: &Path) -> Result<u64, String> {
    let out = Command::new("gzip").args(["-9", "-c"]).arg(path).output().map_err(|e| format!("gzip: {e}"))?;
    Ok(out.stdout.len() as u64)
}

fn file_size(p: &Path) -> Result<u64, String> {
    std::fs::metadata(p).map(|m| m.len()).map_err(|e| format!("{}: {e}", p.display()))
}

/// Raw and gzip -9 bytes of `files`, each compressed on its own (as a server sends them).
fn total(files: &[PathBuf]) -> Result<(u64, u64), String> {
    let (mut raw, mut gz) = (0, 0);
    for f in files {
        raw += file_size(f)?;
        gz += gzip_size(f)?;
    }
    Ok((raw, gz))
}

/// Raw and gzip -9 bytes of every .wasm and .js of a package folder.
pub fn shipped_size(dir: &Path) -> Result<(u64, u64), String> {
    total(&shipped(dir, &["js", "wasm"])?)
}

fn sizes(target: Target) -> Result<String, String> {
    let dir = pkg_dir(target);
    let (js_raw, js_gz) = total(&shipped(&dir, &["js"])?)?;
    let (w_raw, w_gz) = total(&shipped(&dir, &["wasm"])?)?;
    Ok(format!(
        "package ({}): wasm {} B raw / {} B gzip; JS glue {} B raw / {} B gzip; total {} B raw / {} B gzip\n",
        target.name(),
        w_raw,
        w_gz,
        js_raw,
        js_gz,
        w_raw + js_raw,
        w_gz + js_gz
    ))
}
