// Runs every bundled peer (OUT_DIR/peers/*.js from build-peers.mjs) in Node against a running
// simulator, so a benchmark never measures a peer that does not work.
//
//   node crates/xtask/bench/peers-check.mjs OUT_DIR SIM_BASE_URL
//
// Resets the simulator before each peer. Prints ok/FAIL per check and `peers check: N passed,
// M failed`; exits 0 only when every check passed.
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const PEERS = ["heyapi", "openapi-fetch", "fetch"];
const INTERVAL_MS = 100; // the peers' poll interval here (the benchmark uses 1000)
const TASK_MS = 300; // how long the simulator's tasks run here
const SAME_TASK_WAITS = 20;

const [outArg, simArg] = process.argv.slice(2);
if (!outArg || !simArg) {
  console.error("usage: node crates/xtask/bench/peers-check.mjs OUT_DIR SIM_BASE_URL");
  process.exit(2);
}
const sim = simArg.replace(/\/+$/, "");

async function admin(path, body, method = body === undefined ? "GET" : "POST") {
  const init = { method };
  if (body !== undefined) Object.assign(init, { headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const r = await fetch(`${sim}/_sim/${path}`, init);
  if (!r.ok) throw new Error(`simulator ${method} /_sim/${path}: HTTP ${r.status} ${await r.text()}`);
  return r.status === 204 ? undefined : r.json();
}
const taskGets = async () => (await admin("requests")).filter((r) => r.method === "GET" && r.path.includes("/tasks/")).length;

function assert(cond, message) {
  if (!cond) throw new Error(message);
}
async function rejects(promise, what) {
  try {
    await promise;
  } catch (e) {
    assert(e instanceof Error, `${what} rejected with a non-Error: ${String(e)}`);
    return e;
  }
  throw new Error(`${what} resolved; want a rejection`);
}

let passed = 0;
let failed = 0;
async function check(peer, name, fn) {
  try {
    const note = await fn();
    passed++;
    console.log(`ok   ${peer}: ${name}${note ? ` (${note})` : ""}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${peer}: ${name}: ${e?.message ?? e}`);
  }
}

for (const name of PEERS) {
  const info = await admin("reset", {});
  await admin("config", { task_duration_ms: TASK_MS });
  const a = info.srm[0];
  const b = info.srm[1];
  const spec = {
    pair_vc_guid: b.vc_guid,
    pair_psc_info: { url: b.psc.url, port: b.psc.port, thumbprint: b.psc.thumbprint, username: b.username, password: b.password },
  };
  const login = { baseUrl: a.url, username: a.username, password: a.password, intervalMs: INTERVAL_MS };

  let peer;
  await check(name, "import", async () => {
    peer = await import(pathToFileURL(resolve(outArg, "peers", `${name}.js`)).href);
    assert(typeof peer.info?.name === "string" && peer.info.name, "info.name is missing");
    assert(typeof peer.connect === "function", "connect is not a function");
    return peer.info.name;
  });
  if (!peer) continue;

  await check(name, "invalid login rejects", async () => {
    const e = await rejects(peer.connect({ ...login, password: "wrong" }), "connect with a wrong password");
    return e.message.slice(0, 60);
  });

  let c;
  await check(name, "connect", async () => {
    c = await peer.connect(login);
    for (const m of ["getPairings", "createPairing", "getTaskInfo", "waitTask"]) assert(typeof c[m] === "function", `no ${m}`);
  });
  if (!c) continue;

  await check(name, "getPairings (none yet)", async () => {
    const list = await c.getPairings();
    assert(Array.isArray(list) && list.length === 0, `got ${JSON.stringify(list)}, want []`);
  });

  let taskId;
  await check(name, "createPairing", async () => {
    taskId = await c.createPairing(spec);
    assert(typeof taskId === "string" && taskId.length > 0, `task id ${JSON.stringify(taskId)}`);
    return taskId;
  });

  let pairingId;
  await check(name, "getTaskInfo", async () => {
    const t = await c.getTaskInfo(taskId);
    assert(t.id === taskId, `task ${t.id}, want ${taskId}`);
    assert(["QUEUED", "RUNNING"].includes(t.status), `status ${t.status}, want QUEUED or RUNNING (task runs ${TASK_MS} ms)`);
    assert(Number.isInteger(t.progress) && t.progress >= 0 && t.progress <= 100, `progress ${t.progress}`);
    pairingId = t.entity;
    return `${t.status} ${t.progress}%`;
  });

  await check(name, "waitTask -> SUCCESS, polling every intervalMs", async () => {
    await admin("requests", undefined, "DELETE");
    const t0 = performance.now();
    const status = await c.waitTask(taskId);
    const ms = performance.now() - t0;
    const gets = await taskGets();
    assert(status === "SUCCESS", `resolved ${JSON.stringify(status)}, want "SUCCESS"`);
    // One GET at once, then one per interval: never more than that, and the task was still
    // running at the start, so at least two.
    assert(gets >= 2 && gets <= Math.floor(ms / INTERVAL_MS) + 1, `${gets} task GETs in ${ms.toFixed(0)} ms`);
    return `${gets} GETs in ${ms.toFixed(0)} ms`;
  });

  await check(name, "getPairings (exactly the new one)", async () => {
    const list = await c.getPairings();
    assert(list.length === 1, `${list.length} pairings, want 1`);
    assert(list[0].pairing_id === pairingId, `pairing ${list[0].pairing_id}, want ${pairingId} (the task's entity)`);
    assert(list[0].remote_vc_server?.id === b.vc_guid, `remote vc ${list[0].remote_vc_server?.id}, want ${b.vc_guid}`);
  });

  await check(name, "second createPairing -> waitTask ERROR", async () => {
    const status = await c.waitTask(await c.createPairing(spec));
    assert(status === "ERROR", `resolved ${JSON.stringify(status)}, want "ERROR"`);
  });

  await check(name, "getTaskInfo of an unknown task rejects", async () => {
    await rejects(c.getTaskInfo("no-such-task"), "getTaskInfo('no-such-task')");
  });

  // Only the hey-api peer validates (zod, in its generated SDK); the others trust the server.
  const validates = name === "heyapi";

  await check(name, `createPairing with an invalid spec rejects${validates ? " before sending" : ""}`, async () => {
    await admin("requests", undefined, "DELETE");
    await rejects(c.createPairing({ pair_vc_guid: 42 }), "createPairing({pair_vc_guid: 42})");
    const posts = (await admin("requests")).filter((r) => r.method === "POST" && r.path.endsWith("/pairings"));
    assert(posts.length === (validates ? 0 : 1), `${posts.length} POST /pairings reached the simulator`);
  });

  await check(name, `a task off the spec (status "BOGUS") ${validates ? "rejects" : "passes through"}`, async () => {
    const body = { id: "t-bogus", status: "BOGUS", progress: 5 };
    await admin("faults", { method: "GET", path: "/tasks/t-bogus", kind: "status", status: 200, body });
    const got = c.getTaskInfo("t-bogus");
    if (validates) await rejects(got, "getTaskInfo of a BOGUS task");
    else assert((await got).status === "BOGUS", "status was not passed through");
  });

  await check(name, "a 200 that is not JSON rejects", async () => {
    await admin("faults", { method: "GET", path: "/pairings", kind: "malformed" });
    await rejects(c.getPairings(), "getPairings of a malformed body");
  });

  await check(name, `${SAME_TASK_WAITS} concurrent waitTask on one task poll independently`, async () => {
    const { ids } = await admin("tasks", { site: "a", count: 1, duration_ms: TASK_MS });
    await admin("requests", undefined, "DELETE");
    const all = await Promise.all(Array.from({ length: SAME_TASK_WAITS }, () => c.waitTask(ids[0])));
    const gets = await taskGets();
    assert(all.every((s) => s === "SUCCESS"), `resolved ${JSON.stringify([...new Set(all)])}`);
    assert(gets >= 2 * SAME_TASK_WAITS, `${gets} task GETs, want >= ${2 * SAME_TASK_WAITS} (2 per waiter at least)`);
    return `${gets} GETs`;
  });
}

console.log(`peers check: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
