// The in-page half of the benchmark: one function per figure, each measuring one
// implementation once. ../run.mjs calls them through `window.bench`, interleaving the
// implementations round by round, and does the statistics. Every implementation is an
// adapter with the same interface (ours.js; ../peers/*): connect, getPairings,
// createPairing, getTaskInfo, waitTask.
import * as ours from "./ours.js";

const IMPLS = {
  ours: { url: null, load: async () => ours },
  heyapi: { url: "/peers/heyapi.js" },
  "openapi-fetch": { url: "/peers/openapi-fetch.js" },
  fetch: { url: "/peers/fetch.js" },
};
const modules = {};
const clients = {};
let sim;

async function admin(path, body, method = body === undefined ? "GET" : "POST") {
  const init = { method };
  if (body !== undefined) Object.assign(init, { headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const r = await fetch(`/_sim/${path}`, init);
  if (!r.ok) throw new Error(`simulator ${method} ${path}: HTTP ${r.status} ${await r.text()}`);
  return r.status === 204 ? undefined : r.json();
}

async function module(name) {
  const impl = IMPLS[name];
  if (!impl) throw new Error(`unknown implementation ${name}`);
  modules[name] ??= impl.url ? await import(impl.url) : await impl.load();
  return modules[name];
}

/** A logged-in client of `name` for SRM site A (one per implementation, reused). */
async function client(name) {
  clients[name] ??= await (await module(name)).connect({
    baseUrl: sim.srm[0].url,
    username: sim.srm[0].username,
    password: sim.srm[0].password,
    intervalMs: PEER_INTERVAL_MS,
  });
  return clients[name];
}

/** Fixed poll interval of the peers' waits (ours backs off 500 ms -> 5 s with full jitter). */
const PEER_INTERVAL_MS = 1000;

function pairingSpec() {
  const b = sim.srm[1];
  return {
    pair_vc_guid: b.vc_guid,
    pair_psc_info: { url: b.psc.url, port: b.psc.port, thumbprint: b.psc.thumbprint, username: b.username, password: b.password },
  };
}

/** Fresh simulator state with exactly one pairing; logs every implementation in again. */
async function setup() {
  sim = await admin("reset", {});
  await admin("config", { task_duration_ms: 0 });
  for (const k of Object.keys(clients)) delete clients[k];
  const fetchPeer = await client("fetch");
  const taskId = await fetchPeer.createPairing(pairingSpec());
  const done = await fetchPeer.getTaskInfo(taskId);
  if (done.status !== "SUCCESS") throw new Error(`setup pairing ended ${done.status}`);
  const pairings = await fetchPeer.getPairings();
  if (pairings.length !== 1) throw new Error(`setup: ${pairings.length} pairings, want 1`);
  const names = [];
  for (const name of Object.keys(IMPLS)) {
    await client(name);
    names.push({ key: name, name: (await module(name)).info.name });
  }
  return { names, chromium: navigator.userAgent, isolated: self.crossOriginIsolated === true, timerStepMs: timerStep() };
}

/** The smallest step `performance.now()` takes: 0.1 ms on a page that is not cross-origin
 * isolated, 0.005 ms on one that is (the simulator's `--isolated`). */
function timerStep() {
  let step = Infinity;
  for (let i = 0, last = performance.now(); i < 20 && step > 0.001; ) {
    const now = performance.now();
    if (now !== last) {
      step = Math.min(step, now - last);
      last = now;
      i++;
    }
  }
  return step;
}

// ---- figure 2: per-call cost ---------------------------------------------------------------

const OPS = {
  getPairings: async (c) => {
    const list = await c.getPairings();
    if (list.length !== 1) throw new Error(`getPairings: ${list.length} items, want 1`);
  },
  "createPairing+getTaskInfo": async (c) => {
    const id = await c.createPairing(pairingSpec());
    const task = await c.getTaskInfo(id);
    if (task.id !== id) throw new Error(`getTaskInfo answered task ${task.id}, want ${id}`);
  },
};

/** Milliseconds of `n` calls of `op` (after `warm` unmeasured ones) by each implementation of
 * `names`, interleaved call by call (in the order given), so that every implementation meets
 * the same moments of the machine: a burst of other work slows them all, not the one whose
 * block it fell in. */
async function perCall(names, op, n, warm) {
  const cs = [];
  for (const name of names) cs.push(await client(name));
  const call = OPS[op];
  for (let i = 0; i < warm; i++) for (const c of cs) await call(c);
  const times = names.map(() => []);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < cs.length; j++) {
      const t0 = performance.now();
      await call(cs[j]);
      times[j].push(performance.now() - t0);
    }
  }
  return Object.fromEntries(names.map((name, j) => [name, times[j]]));
}

