// ReplicationClient.pairSites once its options are checked (replication.rs): both appliances'
// local sites, `POST /sites` on each with the other's URL and thumbprint, then both waits.
// Plain composition of the clients' public methods; the waiting is the module's.
import { makeError } from "./error.js";

async function localSite(client, call) {
  const sites = await client.getSites(call);
  const site = Array.isArray(sites) ? sites.find((s) => s && s.isLocal === true) : undefined;
  const bad = (field, why) => makeError(`unexpected response body (HTTP 200) at ${field}: ${why}`, { kind: "decode", status: 200, field });
  if (!site) throw bad("isLocal", "no local site in GET /sites");
  const apiUrl = site.apiPublicUrl || site.apiUrl;
  if (!apiUrl || !site.apiThumbprint) throw bad("apiUrl", "local site without apiUrl/apiThumbprint");
  return { apiUrl, apiThumbprint: site.apiThumbprint };
}

export async function pairBoth(local, remote, description, call, waitOptions) {
  const [siteA, siteB] = await Promise.all([localSite(local, call), localSite(remote, call)]);
  const body = (site) => (description == null ? site : { ...site, description });
  const taskA = await local.pairSite(body(siteB), call);
  let taskB;
  try {
    taskB = await remote.pairSite(body(siteA), call);
  } catch (e) {
    // Nothing is lost: the error names the task already running on the first appliance.
    if (e && typeof e === "object") {
      e.message = `polling task ${taskA.id} failed: ${e.message}`;
      e.taskId = taskA.id;
    }
    throw e;
  }
  const waits = await Promise.allSettled([taskA.wait(waitOptions), taskB.wait(waitOptions)]);
  for (const w of waits) if (w.status === "rejected") throw w.reason;
  return [taskA, taskB];
}
