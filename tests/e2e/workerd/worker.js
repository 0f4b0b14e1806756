// A Cloudflare Worker (module syntax) that uses the npm package (web target), unchanged: its
// modules are listed one by one in the workerd config that workerd.test.mjs writes (the
// package under siterecovery/, beside this file's folder), the wasm as a Wasm module handed to
// init(). SIM_URL (the simulator) comes from the environment. Routes (each answers JSON,
// `{ fatal }` with status 500 on an error):
//   /pair        ../pairing/flow.js: log in to SRM site A, pair it with site B, wait for the task
//   /pair-sites  log in to both replication appliances and pair them (a task on each)
//   /wait?ms=N   a task of N ms minted by the simulator, waited for
//   /start?ms=N  the same, but answer at once and leave the wait running
import init, * as siterecovery from "../siterecovery/index.js";
import wasm from "../siterecovery/siterecovery_bg.wasm";
import { pairAndWait } from "../pairing/flow.js";

const { SrmClient, ReplicationClient, schedulerStats } = siterecovery;

const fast = { minDelayMs: 20, maxDelayMs: 100, timeoutMs: 30_000 };

async function sim(env, path, body) {
  const r = await fetch(`${env.SIM_URL}/_sim/${path}`, body === undefined ? {} : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!r.ok) throw new Error(`simulator ${path}: HTTP ${r.status}`);
  return r.json();
}

async function srmSiteA(env) {
  const [a] = (await sim(env, "info")).srm;
  return SrmClient.login({ baseUrl: a.url, username: a.username, password: a.password });
}

async function pair(env) {
  return pairAndWait(siterecovery, await sim(env, "reset", {}), fast);
}

async function pairSites(env) {
  await sim(env, "reset", {});
  const login = (v) => ReplicationClient.login({ baseUrl: v.url, username: v.username, password: v.password });
  const [va, vb] = await Promise.all((await sim(env, "info")).replication.map(login));
  const tasks = await ReplicationClient.pairSites(va, vb, fast);
  return { tasks: tasks.map((t) => ({ id: t.id, state: t.state })) };
}

async function mintedTask(env, ms, waitForIt) {
  const srm = await srmSiteA(env);
  const { ids } = await sim(env, "tasks", { site: "a", count: 1, duration_ms: ms });
  const task = await srm.getTaskInfo(ids[0]);
  if (!waitForIt) {
    task.wait().catch(() => {});
    return { id: task.id, state: task.state, scheduler: schedulerStats() };
  }
  const done = await task.wait({ timeoutMs: 30_000 });
  return { id: done.id, state: done.state, scheduler: schedulerStats() };
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const ms = Number(url.searchParams.get("ms") ?? 1000);
    try {
      await init({ module_or_path: wasm });
      const routes = { "/pair": () => pair(env), "/pair-sites": () => pairSites(env), "/wait": () => mintedTask(env, ms, true), "/start": () => mintedTask(env, ms, false) };
      const route = routes[url.pathname];
      if (!route) return Response.json({ fatal: `no route ${url.pathname}` }, { status: 404 });
      return Response.json(await route());
    } catch (e) {
      return Response.json({ fatal: `${e?.kind ?? "error"}: ${e?.message ?? e}`, stack: e?.stack }, { status: 500 });
    }
  },
};
