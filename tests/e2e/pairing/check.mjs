// Judges, in Node, what pairing/flow.js reported from a runtime, and asks the simulator itself
// (plain fetch, not the package) for the task's state.
function assert(cond, message) {
  if (!cond) throw new Error(message);
}

/** Throws on anything wrong with `r` (flow.js's result); returns a line that sums it up. */
export async function checkPairing(r, simUrl) {
  assert(typeof r.createdId === "string" && r.createdId.length > 0, `createPairing gave no task id: ${r.createdId}`);
  assert(r.createdState === "queued" || r.createdState === "running", `the task had already ended when created (${r.createdState}): nothing was waited for`);
  assert(r.id === r.createdId, `the wait ended with task ${r.id}, not ${r.createdId}`);
  assert(r.state === "succeeded", `the task ended ${r.state}`);
  assert(r.progress.length >= 2 && r.progress.at(-1) === 100, `progress seen: ${JSON.stringify(r.progress)}`);
  assert(typeof r.startTime === "number" && typeof r.endTime === "number" && r.endTime >= r.startTime, `times ${r.startTime}..${r.endTime}`);
  assert(r.pairings === 1, `${r.pairings} pairings listed after the task`);
  assert(r.badInput?.isError && r.badInput.kind === "validation" && r.badInput.field === "pairingId", `bad input: ${JSON.stringify(r.badInput)}`);
  const server = await srmTask(simUrl, r.createdId);
  assert(server.status === "SUCCESS", `the simulator has task ${r.createdId} as ${server.status}`);
  return `task ${r.createdId} succeeded after ${r.progress.length} progress reports (${r.progress.join(",")}); the simulator agrees`;
}

/** The SRM task `id` of site `site` ("a" or "b") as the simulator serves it. */
export async function srmTask(simUrl, id, site = "a") {
  const info = await (await fetch(`${simUrl}/_sim/info`)).json();
  const s = info.srm.find((x) => x.site === site);
  const basic = Buffer.from(`${s.username}:${s.password}`).toString("base64");
  const login = await fetch(`${s.url}/session`, { method: "POST", headers: { authorization: `Basic ${basic}` } });
  if (!login.ok) throw new Error(`SRM ${site} login: HTTP ${login.status}`);
  const { session_id } = await login.json();
  const r = await fetch(`${s.url}/tasks/${encodeURIComponent(id)}`, { headers: { "x-dr-session": session_id } });
  if (!r.ok) throw new Error(`GET task ${id}: HTTP ${r.status}`);
  return r.json();
}
