// The npm package in a module Web Worker (issue 10.3): opens worker/index.html in headless
// Chromium and headless Firefox (../webdriver.mjs); the page starts worker.js with
// `{ type: "module" }`, which logs in, creates a pairing and waits for its task
// (../pairing/flow.js). Judged here: it ran in a dedicated worker, met no CSP violation, and
// ../pairing/check.mjs: the wait ended with the task createPairing returned, succeeded after
// progress up to 100, with epoch-ms times; bad input was a SiteRecoveryError there too; the
// simulator itself has the task as SUCCESS.
// Usage: node run.mjs BASE_URL. Closing line: `module worker: N passed, M failed`.
import { inBrowsers } from "../webdriver.mjs";
import { checkPairing } from "../pairing/check.mjs";

const base = (process.argv[2] ?? "").replace(/\/+$/, "");
if (!base) {
  console.error("usage: node run.mjs BASE_URL");
  process.exit(2);
}

await inBrowsers("module worker", `${base}/worker/`, "window.workerResult", 60_000, async (r) => {
  if (r.fatal) throw new Error(`the worker failed: ${r.fatal}`);
  if (r.violations.length > 0) throw new Error(`CSP violations: ${r.violations.join(" | ")}`);
  if (!r.inWorker) throw new Error("the code did not run in a DedicatedWorkerGlobalScope");
  return checkPairing(r, base);
});
