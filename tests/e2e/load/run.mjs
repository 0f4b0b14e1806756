// Load in the browser (issue 9.10): opens load.js's page in headless Chromium and headless
// Firefox through their WebDriver servers (chromedriver, geckodriver: the same drivers the
// wasm-bindgen tests use) and judges what it publishes: every one of the 1000 waits on 1000
// different tasks ended within the deadline (none stuck), each with its own task, succeeded
// (none lost, none mixed up), the package's timer has no sleep left, and the page met no
// Content-Security-Policy violation. Prints the run time and the task GETs per task.
// Usage: node run.mjs BASE_URL [N] [TASK_MS]. Closing line: `browser load: N passed, M failed`.
import { spawn } from "node:child_process";
import net from "node:net";

const [baseArg, nArg = "1000", msArg = "5000"] = process.argv.slice(2);
if (!baseArg) {
  console.error("usage: node run.mjs BASE_URL [N] [TASK_MS]");
  process.exit(2);
}
const base = baseArg.replace(/\/+$/, "");
const N = Number(nArg);
const TASK_MS = Number(msArg);
const DEADLINE_MS = 60_000; // in the page: a wait not ended by then is stuck
const RESULT_TIMEOUT_MS = DEADLINE_MS + 60_000; // here: the page published nothing

const BROWSERS = [
  {
    name: "chromium",
    driver: [process.env.CHROMEDRIVER || "chromedriver", (port) => [`--port=${port}`]],
    capabilities: {
      browserName: "chrome",
      "goog:chromeOptions": {
        binary: process.env.CHROMIUM || "/usr/bin/chromium",
        args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
          "--disable-background-networking", "--disable-component-update", "--disable-sync"],
      },
    },
  },
  {
    name: "firefox",
    driver: [process.env.GECKODRIVER || "geckodriver", (port) => ["--port", String(port)]],
    capabilities: {
      browserName: "firefox",
      "moz:firefoxOptions": {
        ...(process.env.FIREFOX ? { binary: process.env.FIREFOX } : {}),
        args: ["-headless"],
        prefs: { "network.proxy.type": 0, "app.update.enabled": false, "browser.shell.checkDefaultBrowser": false },
      },
    },
  },
];

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** A WebDriver session (W3C protocol over fetch); `close()` ends it and its driver. */
async function session({ driver: [binary, args], capabilities }) {
  const port = await freePort();
  const child = spawn(binary, args(port), { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr = (stderr + d).slice(-2000)));
  const exited = new Promise((resolve) => child.on("exit", resolve));
  const url = `http://127.0.0.1:${port}`;
  const call = async (method, path, body) => {
    const r = await fetch(`${url}${path}`, { method, headers: { "content-type": "application/json" }, body: body && JSON.stringify(body) });
    const { value } = await r.json();
    if (!r.ok) throw new Error(`${method} ${path}: ${value?.error}: ${String(value?.message).split("\n")[0]}`);
    return value;
  };
  const kill = async () => {
    if (child.exitCode === null) child.kill();
    await exited;
  };
  try {
    for (const end = Date.now() + 30_000; ; await sleep(100)) {
      if (child.exitCode !== null) throw new Error(`${binary} exited (${child.exitCode}): ${stderr}`);
      if (await fetch(`${url}/status`).then((r) => r.ok, () => false)) break;
      if (Date.now() > end) throw new Error(`${binary} did not answer within 30 s: ${stderr}`);
    }
    const { sessionId } = await call("POST", "/session", { capabilities: { alwaysMatch: capabilities } });
    const at = `/session/${sessionId}`;
    return {
      go: (to) => call("POST", `${at}/url`, { url: to }),
      run: (script) => call("POST", `${at}/execute/sync`, { script, args: [] }),
      close: async () => {
        await call("DELETE", at).catch(() => {});
        await kill();
      },
    };
  } catch (e) {
    await kill();
    throw e;
  }
}

function assert(cond, message) {
  if (!cond) throw new Error(message);
}

/** What the page published, judged; returns the line to print. */
function judge(r) {
  assert(!r.fatal, `the page failed: ${r.fatal}`);
  assert(r.violations.length === 0, `CSP violations: ${r.violations.join(" | ")}`);
  assert(r.ids.length === N && new Set(r.ids).size === N, `the simulator minted ${new Set(r.ids).size} distinct tasks, not ${N}`);
  assert(r.allEnded && r.stuck.length === 0, `${r.stuck.length} of ${N} waits still running after ${r.deadlineMs} ms (stuck), e.g. ${r.stuck.slice(0, 3).join(", ")}`);
  assert(r.ended.length === N, `${N - r.ended.length} waits ended without a result (lost)`);
  const seen = new Set();
  for (const [id, handleId, gotId, state] of r.ended) {
    assert(!seen.has(id), `the wait on ${id} ended twice`);
    seen.add(id);
    assert(gotId !== undefined, `the wait on ${id} failed: ${handleId}`);
    assert(handleId === id && gotId === id, `the wait on ${id} ended with task ${gotId} (handle ${handleId})`);
    assert(state === "succeeded", `the wait on ${id} ended ${state}`);
  }
  assert(r.scheduler.pendingSleeps === 0, `${r.scheduler.pendingSleeps} sleeps still pending in the package's timer`);
  const gets = r.getsPerTask;
  assert(gets.every((g) => g >= 1), "a task was never fetched");
  // Not a timing assertion: only that the wait loop ran at all (the tasks run far longer than
  // fetching them takes), else the test would prove nothing about waiting.
  assert(r.polling > 0, `every task had ended before its wait began (fetching the handles took ${Math.round(r.fetchedMs)} ms)`);
  const total = gets.reduce((a, b) => a + b, 0);
  return `${N} concurrent waits on ${N} tasks of ${r.taskMs} ms: all succeeded in ${(r.wallMs / 1000).toFixed(2)} s `
    + `(${r.polling} began on a running task; all handles fetched after ${(r.fetchedMs / 1000).toFixed(2)} s); `
    + `${total} task GETs, per task ${Math.min(...gets)}..${Math.max(...gets)}, mean ${(total / N).toFixed(2)}; `
    + `at most ${r.scheduler.maxPendingSleeps} sleeps pending on ${r.scheduler.timersCreated} native timers`;
}

let passed = 0;
let failed = 0;
for (const browser of BROWSERS) {
  const t0 = Date.now();
  let wd;
  try {
    wd = await session(browser);
    await wd.go(`${base}/?n=${N}&ms=${TASK_MS}&deadline=${DEADLINE_MS}`);
    let result = null;
    for (const end = Date.now() + RESULT_TIMEOUT_MS; !result; await sleep(250)) {
      result = await wd.run("return window.loadResult ?? null;");
      if (!result && Date.now() > end) throw new Error(`the page published no result within ${RESULT_TIMEOUT_MS / 1000} s`);
    }
    const line = judge(result);
    passed++;
    console.log(`ok   ${browser.name}: ${line} (${Date.now() - t0} ms)`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${browser.name} (${Date.now() - t0} ms) — ${e.message}`);
  } finally {
    await wd?.close();
  }
}
console.log(`browser load: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
