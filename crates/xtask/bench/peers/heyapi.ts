// Peer "hey-api + zod + core-lro": the SDK that @hey-api/openapi-ts generates from our specs
// (fetch client, zod schemas, request and response validation on), with @azure/core-lro
// polling the task. build-peers.mjs generates `@gen/heyapi/{srm,replication}` and bundles this.
import { createHttpPoller, type OperationState } from "@azure/core-lro";
import { createClient, createConfig } from "@gen/heyapi/srm/client";
import * as srmSdk from "@gen/heyapi/srm/sdk.gen";
import * as srmZod from "@gen/heyapi/srm/zod.gen";
import type { PairingSpec, Task } from "@gen/heyapi/srm/types.gen";
import * as replicationSdk from "@gen/heyapi/replication/sdk.gen";
import * as replicationZod from "@gen/heyapi/replication/zod.gen";

// Every generated operation and schema of both specs stays in the bundle (it is a size
// comparison against a package that has every operation): exported, so not tree-shaken.
export const generated = { srmSdk, srmZod, replicationSdk, replicationZod };

export const info = { name: "hey-api + zod + core-lro" };

const TERMINAL = ["SUCCESS", "ERROR", "CANCELLED"];
// core-lro reads an Azure-style `status` from the poll response body.
const AZURE_STATUS: Record<string, string> = { SUCCESS: "Succeeded", ERROR: "Failed", CANCELLED: "Canceled" };

type Result<T> = { data?: T; error?: unknown; response?: Response };

/** The data of an SDK call, or an Error for a non-2xx answer (the SDK returns the body). */
function ok<T>(what: string, r: Result<T>): T {
  if (r.error !== undefined || !r.response?.ok) {
    const status = r.response ? `HTTP ${r.response.status}` : String(r.error);
    throw new Error(`${what}: ${status}${r.error ? ` ${JSON.stringify(r.error)}` : ""}`);
  }
  return r.data as T;
}

export async function connect(o: { baseUrl: string; username: string; password: string; intervalMs?: number }) {
  const intervalMs = o.intervalMs ?? 1000;
  let session: string | undefined;
  // One client per connection; the generated `security` of each operation picks the scheme:
  // Basic (`user:password`, base64 by the client) for login, the x-dr-session key otherwise.
  const client = createClient(
    createConfig({
      baseUrl: o.baseUrl,
      auth: (a) => (a.scheme === "basic" ? `${o.username}:${o.password}` : session),
    }),
  );
  session = ok("login", await srmSdk.login({ client })).session_id;
  if (!session) throw new Error("login: no session_id");

  const getTaskInfo = async (taskId: string): Promise<Task> =>
    ok("getTaskInfo", await srmSdk.getTaskInfo({ client, path: { taskId } }));

  return {
    async getPairings() {
      return ok("getPairings", await srmSdk.getPairings({ client })).list ?? [];
    },
    async createPairing(spec: object) {
      return ok("createPairing", await srmSdk.createPairing({ client, body: spec as PairingSpec })).id;
    },
    getTaskInfo,
    async waitTask(id: string) {
      // The task already exists (its 202 was answered), so the "initial request" only tells
      // core-lro where to poll: a 202 with an Operation-Location. The poller then GETs the task
      // at once and every `intervalInMs` until core-lro sees a terminal status.
      const poller = createHttpPoller<Task, OperationState<Task>>(
        {
          sendInitialRequest: async () => ({
            flatResponse: { id },
            rawResponse: { statusCode: 202, request: { method: "GET", url: id }, headers: { "operation-location": id } },
          }),
          sendPollRequest: async (taskId) => {
            const task = await getTaskInfo(taskId);
            const status = TERMINAL.includes(task.status) ? AZURE_STATUS[task.status] : "Running";
            return { flatResponse: task, rawResponse: { statusCode: 200, request: { method: "GET", url: taskId }, headers: {}, body: { status } } };
          },
        },
        // ERROR and CANCELLED are results here, not exceptions; the task has no final resource.
        { intervalInMs: intervalMs, resolveOnUnsuccessful: true, skipFinalGet: true, processResult: async (task) => task as Task },
      );
      return (await poller.pollUntilDone()).status;
    },
  };
}
