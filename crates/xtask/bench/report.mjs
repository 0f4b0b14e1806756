// The last step of `cargo xtask bench`: turns the samples of one run into BENCHMARKS.md and
// prints the same tables. Statistics: each figure is the median over the interleaved rounds
// of that round's value (a round's median, p95, count...); ratios are taken within a round
// (same moment, same machine) and then their median is reported.
// Usage: node report.mjs OUT.md, with BENCH_DIR (samples), BENCH_PKG (our web package),
// BENCH_COMMAND and BENCH_RUSTC in the environment.
import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { join, relative } from "node:path";
import os from "node:os";

const [outPath] = process.argv.slice(2);
const dir = process.env.BENCH_DIR;
const pkg = process.env.BENCH_PKG;
if (!outPath || !dir || !pkg) {
  console.error("usage: BENCH_DIR=... BENCH_PKG=... node report.mjs OUT.md");
  process.exit(2);
}
const json = (name) => JSON.parse(readFileSync(join(dir, name), "utf8"));
const run = json("browser.json");
const peers = json("site/peers/sizes.json");
const FLOOR = "fetch";

// ---- statistics and formatting -------------------------------------------------------------
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
};
const int = (n) => Math.round(n).toLocaleString("en-US");
const ms = (n, digits = 2) => (n == null ? "–" : n.toFixed(digits));
const ratio = (n) => `${n.toFixed(2)}×`;
const kb = (n) => (n == null ? "–" : `${(n / 1024).toFixed(1)} KB`);
// Columns whose every cell is a figure are right-aligned.
const figure = (cell) => /^[-–\d.,×% ]*(ms|B|KB|s)?$/.test(String(cell));
const table = (head, rows) => {
  const align = head.map((_, i) => (rows.length && rows.every((r) => figure(r[i])) ? "---:" : "---"));
  return [`| ${head.join(" | ")} |`, `|${align.join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");
};
const nameOf = Object.fromEntries(run.names.map((n) => [n.key, n.name]));
const keys = run.names.map((n) => n.key);

function gzip9(path) {
  return execFileSync("gzip", ["-9", "-c", path], { maxBuffer: 1 << 28 }).length;
}
function filesUnder(root, test) {
  return readdirSync(root).flatMap((f) => {
    const p = join(root, f);
    return statSync(p).isDirectory() ? filesUnder(p, test) : test(p) ? [p] : [];
  });
}

// ---- 1. size ---------------------------------------------------------------------------------
const ourFiles = filesUnder(pkg, (p) => /\.(js|wasm)$/.test(p)).sort();
const ourParts = ourFiles.map((p) => ({ file: relative(pkg, p), raw: statSync(p).size, gzip: gzip9(p) }));
const sum = (parts, k) => parts.reduce((a, p) => a + p[k], 0);
const sizes = [
  { key: "ours", name: nameOf.ours, what: ourParts.map((p) => p.file).join(", "), raw: sum(ourParts, "raw"), gzip: sum(ourParts, "gzip") },
  ...peers.map((p) => {
    const key = p.file.replace(/^peers\/|\.js$/g, "");
    return { key, name: nameOf[key] ?? p.name, what: p.packages, raw: p.raw, gzip: p.gzip };
  }),
];
const ourGzip = sizes[0].gzip;
const sizeTable = table(
  ["implementation", "what the browser downloads", "raw B", "gzip -9 B", "ours ÷ this"],
  sizes.map((s) => [s.name, s.what, int(s.raw), int(s.gzip), ratio(ourGzip / s.gzip)]),
);
const ourPartsTable = table(["file of our package", "raw B", "gzip -9 B"], ourParts.map((p) => [p.file, int(p.raw), int(p.gzip)]));

// ---- 2. per-call cost ------------------------------------------------------------------------
const ops = Object.keys(run.perCall[keys[0]]);
/** `k`'s median of `op` beside the floor's, within each round, then the median over rounds:
 * as a ratio, and as the µs above it. */
function vsFloor(k, op) {
  const rounds = run.perCall[k][op];
  const floor = run.perCall[FLOOR][op];
  return {
    ratio: median(rounds.map((r, i) => median(r) / median(floor[i]))),
    overUs: Math.round(median(rounds.map((r, i) => (median(r) - median(floor[i])) * 1000))),
  };
}
const perCallRows = [];
for (const op of ops) {
  for (const k of keys) {
    const rounds = run.perCall[k][op];
    const med = median(rounds.map(median));
    const p95 = median(rounds.map((r) => quantile(r, 0.95)));
    const floor = vsFloor(k, op);
    perCallRows.push([op, nameOf[k], ms(med, 3), ms(p95, 3), int(floor.overUs), ratio(floor.ratio)]);
  }
}
const perCallTable = table(["operation", "implementation", "median ms", "p95 ms", "median − floor µs", "median ÷ floor"], perCallRows);
// Ours: the module's own work in each call, beside what the same steps cost back to back.
const insideRows = ops.map((op) => {
  const rounds = run.moduleTime[op];
  const inCall = median(rounds.map((r) => median(r.inCall)));
  const hot = median(rounds.map((r) => median(r.hot)));
  // The pass with the module's steps replaced by their results, against the floor of that pass.
  const over = (k) => median(rounds.map((r) => median(r.withoutSteps[k]) - median(r.withoutSteps.floor)));
  return [op, int(vsFloor("ours", op).overUs), int(inCall), int(hot), ratio(inCall / hot), int(over("ours")), int(over("stubbed"))];
});
const insideTable = table(
  ["operation", "ours − floor µs", "inside the module, in the call µs", "the same steps back to back µs", "in the call ÷ back to back", "ours − floor, third pass µs", "ours without the module's steps − floor µs"],
  insideRows,
);

// ---- 3. waiting at scale ---------------------------------------------------------------------
/** The longest Long Task over the rounds, and in how many rounds there was one at all. */
function longTasks(rs) {
  return { longest: Math.max(0, ...rs.map((r) => r.longestTaskMs)), rounds: rs.filter((r) => r.longestTaskMs > 0).length };
}
function longTasksCell(rs) {
  const { longest, rounds } = longTasks(rs);
  return longest > 0 ? `${ms(longest, 0)} (${rounds} of ${rs.length})` : "0";
}
const scaleRows = [];
for (const kind of ["same", "different"]) {
  for (const k of keys) {
    const s = run.scale[k];
    const one = s.one.map((r) => r.gets);
    const rs = s[kind];
    const needed = (i) => (kind === "same" ? one[i] : one[i] * rs[i].waits);
    scaleRows.push([
      kind === "same" ? `${int(run.config.waits)} waits, one task` : `${int(run.config.waits)} waits, ${int(run.config.waits)} tasks`,
      nameOf[k],
      int(median(rs.map((r) => r.gets))),
      int(median(rs.map((_, i) => needed(i)))),
      ratio(median(rs.map((r, i) => r.gets / needed(i)))),
      ms(median(rs.map((r) => r.wallMs)) / 1000, 1),
      ms(median(rs.map((r) => r.maxGapMs)), 0),
      longTasksCell(rs),
    ]);
  }
}
const scaleTable = table(
  ["waits", "implementation", "task GETs", "GETs one wait needs", "GETs ÷ needed", "until all done s", "longest setTimeout(0) gap ms", "longest Long Task ms (max; rounds with one)"],
  scaleRows,
);
const memRows = keys.map((k) => {
  const m = run.memory[k];
  return [nameOf[k], int(m.polls), kb(m.before.heap), kb(m.after.heap), kb(m.before.wasm), kb(m.after.wasm)];
});
const memTable = table(["implementation", "polls", "JS heap before", "JS heap after", "wasm memory before", "wasm memory after"], memRows);

// ---- 4. start-up -----------------------------------------------------------------------------
const startRows = keys.map((k) => {
  const s = run.startup[k];
  return [nameOf[k], ms(median(s.cold), 1), s.cached.length ? ms(median(s.cached), 1) : "–"];
});
const startTable = table(["implementation", "cold: fetch + compile + instantiate + init (peers: fetch + evaluate) ms", "cached compiled module: instantiate + init ms"], startRows);

// ---- 5. code generation ----------------------------------------------------------------------
const codegenText = readFileSync(join(dir, "codegen.txt"), "utf8").split("\n");
const head = codegenText.findIndex((l) => /^spec\s+ops\s+types/.test(l));
const codegenRows = head < 0 ? [] : codegenText.slice(head + 1).filter((l) => /^\S+\.(ya?ml|json)\s/.test(l)).map((l) => l.trim().split(/\s+/));
// The bench prints: spec, ops, types, min ms, median ms, max ms, rust KB.
const codegenTable = codegenRows.length ? table(["spec", "operations", "types", "min ms", "median ms", "max ms", "generated Rust KB"], codegenRows) : "(no codegen table found)";

// ---- 6. size attribution ---------------------------------------------------------------------
// Checked on the whole name first: code monomorphised for a generated type (v0 names keep
// generic arguments, e.g. `serde_json::from_slice::<srm::types::Task>`) counts as that type's.
const GENERATED = ["generated types' serde code", /siterecovery::(srm|replication)::types|serde_path_to_error/];
// Then on the name without turbofish arguments (`call::<FetchTransport>` is the core's code).
const CATEGORIES = [
  ["data segments (strings, tables)", /^data segment|^data\[/],
  ["generated dispatch and operation futures", /siterecovery::(srm|replication)::/],
  ["regex (regex-lite)", /regex_lite|regex_syntax/],
  ["schema table validator (siterecovery-schema)", /siterecovery_schema/],
  ["patterns (siterecovery-pattern)", /siterecovery_pattern/],
  ["serde_json", /serde_json/],
  ["serde-wasm-bindgen", /serde_wasm_bindgen/],
  ["fmt, float formatting, panics", /core::fmt|alloc::fmt|core::panicking|std::panicking|flt2dec|dec2flt|core::num::fmt|core::result::unwrap_failed|core::option::(expect|unwrap)_failed|panic|core::str::slice_error/],
  ["allocator", /dlmalloc|lol_alloc|wee_alloc|__rust_(alloc|dealloc|realloc)|__rdl_|__rg_|alloc::alloc::|alloc::raw_vec/],
  // Its raw exports (src/executor.rs: `sr_run`, `sr_settled`) too.
  ["the wasm crate's own code", /^<?siterecovery_wasm|^(export ")?sr_[a-z_]+"?$/],
  ["the hand-written core (client, call, task, poll, errors)", /^<?siterecovery::/],
  // wasm-bindgen's shim of an exported method (`task_wait externref shim`) or function
  // (`maybe_catch_unwind::<…__wasm_bindgen_generated_operations…>`) holds the method's Rust body,
  // which wasm-opt inlined into it: our code, not the bindings'.
  ["exported methods (their Rust bodies, inlined into wasm-bindgen's export shims)", /^[a-z][a-z0-9]*_[A-Za-z0-9_]+( (externref|multivalue) shim)+$|__wasm_bindgen_generated_/],
  ["bindings (wasm-bindgen's runtime and import shims; js-sys, web-sys, gloo, futures where linked)", /wasm_bindgen|js_sys|web_sys|gloo|__wbg|__wbindgen|__externref|futures_(util|core|task|channel)|externref|shim$|\bimport\b/],
  ["serde (generic)", /\bserde(_core)?::/],
  ["chrono, uuid", /chrono|uuid/],
  ["unnamed functions (code[N])", /^code\[\d+\]$/],
];
const OTHER = "std, core, alloc and the rest";
/** `name` without `::<...>` generic arguments. */
function withoutGenericArgs(name) {
  let out = "";
  let depth = 0;
  for (let i = 0; i < name.length; i++) {
    if (depth === 0 && name.startsWith("::<", i)) {
      depth = 1;
      i += 2;
    } else if (depth > 0) {
      if (name[i] === "<") depth++;
      else if (name[i] === ">") depth--;
    } else {
      out += name[i];
    }
  }
  return out;
}
function category(name) {
  // v0 names carry crate disambiguators (`core[c5930c85a12de822]::fmt`): match without them.
  const plain = name.replace(/\[[0-9a-f]+\]/g, "");
  if (GENERATED[1].test(plain)) return GENERATED[0];
  const own = withoutGenericArgs(plain);
  for (const [label, re] of CATEGORIES) if (re.test(own)) return label;
  return OTHER;
}
const items = (file) => {
  const j = json(file);
  return (Array.isArray(j) ? j : j.items ?? []).map((it) => ({ name: it.name, shallow: it.shallow_size ?? 0, retained: it.retained_size ?? it.shallow_size ?? 0 }));
};
// Not shipped or not code: the name section (wasm-opt -Oz drops it from the package), and
// the function table and its element segment, which "retain" every function they list.
const notCode = (name) => /subsection"?$|^custom section|^Σ|^table\[|^elem\[/.test(name);
const all = items("twiggy-all.json").filter((it) => !notCode(it.name));
const total = all.reduce((a, it) => a + it.shallow, 0);
const byCat = new Map();
for (const it of all) byCat.set(category(it.name), (byCat.get(category(it.name)) ?? 0) + it.shallow);
const catTable = table(
  ["category (by item name)", "bytes", "share"],
  [...byCat.entries()].sort((a, b) => b[1] - a[1]).map(([c, b]) => [c, int(b), `${((100 * b) / total).toFixed(1)} %`]),
);
const short = (n) => (n.length > 110 ? `${n.slice(0, 107)}…` : n).replace(/\|/g, "\\|");
const topTable = table(
  ["item (largest retained size)", "retained B", "share", "category"],
  items("twiggy-top.json").filter((it) => !notCode(it.name)).slice(0, 20).map((it) => [`\`${short(it.name)}\``, int(it.retained), `${((100 * it.retained) / total).toFixed(1)} %`, category(it.name)]),
);

