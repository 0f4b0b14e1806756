// 1000 concurrent `task.wait()` on 1000 different tasks through the npm package, in a browser
// (issue 9.10). Served by the simulator (`--web tests/e2e/load --pkg <pkg-web>`, under its
// Content-Security-Policy) and driven by run.mjs, which reads `window.loadResult` and judges
// it. Query: `n` waits (default 1000) on tasks of `ms` milliseconds (default 5000), given up
// after `deadline` ms (default 60000): a wait still running then is reported as stuck.
import init, { SrmClient, schedulerStats } from "/pkg/index.js";

const query = new URLSearchParams(location.search);
const number = (name, fallback) => Number(query.get(name) ?? fallback);
const N = number("n", 1000);
const TASK_MS = number("ms", 5000);
const DEADLINE_MS = number("deadline", 60_000);

const violations = [];
document.addEventListener("securitypolicyviolation", (e) => violations.push(`${e.effectiveDirective} blocked ${e.blockedURI || "inline"}`));

async function admin(path, body, method = body === undefined ? "GET" : "POST") {
  const init = { method };
  if (body !== undefined) Object.assign(init, { headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const r = await fetch(`/_sim/${path}`, init);
  if (!r.ok) throw new Error(`simulator ${method} ${path}: HTTP ${r.status}`);
  return r.status === 204 ? null : r.json();
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function run() {
  await init();
  const info = await admin("reset", {});
  const site = info.srm[0];
  const srm = await SrmClient.login({ baseUrl: site.url, username: site.username, password: site.password });
  const { ids } = await admin("tasks", { site: "a", count: N, duration_ms: TASK_MS });
  await admin("requests", undefined, "DELETE");

  // Every wait starts at once: fetch the task (a Task handle), then wait for it to end.
  const running = new Set(ids);
  const ended = new Map(); // id -> [id of the handle, id the wait resolved with, state] | [error]
  let polling = 0; // waits that began on a task still running, so had to poll
  let fetched = 0; // ms until the last handle was there
  const started = performance.now();
  const waits = ids.map(async (id) => {
    try {
      const task = await srm.getTaskInfo(id);
      fetched = performance.now() - started;
      if (task.state === "queued" || task.state === "running") polling++;
      const done = await task.wait();
      ended.set(id, [task.id, done?.id, done?.state]);
    } catch (e) {
      ended.set(id, [`${e?.kind ?? "error"}: ${e?.message ?? e}`]);
    } finally {
      running.delete(id);
    }
  });
  const allEnded = await Promise.race([Promise.all(waits).then(() => true), sleep(DEADLINE_MS).then(() => false)]);
  const wallMs = performance.now() - started;

  const gets = new Map(ids.map((id) => [id, 0]));
  for (const r of await admin("requests")) {
    const id = r.method === "GET" && r.path.split("/tasks/")[1];
    if (id && gets.has(id)) gets.set(id, gets.get(id) + 1);
  }
  return {
    userAgent: navigator.userAgent,
    n: N,
    taskMs: TASK_MS,
    deadlineMs: DEADLINE_MS,
    allEnded,
    wallMs,
    fetchedMs: fetched,
    polling,
    ids,
    ended: ids.filter((id) => ended.has(id)).map((id) => [id, ...ended.get(id)]),
    stuck: [...running],
    getsPerTask: ids.map((id) => gets.get(id)),
    scheduler: schedulerStats(),
    violations,
  };
}

const status = document.getElementById("status");
run().then(
  (result) => {
    window.loadResult = result;
    status.textContent = `done: ${result.ended.length} of ${result.n} waits ended in ${Math.round(result.wallMs)} ms`;
  },
  (e) => {
    window.loadResult = { fatal: String(e?.stack ?? e), violations };
    status.textContent = `failed: ${e}`;
  },
);
