// Builds the benchmark's JavaScript peers from our OpenAPI specs.
//
//   node crates/xtask/bench/build-peers.mjs OUT_DIR [ESBUILD_BINARY]
//
// 1. generates OUT_DIR/gen/heyapi/{srm,replication}/ (@hey-api/openapi-ts) and
//    OUT_DIR/gen/openapi-typescript/{srm,replication}.d.ts (skipped when nothing changed);
// 2. bundles peers/*.{ts,js} with esbuild (minified ESM for the browser) to OUT_DIR/peers/;
// 3. prints raw and gzip -9 sizes and writes them to OUT_DIR/peers/sizes.json.
//
// The packages come from .tools/bench/node_modules (`npm ci` of package.json + package-lock.json
// beside this script, done by `cargo xtask bench`); esbuild is .tools/node_modules/.bin/esbuild
// unless given.
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, "../../..");
const MODULES = join(ROOT, ".tools/bench/node_modules");
const SPECS = ["srm", "replication"];

function die(message) {
  console.error(`build-peers: ${message}`);
  process.exit(1);
}

const [outArg, esbuildArg] = process.argv.slice(2);
if (!outArg) die("usage: node crates/xtask/bench/build-peers.mjs OUT_DIR [ESBUILD_BINARY]");
const OUT = resolve(outArg);
const GEN = join(OUT, "gen");
const ESBUILD = resolve(esbuildArg ?? join(ROOT, ".tools/node_modules/.bin/esbuild"));
if (!existsSync(ESBUILD)) die(`no esbuild at ${ESBUILD}; run \`cargo xtask bench\` or pass its path`);

// Every pinned package must be installed at exactly its pinned version.
const pinned = JSON.parse(readFileSync(join(HERE, "package.json"), "utf8")).dependencies;
const version = (name) => {
  try {
    return JSON.parse(readFileSync(join(MODULES, name, "package.json"), "utf8")).version;
  } catch {
    return undefined;
  }
};
for (const [name, want] of Object.entries(pinned)) {
  const have = version(name);
  if (have !== want) {
    die(`${name} ${have ?? "is not installed"} in ${MODULES}, want ${want}; run \`cargo xtask bench\` ` +
      "(it copies crates/xtask/bench/package*.json to .tools/bench/ and runs `npm ci` there)");
  }
}

/** Imports an installed ESM package by its `exports["."].import` (Node's resolver ignores NODE_PATH). */
async function importPackage(name) {
  const dir = join(MODULES, name);
  const exp = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).exports["."];
  const entry = typeof exp.import === "string" ? exp.import : exp.import.default;
  return import(pathToFileURL(join(dir, entry)).href);
}

// hey-api: the fetch client, types, zod schemas, and an SDK that validates the request and the
// response of every operation with those schemas.
const heyapiConfig = (spec) => ({
  input: join(ROOT, "openapi", `${spec}.yaml`),
  output: { path: join(GEN, "heyapi", spec), tsConfigPath: null },
  plugins: [
    "@hey-api/client-fetch",
    "@hey-api/typescript",
    "zod",
    { name: "@hey-api/sdk", validator: { request: "zod", response: "zod" } },
  ],
  logs: { level: "warn", file: false },
  interactive: false,
});

// ---- 1. generate (only when the specs, the pins or this script changed) --------------------
const stamp = createHash("sha256")
  .update(JSON.stringify(pinned))
  .update(readFileSync(fileURLToPath(import.meta.url)));
for (const spec of SPECS) stamp.update(readFileSync(join(ROOT, "openapi", `${spec}.yaml`)));
const stampFile = join(GEN, "stamp");
const digest = stamp.digest("hex");
const outputs = SPECS.flatMap((s) => [join(GEN, "heyapi", s, "index.ts"), join(GEN, "openapi-typescript", `${s}.d.ts`)]);
if (existsSync(stampFile) && readFileSync(stampFile, "utf8") === digest && outputs.every((f) => existsSync(f))) {
  console.log(`generated code is up to date in ${GEN}`);
} else {
  try {
    const heyapi = await importPackage("@hey-api/openapi-ts");
    await heyapi.createClient(SPECS.map(heyapiConfig));
    const ots = await importPackage("openapi-typescript");
    mkdirSync(join(GEN, "openapi-typescript"), { recursive: true });
    for (const spec of SPECS) {
      const ast = await ots.default(pathToFileURL(join(ROOT, "openapi", `${spec}.yaml`)));
      writeFileSync(join(GEN, "openapi-typescript", `${spec}.d.ts`), ots.astToString(ast));
    }
  } catch (e) {
    die(`code generation failed: ${e?.stack ?? e}`);
  }
  writeFileSync(stampFile, digest);
  console.log(`generated ${GEN}/heyapi/{srm,replication} and ${GEN}/openapi-typescript/{srm,replication}.d.ts`);
}

// ---- 2. bundle ----------------------------------------------------------------------------
const v = (name) => `${name} ${version(name)}`; // as installed (checked equal to the pin)
const PEERS = [
  {
    name: "heyapi",
    entry: "heyapi.ts",
    packages: `${v("@hey-api/openapi-ts")} (client-fetch, zod plugin, sdk validator) + ${v("zod")} + ${v("@azure/core-lro")}`,
  },
  { name: "openapi-fetch", entry: "openapi-fetch.ts", packages: `${v("openapi-fetch")} + ${v("openapi-typescript")} (types only)` },
  { name: "fetch", entry: "fetch.js", packages: "none (hand-written fetch + response.json())" },
];
mkdirSync(join(OUT, "peers"), { recursive: true });
const sizes = [];
for (const peer of PEERS) {
  const file = `peers/${peer.name}.js`;
  const args = [
    join(HERE, "peers", peer.entry),
    "--bundle",
    "--minify",
    "--format=esm",
    "--target=es2022",
    "--platform=browser",
    `--alias:@gen=${GEN}`,
    `--outfile=${join(OUT, file)}`,
    "--log-level=warning",
  ];
  try {
    // NODE_PATH: the entries live outside .tools/bench, so bare imports resolve there.
    execFileSync(ESBUILD, args, { env: { ...process.env, NODE_PATH: MODULES }, stdio: ["ignore", "inherit", "inherit"] });
  } catch {
    die(`esbuild failed for ${peer.entry}`);
  }
  const raw = statSync(join(OUT, file)).size;
  // gzip -9 like the project's other size numbers.
  const gzip = execFileSync("gzip", ["-9", "-c", join(OUT, file)], { maxBuffer: 1 << 28 }).length;
  sizes.push({ name: peer.name, file, raw, gzip, packages: peer.packages });
  console.log(`${peer.name.padEnd(14)} ${String(raw).padStart(8)} B raw ${String(gzip).padStart(8)} B gzip -9  ${file}  [${peer.packages}]`);
}
writeFileSync(join(OUT, "peers", "sizes.json"), JSON.stringify(sizes, null, 2) + "\n");
