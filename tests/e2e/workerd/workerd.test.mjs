// The npm package in an edge runtime (issue 10.3): workerd, Cloudflare's Workers runtime (npm
// `workerd`, the binary inside the package), runs worker.js, which imports the web package's
// modules unchanged and reaches the simulator on 127.0.0.1 (the config's network service
// allows "local"). Each test starts its own workerd, so an isolate left in a bad state by one
// test cannot fail another.
// SIM_URL=http://127.0.0.1:PORT PKG_WEB=<pkg-web> WORKERD=<bin> WORK_DIR=<dir> node --test workerd.test.mjs
import test from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { checkPairing } from "../pairing/check.mjs";

const { SIM_URL, PKG_WEB, WORKERD, WORK_DIR } = process.env;
/** Must not be later than the workerd release (it refuses dates it does not know). */
const COMPATIBILITY_DATE = "2026-11-01";
const READY_TIMEOUT_MS = 30_000;

/** The Worker project in WORK_DIR, laid out as in tests/e2e: workerd/worker.js, the flow it
 *  shares with the browser test (pairing/flow.js), the package as it ships (siterecovery/),
 *  and config.capnp listing every module (each .js an ES module, the .wasm a Wasm module).
 *  Returns the config's path. */
function writeProject() {
  fs.rmSync(WORK_DIR, { recursive: true, force: true });
  const put = (from, to) => fs.cpSync(from, path.join(WORK_DIR, to), { recursive: true });
  put(new URL("worker.js", import.meta.url), "workerd/worker.js");
  put(new URL("../pairing/flow.js", import.meta.url), "pairing/flow.js");
  put(PKG_WEB, "siterecovery");
  const files = fs.readdirSync(WORK_DIR, { recursive: true }).map((f) => f.split(path.sep).join("/")).sort();
  // The main module comes first.
  const modules = ["workerd/worker.js", ...files.filter((f) => f !== "workerd/worker.js")].flatMap((name) => {
    if (name.endsWith(".js")) return [`(name = "${name}", esModule = embed "${name}")`];
    if (name.endsWith(".wasm")) return [`(name = "${name}", wasm = embed "${name}")`];
    return [];
  });
  const config = path.join(WORK_DIR, "config.capnp");
  fs.writeFileSync(config, `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    # The Worker's fetch() goes out through the service named "internet"; workerd's default one
    # allows public addresses only, and the simulator is on 127.0.0.1.
    (name = "internet", network = (allow = ["local"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:0", http = (), service = "main")],
);

const worker :Workerd.Worker = (
  modules = [
    ${modules.join(",\n    ")},
  ],
  bindings = [(name = "SIM_URL", fromEnvironment = "SIM_URL")],
  compatibilityDate = "${COMPATIBILITY_DATE}",
);
`);
  return config;
}

const CONFIG = writeProject();

/** A workerd serving the Worker on a free port (told on its control fd); `get(path)` answers
 *  the Worker's JSON and status, `stop()` ends it and returns what it logged. */
async function workerd(t) {
  const child = spawn(WORKERD, ["serve", CONFIG, "--control-fd=3"], { env: { ...process.env, SIM_URL }, stdio: ["ignore", "pipe", "pipe", "pipe"] });
  let log = "";
  child.stdout.on("data", (d) => (log += d));
  child.stderr.on("data", (d) => (log += d));
  const exited = new Promise((resolve) => child.on("exit", resolve));
  const stop = async () => {
    if (child.exitCode === null) child.kill();
    await exited;
    return log;
  };
  t.after(async () => {
    const text = await stop();
    if (text.trim()) t.diagnostic(`workerd said: ${text.trim().split("\n").map((l) => l.slice(0, 300)).join(" | ")}`);
  });
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`workerd did not listen within ${READY_TIMEOUT_MS} ms: ${log}`)), READY_TIMEOUT_MS);
    child.on("exit", (code) => reject(new Error(`workerd exited (${code}): ${log}`)));
    readline.createInterface({ input: child.stdio[3] }).on("line", (line) => {
      const m = JSON.parse(line);
      if (m.event === "listen" && m.socket === "http") {
        clearTimeout(timer);
        resolve(m.port);
      }
    });
  });
  const get = async (p) => {
    const r = await fetch(`http://127.0.0.1:${port}${p}`, { signal: AbortSignal.timeout(60_000) });
    const text = await r.text();
    let body;
    try {
      body = JSON.parse(text);
    } catch {
      body = { fatal: `HTTP ${r.status}, not JSON: ${text.slice(0, 200)}` };
    }
    return { status: r.status, body };
  };
  return { get };
}

test("a Worker logs in to SRM, creates a pairing and waits for its task", async (t) => {
  const { get } = await workerd(t);
  const { status, body } = await get("/pair");
  assert.equal(status, 200, body.fatal);
  t.diagnostic(await checkPairing(body, SIM_URL));
});

test("a Worker pairs the two replication appliances (a task on each, both waited for)", async (t) => {
  const { get } = await workerd(t);
  const { status, body: r } = await get("/pair-sites");
  assert.equal(status, 200, r.fatal);
  assert.equal(r.tasks.length, 2);
  assert.deepEqual(r.tasks.map((x) => x.state), ["succeeded", "succeeded"]);
  assert.notEqual(r.tasks[0].id, r.tasks[1].id);
});

test("a wait with the default backoff (500 ms to 5 s, full jitter)", async (t) => {
  const { get } = await workerd(t);
  const { status, body: r } = await get("/wait?ms=700");
  assert.equal(status, 200, r.fatal);
  assert.equal(r.state, "succeeded");
  assert.equal(r.scheduler.pendingSleeps, 0);
});

// workerd ties each setTimeout to the request that set it and drops it, unfired, when that
// request has answered. The package's timers (crates/siterecovery-wasm/src/timer.rs) are shared
// between calls elsewhere; here every sleep has its own, and a time slice whose end may have
// died with an earlier request is ended by a timer of the current one. Without that, a wait
// after or beside another request's hung and workerd cancelled the request ("...your Worker's
// code had hung and would never generate a response"): these three cases.
test("requests one right after the other each wait for their task", async (t) => {
  const { get } = await workerd(t);
  for (const ms of [300, 300, 300]) {
    const { status, body: r } = await get(`/wait?ms=${ms}`);
    assert.equal(status, 200, r.fatal);
    assert.equal(r.state, "succeeded");
  }
});

test("a wait left running when its request answers does not stop a later request's wait", async (t) => {
  const { get } = await workerd(t);
  const started = await get("/start?ms=3000");
  assert.equal(started.status, 200, started.body.fatal);
  await new Promise((resolve) => setTimeout(resolve, 200)); // past the time slice's 50 ms
  const { status, body: r } = await get("/wait?ms=300");
  assert.equal(status, 200, r.fatal);
  assert.equal(r.state, "succeeded");
});

test("overlapping requests each wait for their own task", async (t) => {
  const { get } = await workerd(t);
  const short = get("/wait?ms=600");
  await new Promise((resolve) => setTimeout(resolve, 100));
  const long = get("/wait?ms=2500");
  for (const { status, body: r } of await Promise.all([short, long])) {
    assert.equal(status, 200, r.fatal);
    assert.equal(r.state, "succeeded");
  }
});
