// Prefill the forms from the simulator's `/_sim/info` when the page is served by it, and
// mark those values as "simulator defaults"; the demo proxy's `/_sim/info` gives the base URLs
// of the real servers behind it. Elsewhere the forms stay empty.
import { prefill } from "./dom.js";

/** The simulator's info, or null when the page is not served by the simulator. */
export async function loadSimInfo() {
  try {
    const r = await fetch("/_sim/info", { headers: { accept: "application/json" } });
    if (!r.ok || !(r.headers.get("content-type") ?? "").includes("json")) return null;
    const info = await r.json();
    return Array.isArray(info.srm) && info.srm.length === 2 ? info : null;
  } catch {
    return null;
  }
}

export function applySimDefaults(info) {
  const [a, b] = info.srm;
  const form = (id) => document.getElementById(id);
  const login = form("login-form");
  prefill(login, "baseUrl", a.url);
  prefill(login, "username", a.username);
  prefill(login, "password", a.password);

  const pair = form("pair-form");
  prefill(pair, "pair_vc_guid", b.vc_guid);
  prefill(pair, "pair_psc_info.url", b.psc?.url);
  prefill(pair, "pair_psc_info.port", b.psc?.port);
  prefill(pair, "pair_psc_info.thumbprint", b.psc?.thumbprint);
  prefill(pair, "pair_psc_info.username", b.username);
  prefill(pair, "pair_psc_info.password", b.password);

  const remote = form("remote-form");
  prefill(remote, "username", b.username);
  prefill(remote, "password", b.password);

  const [va, vb] = info.replication ?? [];
  for (const [id, vr] of [["vr-a-form", va], ["vr-b-form", vb]]) {
    if (!vr) continue;
    prefill(form(id), "baseUrl", vr.url);
    prefill(form(id), "username", vr.username);
    prefill(form(id), "password", vr.password);
  }

  // Behind the demo proxy (`cargo xtask demo --srm-a URL ...`) only the base URLs are given.
  if (info.proxy) return;
  for (const el of document.querySelectorAll(".sim-defaults, .sim-note")) el.hidden = false;
}