// ---- key figures of ours, and the same from a committed baseline run -----------------------
// `summary.json` (beside the samples) holds this run's key figures; a committed
// `baseline.json` beside this script holds those of the run the current work is measured
// against, so BENCHMARKS.md shows before and after side by side.
const scaleOf = (kind, f) => median(run.scale.ours[kind].map(f));
const oneGets = run.scale.ours.one.map((r) => r.gets);
const summary = {
  date: new Date().toISOString().slice(0, 10),
  commit: process.env.BENCH_COMMIT ?? null,
  "package gzip B (all .wasm + .js)": ourGzip,
  "wasm gzip B": sum(ourParts.filter((p) => p.file.endsWith(".wasm")), "gzip"),
  "JS gzip B": sum(ourParts.filter((p) => p.file.endsWith(".js")), "gzip"),
  ...Object.fromEntries(ops.map((op) => [`${op} median ÷ floor`, vsFloor("ours", op).ratio])),
  ...Object.fromEntries(ops.map((op) => [`${op} median − floor µs`, vsFloor("ours", op).overUs])),
  [`${run.config.waits} waits on one task: GETs ÷ one wait's`]: median(run.scale.ours.same.map((r, i) => r.gets / oneGets[i])),
  [`${run.config.waits} waits on one task: longest main-thread block ms (median of the rounds' longest)`]: scaleOf("same", (r) => r.maxGapMs),
  [`${run.config.waits} waits on ${run.config.waits} tasks: longest main-thread block ms (median of the rounds' longest)`]: scaleOf("different", (r) => r.maxGapMs),
  // What the browser counts as blocking: a task of 50 ms or more (the ticker's gaps also hold
  // the time the renderer was not running at all, on a machine the server shares).
  [`${run.config.waits} waits on ${run.config.waits} tasks: longest Long Task ms (max over the rounds)`]: longTasks(run.scale.ours.different).longest,
  [`${run.config.waits} waits on ${run.config.waits} tasks: rounds with a Long Task`]: longTasks(run.scale.ours.different).rounds,
  [`wasm memory growth over ${run.config.polls} polls B`]: run.memory.ours.after.wasm - run.memory.ours.before.wasm,
  "start-up cold ms": median(run.startup.ours.cold),
  "start-up, cached compiled module ms": median(run.startup.ours.cached),
};
writeFileSync(join(dir, "summary.json"), JSON.stringify(summary, null, 1));
const baselinePath = new URL("./baseline.json", import.meta.url);
const baseline = (() => {
  try {
    return JSON.parse(readFileSync(baselinePath, "utf8"));
  } catch {
    return null;
  }
})();
const figureText = (k, v) => (v == null ? "–" : / B$/.test(k) ? int(v) : Number.isInteger(v) ? int(v) : v < 10 ? v.toFixed(2) : v.toFixed(1));
const keyKeys = Object.keys(summary).filter((k) => k !== "date" && k !== "commit");
const keyTable = baseline
  ? table(["figure (ours)", `before (${baseline.date}${baseline.commit ? `, ${baseline.commit}` : ""})`, "now"], keyKeys.map((k) => [k, figureText(k, baseline[k]), figureText(k, summary[k])]))
  : table(["figure (ours)", "now"], keyKeys.map((k) => [k, figureText(k, summary[k])]));

