// Bundled from the npm package by esbuild, Vite and webpack, run in headless Chromium against
// the simulator (which serves this page). Reports through document.title: "PASS n/n" or "FAIL ...".
import init, { SrmClient, ReplicationClient, SiteRecoveryError, schedulerStats } from "siterecovery";

const results = [];
function check(name, ok, detail = "") {
  results.push({ name, ok, detail });
}

async function main() {
  await init();
  await fetch("/_sim/reset", { method: "POST" });
  await fetch("/_sim/config", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ task_duration_ms: 400 }) });
  const info = await (await fetch("/_sim/info")).json();
  const [a, b] = info.srm;

  const srm = await SrmClient.login({ baseUrl: a.url, username: a.username, password: a.password });
  const task = await srm.createPairing({
    pair_vc_guid: b.vc_guid,
    pair_psc_info: { url: b.psc.url, port: b.psc.port, thumbprint: b.psc.thumbprint, username: b.username, password: b.password },
    pair_srm_url: b.url, pair_srm_thumbprint: b.srm_thumbprint,
  });
  const seen = [];
  const done = await task.wait({ onProgress: (t) => seen.push(t.progress), minDelayMs: 20, maxDelayMs: 80 });
  check("the wait ends with the task createPairing returned", typeof task.id === "string" && done.id === task.id, `${task.id} -> ${done.id}`);
  check("createPairing task succeeds", done.state === "succeeded", done.state);
  check("progress reported", seen.length >= 2 && seen[seen.length - 1] === 100, JSON.stringify(seen));
  check("times are numbers", typeof done.startTime === "number" && typeof done.endTime === "number");
  const pairings = await srm.getPairings();
  check("pairing listed", pairings.list.length === 1);

  try {
    await srm.getPairing(42);
    check("bad input rejected", false);
  } catch (e) {
    check("bad input rejected", e instanceof SiteRecoveryError && e instanceof Error && e.kind === "validation" && e.field === "pairingId", `${e}`);
  }

  const [ra, rb] = info.replication;
  const va = await ReplicationClient.login({ baseUrl: ra.url, username: ra.username, password: ra.password });
  const vb = await ReplicationClient.login({ baseUrl: rb.url, username: rb.username, password: rb.password });
  const [ta, tb] = await ReplicationClient.pairSites(va, vb, { minDelayMs: 20, maxDelayMs: 80 });
  check("pairSites both succeeded", ta.state === "succeeded" && tb.state === "succeeded");
  // abort() called from inside the module (an onProgress callback, while the poll loop's
  // frames are live): the wait rejects as an AbortError, and the module goes on.
  const minted = await (await fetch("/_sim/tasks", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ site: "a", count: 1, duration_ms: 5000 }) })).json();
  const running = await srm.getTaskInfo(minted.ids[0]);
  const ctl = new AbortController();
  const aborted = await running.wait({ signal: ctl.signal, onProgress: () => ctl.abort(), minDelayMs: 20, maxDelayMs: 80 }).then(
    () => null,
    (e) => e,
  );
  check("abort from onProgress rejects the wait", aborted && aborted.name === "AbortError" && aborted.taskId === running.id, `${aborted && aborted.message}`);
  const again = await srm.getTaskInfo(minted.ids[0]);
  check("the module goes on after it", again.id === running.id && schedulerStats().pendingSleeps === 0, JSON.stringify(schedulerStats()));

  // The bundler left the module's exported stack pointer a WebAssembly.Global: the panic
  // guard can put it back (js/package.js `attach`).
  check("stack guard on", schedulerStats().stackGuard === true, JSON.stringify(schedulerStats()));
}

main()
  .catch((e) => check("no unexpected error", false, `${e && e.kind}: ${e && e.message}`))
  .finally(() => {
    const failed = results.filter((r) => !r.ok);
    document.getElementById("out").textContent = JSON.stringify(results, null, 2);
    document.title = failed.length ? `FAIL ${failed.map((f) => `${f.name} (${f.detail})`).join("; ")}` : `PASS ${results.length}/${results.length}`;
  });
