// Starts worker.js as a module Worker and publishes what it posts back as
// `window.workerResult` (read by run.mjs), with any CSP violation or worker error.
const violations = [];
document.addEventListener("securitypolicyviolation", (e) => violations.push(`${e.effectiveDirective} blocked ${e.blockedURI || "inline"}`));
const status = document.getElementById("status");
const publish = (result) => {
  window.workerResult = { ...result, violations };
  status.textContent = result.fatal ? `failed: ${result.fatal}` : `done: task ${result.createdId} ${result.state}`;
};

const worker = new Worker("worker.js", { type: "module" });
worker.onmessage = (e) => publish(e.data);
// A module that fails to load or throws at the top level: an error event, no message.
worker.onerror = (e) => publish({ fatal: `worker error: ${e.message || "the module did not load"}${e.filename ? ` (${e.filename}:${e.lineno})` : ""}` });