// ---- the document ----------------------------------------------------------------------------
const cpu = os.cpus()[0]?.model ?? "unknown CPU";
const c = run.config;
const doc = `# Benchmarks

Our package beside the JavaScript stacks a team would otherwise ship, measured in one run
(${new Date().toISOString().slice(0, 10)}). Reproduce with:

\`\`\`sh
${process.env.BENCH_COMMAND ?? "cargo xtask bench"}
\`\`\`

It installs the pinned peers from npm (\`crates/xtask/bench/package.json\`), generates them from
our \`openapi/srm.yaml\` and \`openapi/replication.yaml\`, bundles each with esbuild (minified),
runs everything in headless Chromium against the simulator (${process.env.BENCH_SIM ?? "release"} build) and writes this file.

**Machine:** ${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; Chromium ${c.chromium};
Node ${process.version}; ${process.env.BENCH_RUSTC ?? "rustc ?"}.
**Run:** ${c.rounds} interleaved rounds (the order of the implementations rotates each round);
${c.calls} measured calls per operation, implementation and round (after 10 unmeasured), the
implementations taking turns call by call;
${int(c.waits)} concurrent waits on tasks that run ${c.taskMs} ms; ${int(c.polls)} polls for memory.
Each figure is the median over the rounds; ratios are taken within a round, then their median.

**Key figures** of our package${baseline ? ", beside the baseline run in `crates/xtask/bench/baseline.json`" : ""}:

${keyTable}

**Implementations:**
${run.names.map((n) => `- **${n.name}**${n.key === "ours" ? ": the npm package \`siterecovery\` (web target), waiting with its own backoff (500 ms → 5 s, full jitter)" : `: ${sizes.find((s) => s.key === n.key)?.what ?? ""}; polls every 1000 ms`}`).join("\n")}

## 1. Size a browser downloads

${sizeTable}

${ourPartsTable}

## 2. Per-call cost

Sequential calls against SRM site A of the simulator; \`getPairings\` lists one pairing;
\`createPairing\` answers 202 with a task (the simulator is already paired, so the task will
fail, which does not change the call), then one \`getTaskInfo\` of that task. The floor is the
hand-written \`fetch\` + \`JSON.parse\`. The harness page is cross-origin isolated (the
simulator's \`--isolated\`), so \`performance.now()\` steps by ${c.timerStepMs === undefined ? "?" : `${(c.timerStepMs * 1000).toFixed(1)} µs`}
(100 µs on a page that is not).

${perCallTable}

Where ours' time over the floor goes: the module's two synchronous steps of each call
(\`__prepare\`: arguments checked, request built; \`__settle\`: answer checked, result made),
timed inside the calls (a separate pass of the same calls), and the same steps repeated back to
back with the answers those calls got (no network). Each step of a call runs after a wait for
the network, with the CPU caches and the engine cold: the same work costs several times what it
does back to back. A third pass times ours and the floor again, call by call, beside a second
client of ours whose two steps are replaced by what they gave in a real call (the request
built, the result made): the package's JS and its \`fetch\` without the module's work (the last
column). The gap between the last two columns is what the module's work costs a call in all:
its steps' own time, and their after-effects on the rest of the call.

${insideTable}

## 3. Waiting at scale

Every waiter starts from a task id the page already has. Ours: one \`getTaskInfo\` per task
id (that handle freed at once, as a reload would), then each waiter gets its own handle from
the resume token (\`resumeTask\`, no request) and calls \`wait()\`: the first wait's loop GETs
the task at once, then polls it. Peers: each waiter GETs the task, then polls it until it ends (core-lro's
\`pollUntilDone\`, or a loop). "GETs one wait needs" is what a single waiter on a task of the
same length made in the same round (for N tasks, N times that): the ideal for waits that share
their polls. Task GETs are counted at the
simulator. The main thread is watched with a \`setTimeout(0)\` ticker (its longest gap) and the
Long Tasks API, from after a \`gc()\` (with a macrotask for finalizers): the implementation
measured before leaves thousands of fetches' garbage, which would otherwise be collected during
the next one's figure.

${scaleTable}

Memory over ${int(c.polls)} polls of one finished task (our \`Task.refresh()\`, the peers'
\`getTaskInfo\`; 4 in flight; each sample after \`gc()\`, a macrotask for finalizers, \`gc()\`):

${memTable}

## 4. Start-up

Each sample loads from URLs never loaded before (no HTTP or code cache). Ours: the package module (index.js),
then \`init()\` fetching and compiling the wasm; "cached": \`init()\` from an already compiled
\`WebAssembly.Module\` (what a page gets from the browser's code cache or a plugin host that
compiled it once). Peers: \`import()\` of the bundle (fetch, parse, evaluate).

${startTable}

## 5. Code generation

\`build.rs\` time per spec (\`cargo bench -p siterecovery-codegen\`: parse, checks, progenitor
models, operations, TypeScript), over several runs after a warm-up.

${codegenTable}

## 6. Size attribution of our wasm

twiggy ${process.env.BENCH_TWIGGY ?? ""} on a release build with names kept (${process.env.BENCH_MANGLING ?? "v0"} symbol mangling, wasm-bindgen, \`wasm-opt -Oz -g\`):
${int(total)} B of code and data in all (the name section left out). Categories are by item name, in the order listed in
\`crates/xtask/bench/report.mjs\` (the first that matches wins).

${catTable}

${topTable}
`;
writeFileSync(outPath, doc);
console.log(doc);
console.log(`wrote ${outPath}`);