/**
 * Ours only: the microseconds each call of `op` spends inside the module (its two synchronous
 * steps, `__prepare` and `__settle`: src/call.rs), over `n` calls; then the same steps back to
 * back, `n` times, with the answers the calls got (no network): what the same work costs when
 * the engine and the CPU caches are warm. The difference says how much of the per-call figure
 * is the module's own work, and how much of that is the coldness of a call that follows a
 * network wait.
 */
async function moduleTime(op, n) {
  const c = await client("ours");
  const srm = c.srm;
  const proto = Object.getPrototypeOf(srm);
  const now = performance.now.bind(performance);
  let spent = 0;
  const steps = [];
  // Own properties shadow the class's methods for this instance only, and only here.
  srm.__prepare = function (operation, args) {
    const t0 = now();
    const request = proto.__prepare.call(this, operation, args);
    spent += now() - t0;
    if (Array.isArray(request)) steps.push({ operation, args });
    return request;
  };
  srm.__settle = function (number, answered, value) {
    const t0 = now();
    try {
      return proto.__settle.call(this, number, answered, value);
    } finally {
      spent += now() - t0;
      if (answered && steps.length && !steps[steps.length - 1].answer) steps[steps.length - 1].answer = value;
    }
  };
  const inCall = [];
  try {
    for (let i = 0; i < n; i++) {
      spent = 0;
      steps.length = 0;
      await OPS[op](c);
      inCall.push(spent * 1000);
    }
  } finally {
    delete srm.__prepare;
    delete srm.__settle;
  }
  const sequence = steps.map((s) => ({ ...s }));
  if (!sequence.every((s) => s.answer)) throw new Error(`moduleTime ${op}: a step got no answer`);
  const hot = [];
  let slice = now();
  for (let i = 0; hot.length < n; i++) {
    if (i >= 2 * n) throw new Error(`moduleTime ${op}: calls held for a later turn again and again`);
    // A macrotask every 2 ms: the back-to-back steps stay inside one stretch of the main
    // thread (src/timer.rs: 8 ms), which would otherwise hold a call back for a later one.
    if (now() - slice > 2) {
      await new Promise((r) => setTimeout(r, 0));
      slice = now();
    }
    const t0 = now();
    let held = false;
    for (const s of sequence) {
      const request = srm.__prepare(s.operation, s.args);
      // Held all the same (a pause, such as a garbage collection, used the stretch up): that
      // call goes out for real, and this round is left out.
      if (!Array.isArray(request)) {
        held = true;
        await request.catch(() => {});
        break;
      }
      srm.__settle(request.pop(), true, s.answer);
    }
    if (!held) hot.push((now() - t0) * 1000);
  }
  return { inCall, hot, ...(await withoutSteps(op, n, sequence.length)) };
}

/**
 * Ours with the module's two steps replaced by what they gave in a real call (the request it
 * built, the result it made), beside the floor and ours, call by call: what the package's JS
 * and its fetch cost without the module's work. A second client of ours, so that the first
 * keeps its shape.
 */
async function withoutSteps(op, n, steps) {
  const real = await client("ours");
  const floor = await client("fetch");
  const stubbed = await (await module("ours")).connect({ baseUrl: sim.srm[0].url, username: sim.srm[0].username, password: sim.srm[0].password });
  const srm = stubbed.srm;
  const proto = Object.getPrototypeOf(srm);
  const recorded = [];
  srm.__prepare = function (operation, args) {
    const request = proto.__prepare.call(this, operation, args);
    if (!Array.isArray(request)) throw new Error(`withoutSteps ${op}: a call was held for a later turn`);
    recorded.push({ request: request.map((part) => (Array.isArray(part) ? [...part] : part)) });
    return request;
  };
  srm.__settle = function (number, answered, value) {
    const result = proto.__settle.call(this, number, answered, value);
    recorded[recorded.length - 1].result = result;
    return result;
  };
  await OPS[op](stubbed);
  if (recorded.length !== steps || !recorded.every((r) => "result" in r)) throw new Error(`withoutSteps ${op}: recorded ${recorded.length} steps, want ${steps}`);
  let step = 0;
  srm.__prepare = () => recorded[step].request.map((part) => (Array.isArray(part) ? [...part] : part));
  srm.__settle = (number, answered, value) => {
    if (!answered) throw value;
    return recorded[step++ % steps].result;
  };
  const times = { floor: [], ours: [], stubbed: [] };
  const clients = { floor, ours: real, stubbed };
  const order = Object.keys(times);
  for (let i = 0; i < n; i++) {
    step = 0;
    for (let j = 0; j < order.length; j++) {
      const k = order[(i + j) % order.length];
      const t0 = performance.now();
      await OPS[op](clients[k]);
      times[k].push((performance.now() - t0) * 1000);
    }
  }
  return { withoutSteps: times };
}

// ---- figure 3: waiting at scale ------------------------------------------------------------

