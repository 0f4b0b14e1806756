// Peer "openapi-fetch": the openapi-fetch runtime typed by openapi-typescript's .d.ts of our
// specs (types only: they vanish from the bundle), with a hand-written polling loop.
import createClient from "openapi-fetch";
import type { components, paths as SrmPaths } from "@gen/openapi-typescript/srm";
import type { paths as ReplicationPaths } from "@gen/openapi-typescript/replication";

export const info = { name: "openapi-fetch" };

type PairingSpec = components["schemas"]["PairingSpec"];
type Result<T> = { data?: T; error?: unknown; response: Response };

const TERMINAL = ["SUCCESS", "ERROR", "CANCELLED"];
const H4 = "application/vnd.vmware.h4-v4.7+json;charset=UTF-8";

/** A client of the replication (h4) spec, as an app using both APIs would create it. */
export function replicationClient(baseUrl: string) {
  return createClient<ReplicationPaths>({ baseUrl, headers: { accept: H4, "content-type": H4 } });
}

function ok<T>(what: string, r: Result<T>): T {
  if (!r.response.ok || r.data === undefined) {
    throw new Error(`${what}: HTTP ${r.response.status}${r.error ? ` ${JSON.stringify(r.error)}` : ""}`);
  }
  return r.data;
}

export async function connect(o: { baseUrl: string; username: string; password: string; intervalMs?: number }) {
  const intervalMs = o.intervalMs ?? 1000;
  const login = createClient<SrmPaths>({ baseUrl: o.baseUrl });
  const basic = `Basic ${btoa(`${o.username}:${o.password}`)}`;
  const { session_id } = ok("login", await login.POST("/session", { headers: { authorization: basic } }));
  if (!session_id) throw new Error("login: no session_id");
  const srm = createClient<SrmPaths>({ baseUrl: o.baseUrl, headers: { "x-dr-session": session_id } });

  const getTaskInfo = async (taskId: string) =>
    ok("getTaskInfo", await srm.GET("/tasks/{taskId}", { params: { path: { taskId } } }));

  return {
    async getPairings() {
      return ok("getPairings", await srm.GET("/pairings")).list ?? [];
    },
    async createPairing(spec: object) {
      return ok("createPairing", await srm.POST("/pairings", { body: spec as PairingSpec })).id;
    },
    getTaskInfo,
    async waitTask(id: string) {
      let task = await getTaskInfo(id);
      while (!TERMINAL.includes(task.status)) {
        await new Promise((r) => setTimeout(r, intervalMs));
        task = await getTaskInfo(id);
      }
      return task.status;
    },
  };
}
