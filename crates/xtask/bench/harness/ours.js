// Our package behind the adapter interface every peer exports (see ../peers/fetch.js):
// connect, getPairings, createPairing, getTaskInfo, waitTask. Waiting is the package's own
// (backoff 500 ms -> 5 s with full jitter); `intervalMs` is a peers' setting and ignored.
import init, { SrmClient } from "/pkg/index.js";

export const info = { name: "siterecovery (wasm)" };

let wasm;
/** Load the module once; `init` resolves with the wasm exports (their `memory` is measured). */
export async function load() {
  wasm ??= await init({ module_or_path: "/pkg/siterecovery_bg.wasm" });
  return wasm;
}

export function wasmMemoryBytes() {
  return wasm ? wasm.memory.buffer.byteLength : null;
}

export async function connect({ baseUrl, username, password }) {
  await load();
  const srm = await SrmClient.login({ baseUrl, username, password });
  // Waiting starts from a task the page already has: one getTaskInfo per task id, then every
  // waiter gets a handle of its own from the resume token (no request), as after a reload. The
  // first handle is freed at once, as a reload would: otherwise whether the resumed handles
  // join it (and skip their first GET) would depend on when the JS engine collected it.
  const tokens = new Map();
  const firstToken = async (id) => {
    const task = await srm.getTaskInfo(id);
    const token = task.resumeToken();
    task.free();
    return token;
  };
  const token = (id) => {
    if (!tokens.has(id)) tokens.set(id, firstToken(id));
    return tokens.get(id);
  };
  return {
    srm,
    getPairings: async () => (await srm.getPairings()).list,
    createPairing: async (spec) => (await srm.createPairing(spec)).id,
    getTaskInfo: async (id) => (await srm.getTaskInfo(id)).raw,
    waitTask: async (id) => {
      const task = srm.resumeTask(await token(id));
      await task.wait();
      return task.raw.status;
    },
  };
}