/** The longest gap between `setTimeout(0)` ticks and the longest Long Task while it runs. */
function mainThreadWatch() {
  let last = performance.now();
  let maxGap = 0;
  let running = true;
  const tick = () => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last);
    last = now;
    if (running) setTimeout(tick, 0);
  };
  setTimeout(tick, 0);
  let longest = 0;
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longest = Math.max(longest, e.duration);
  });
  observer.observe({ type: "longtask" });
  return () => {
    running = false;
    for (const e of observer.takeRecords()) longest = Math.max(longest, e.duration);
    observer.disconnect();
    return { maxGapMs: maxGap, longestTaskMs: longest };
  };
}

async function taskGets() {
  const log = await admin("requests");
  return log.filter((r) => r.method === "GET" && r.path.includes("/tasks/")).length;
}

/**
 * `kind`: "one" (1 wait on a new task), "same" (n waits on one task), "different" (n waits,
 * each on its own task). Tasks run `durationMs`. Counts the task GETs at the simulator.
 */
async function scale(name, kind, n, durationMs) {
  const c = await client(name);
  const count = kind === "different" ? n : 1;
  const { ids } = await admin("tasks", { site: "a", count, duration_ms: durationMs });
  const targets = kind === "one" ? ids : kind === "same" ? Array(n).fill(ids[0]) : ids;
  await admin("requests", undefined, "DELETE");
  // The garbage of the implementation measured before (thousands of fetches) is collected
  // now, not during this one's figure: gc(), a macrotask for finalizers, gc(). Then another
  // macrotask: the task that ran gc() is itself a Long Task, and must end before the watch.
  const pause = () => new Promise((r) => setTimeout(r, 50));
  globalThis.gc?.();
  await pause();
  globalThis.gc?.();
  await pause();
  const stop = mainThreadWatch();
  const t0 = performance.now();
  const settled = await Promise.allSettled(targets.map((id) => c.waitTask(id)));
  const wallMs = performance.now() - t0;
  const thread = stop();
  const succeeded = settled.filter((s) => s.status === "fulfilled" && s.value === "SUCCESS").length;
  const firstError = settled.find((s) => s.status === "rejected")?.reason;
  return {
    waits: targets.length,
    succeeded,
    error: firstError ? String(firstError.message ?? firstError) : null,
    gets: await taskGets(),
    wallMs,
    ...thread,
  };
}

/** Heap and (ours) wasm memory before and after `polls` GETs of one finished task. */
async function memory(name, polls, lanes = 4) {
  const c = await client(name);
  const { ids } = await admin("tasks", { site: "a", count: 1, duration_ms: 0 });
  // Ours polls through a Task handle's refresh(); peers through their getTaskInfo.
  const handle = name === "ours" ? await c.srm.getTaskInfo(ids[0]) : null;
  const poll = handle ? () => handle.refresh() : () => c.getTaskInfo(ids[0]);
  for (let i = 0; i < 100; i++) await poll();
  // gc(), then a macrotask for FinalizationRegistry callbacks (wasm-bindgen frees the Rust
  // side of collected handles there), then gc() again.
  const sample = async () => {
    globalThis.gc?.();
    await new Promise((r) => setTimeout(r, 50));
    globalThis.gc?.();
    return { heap: performance.memory?.usedJSHeapSize ?? null, wasm: name === "ours" ? ours.wasmMemoryBytes() : null };
  };
  const before = await sample();
  const lane = async (k) => {
    for (let i = k; i < polls; i += lanes) await poll();
  };
  await Promise.all(Array.from({ length: lanes }, (_, k) => lane(k)));
  const after = await sample();
  return { polls, before, after };
}

// ---- figure 4: start-up --------------------------------------------------------------------

let compiled;
let fresh = 0;
/**
 * "cold": fetch + compile + instantiate + init of our module (or a peer's module evaluation),
 * from URLs never loaded before. "cached": instantiate + init from an already compiled
 * WebAssembly.Module, the package module already evaluated (ours only).
 */
async function startup(name, mode) {
  const r = `${Date.now()}-${fresh++}`;
  if (name !== "ours") {
    const t0 = performance.now();
    await import(`${IMPLS[name].url}?r=${r}`);
    return performance.now() - t0;
  }
  if (mode === "cold") {
    const t0 = performance.now();
    const glue = await import(`/pkg/index.js?r=${r}`);
    await glue.default({ module_or_path: `/pkg/siterecovery_bg.wasm?r=${r}` });
    return performance.now() - t0;
  }
  compiled ??= await WebAssembly.compileStreaming(fetch("/pkg/siterecovery_bg.wasm"));
  const glue = await import(`/pkg/index.js?r=${r}`);
  const t0 = performance.now();
  await glue.default({ module_or_path: compiled });
  return performance.now() - t0;
}

window.bench = { setup, perCall, moduleTime, scale, memory, startup };
document.title = "ready";
