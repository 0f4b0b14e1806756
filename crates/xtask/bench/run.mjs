// The browser half of `cargo xtask bench`: opens harness/ (served with the package and the
// peer bundles by the simulator) in headless Chromium and runs every figure for every
// implementation, in interleaved rounds (the order rotates each round; in the per-call figures
// the implementations also take turns call by call), writing the raw samples as JSON for
// report.mjs.
// Usage: node run.mjs BASE_URL OUT.json ROUNDS WAITS CALLS TASK_MS POLLS
import { createRequire } from "node:module";
import { writeFileSync } from "node:fs";

// playwright-core is installed by `cargo xtask setup` into the repository's .tools/.
const require = createRequire(new URL("../../../.tools/package.json", import.meta.url));
const { chromium } = require("playwright-core");

const [base, out, ...numbers] = process.argv.slice(2);
const [rounds, waits, calls, taskMs, polls] = numbers.map(Number);
if (!out || ![rounds, waits, calls, taskMs, polls].every((n) => Number.isInteger(n) && n > 0)) {
  console.error("usage: node run.mjs BASE_URL OUT.json ROUNDS WAITS CALLS TASK_MS POLLS");
  process.exit(2);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
    // gc() before each memory sample, and heap sizes that are not rounded.
    "--js-flags=--expose-gc", "--enable-precise-memory-info"],
});
const version = browser.version();
let code = 1;
try {
  const page = await browser.newPage();
  page.on("pageerror", (e) => console.log(`[pageerror] ${e.message}`));
  page.on("console", (m) => m.type() === "error" && console.log(`[console.error] ${m.text()}`));
  await page.goto(`${base.replace(/\/+$/, "")}/`);
  await page.waitForFunction(() => document.title === "ready", null, { timeout: 60_000 });
  const call = (fn, ...args) => page.evaluate(([fn, args]) => window.bench[fn](...args), [fn, args]);

  const { names, isolated, timerStepMs } = await call("setup");
  // Per-call medians are about 1.6 ms: they need the isolated page's 5 µs timer, not 100 µs.
  if (!isolated) throw new Error(`the harness page is not cross-origin isolated (timer step ${timerStepMs} ms): start the simulator with --isolated`);
  const keys = names.map((n) => n.key);
  const order = (round) => keys.map((_, i) => keys[(i + round) % keys.length]);
  const result = { config: { rounds, waits, calls, taskMs, polls, chromium: version, timerStepMs }, names, perCall: {}, moduleTime: {}, scale: {}, memory: {}, startup: {} };
  for (const k of keys) {
    result.perCall[k] = { getPairings: [], "createPairing+getTaskInfo": [] };
    result.scale[k] = { one: [], same: [], different: [] };
    result.startup[k] = { cold: [], cached: [] };
  }

  for (let round = 0; round < rounds; round++) {
    console.log(`round ${round + 1}/${rounds}: per-call cost`);
    for (const op of Object.keys(result.perCall[keys[0]])) {
      const times = await call("perCall", order(round), op, calls, Math.min(10, calls));
      for (const k of keys) result.perCall[k][op].push(times[k]);
      const inside = await call("moduleTime", op, calls);
      (result.moduleTime[op] ??= []).push(inside);
    }
  }
  for (let round = 0; round < rounds; round++) {
    for (const k of order(round)) {
      for (const kind of ["one", "same", "different"]) {
        const n = kind === "one" ? 1 : waits;
        const r = await call("scale", k, kind, n, taskMs);
        console.log(`round ${round + 1}/${rounds}: ${k} ${kind} x${n}: ${r.succeeded}/${r.waits} succeeded, ${r.gets} GETs, ${r.wallMs.toFixed(0)} ms, longest gap ${r.maxGapMs.toFixed(1)} ms${r.error ? `, error: ${r.error}` : ""}`);
        if (r.succeeded !== r.waits) throw new Error(`${k} ${kind}: ${r.waits - r.succeeded} of ${r.waits} waits did not succeed (${r.error})`);
        result.scale[k][kind].push(r);
      }
    }
  }
  for (const k of keys) {
    result.memory[k] = await call("memory", k, polls);
    console.log(`memory ${k}: ${JSON.stringify(result.memory[k])}`);
  }
  for (let round = 0; round < rounds; round++) {
    for (const k of order(round)) {
      result.startup[k].cold.push(await call("startup", k, "cold"));
      if (k === "ours") result.startup[k].cached.push(await call("startup", k, "cached"));
    }
  }
  console.log(`startup: ${JSON.stringify(result.startup)}`);
  writeFileSync(out, JSON.stringify(result, null, 1));
  code = 0;
} catch (e) {
  console.log(`bench failed: ${e.stack ?? e}`);
} finally {
  await browser.close();
}
process.exit(code);
