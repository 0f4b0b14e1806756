// Entry point: load the `siterecovery` package from /pkg/, prefill the forms when served by
// the simulator, take the host's theme and sessions when embedded as a plugin, and wire the
// steps. No framework, no build step.
import { loadSimInfo, applySimDefaults } from "./sim-defaults.js";
import { connectHost } from "./embedding.js";
import { setupSrm } from "./srm-flow.js";
import { setupReplication } from "./replication-panel.js";
import { showError } from "./alerts.js";

const status = document.getElementById("package-status");

async function loadPackage() {
  const pkg = await import("/pkg/index.js");
  await pkg.default();
  return pkg;
}

async function main() {
  const [info, pkg, host] = await Promise.all([loadSimInfo(), loadPackage().catch((error) => ({ error })), connectHost()]);
  if (pkg.error) {
    status.textContent = "siterecovery package missing";
    showError(document.getElementById("page-alert"), pkg.error, {
      title: "The siterecovery package could not be loaded from /pkg/ — build it with `cargo xtask dist` (or run `cargo xtask demo`).",
    });
    return;
  }
  if (info) applySimDefaults(info);
  setupSrm(pkg.SrmClient, host);
  setupReplication(pkg.ReplicationClient, host);
  if (host) status.textContent = `plugin of ${host.host}${host.locale ? ` · ${host.locale}` : ""}`;
  else status.textContent = !info ? "siterecovery package ready" : info.proxy ? "servers behind the demo proxy" : "connected to the simulator";
  document.body.dataset.ready = "true";
}

main();
