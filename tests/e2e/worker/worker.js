// The npm package (web target) in a module Worker: init() with the wasm's URL, then
// ../pairing/flow.js (log in, create a pairing, wait for its task); posts the result to page.js.
import init, * as siterecovery from "/pkg/index.js";
import { pairAndWait } from "../pairing/flow.js";

async function run() {
  const inWorker = typeof window === "undefined" && typeof DedicatedWorkerGlobalScope === "function" && self instanceof DedicatedWorkerGlobalScope;
  await init({ module_or_path: new URL("/pkg/siterecovery_bg.wasm", self.location.href) });
  const info = await (await fetch("/_sim/reset", { method: "POST" })).json();
  const result = await pairAndWait(siterecovery, info, { minDelayMs: 20, maxDelayMs: 100, timeoutMs: 30_000 });
  return { inWorker, userAgent: navigator.userAgent, ...result };
}

run().then(
  (result) => self.postMessage(result),
  (e) => self.postMessage({ fatal: `${e?.kind ?? "error"}: ${e?.message ?? e}\n${e?.stack ?? ""}` }),
);
