// Step 5 (optional): log in to both vSphere Replication appliances and pair them with
// `ReplicationClient.pairSites`, then list the sites the site A appliance knows. Embedded in a
// plugin host that handed over the site A appliance's token, site A needs no login.
import { busy, h, value } from "./dom.js";
import { clearAlert, showError, showNotice } from "./alerts.js";
import { TaskPanel } from "./task-panel.js";

/** `handed`: `{ host, replication: { baseUrl, token } }` when a plugin host handed a token over. */
export function setupReplication(ReplicationClient, handed = null) {
  const card = document.getElementById("step-replication");
  const slot = card.querySelector(".step-alert");
  const forms = { a: document.getElementById("vr-a-form"), b: document.getElementById("vr-b-form") };
  const table = document.getElementById("sites-table");
  const panel = new TaskPanel(document.getElementById("replication-task"), "Replication pairing");
  const button = document.getElementById("pair-appliances");
  for (const f of Object.values(forms)) f.querySelector("fieldset").disabled = false;
  button.disabled = false;
  const session = handed?.replication;
  if (session) {
    const url = forms.a.elements.namedItem("baseUrl");
    url.value = session.baseUrl;
    url.readOnly = true;
    for (const name of ["username", "password"]) forms.a.elements.namedItem(name).closest(".clr-form-control").hidden = true;
    forms.a.querySelector("fieldset").append(h("p", { class: "clr-subtext handed-note", text: `Session handed over by the plugin host ${handed.host}.` }));
  }

  async function login(form, label) {
    try {
      if (form === forms.a && session) return ReplicationClient.fromSession({ baseUrl: session.baseUrl, token: session.token });
      return await ReplicationClient.login({
        baseUrl: value(form, "baseUrl"),
        username: value(form, "username"),
        password: form.elements.namedItem("password").value,
      });
    } catch (error) {
      showError(slot, error, { form, title: `Login to the ${label} appliance failed` });
      return null;
    }
  }

  async function showSites(client) {
    const sites = await client.getSites();
    table.tBodies[0].replaceChildren(...sites.map((site) =>
      h("tr", {},
        h("td", { class: "left", text: site.site ?? site.description ?? site.id ?? "" }),
        h("td", { class: "left", text: site.apiUrl ?? "" }),
        h("td", { class: "left", text: site.isLocal ? "local" : "peer" }))));
    table.hidden = sites.length === 0;
  }

  async function pair() {
    clearAlert(slot, forms.a);
    clearAlert(slot, forms.b);
    const local = await login(forms.a, "site A");
    const remote = local && (await login(forms.b, "site B"));
    if (!remote) return;
    // pairSites reports each appliance's task; the bar shows their mean.
    const progress = new Map();
    const overall = () => {
      const views = [...progress.values()];
      return {
        state: views.length === 2 && views.every((v) => v.state === "succeeded") ? "succeeded" : "running",
        progress: Math.round(views.reduce((n, v) => n + v.progress, 0) / 2),
        description: "Register each appliance with the other",
      };
    };
    await panel.follow({
      title: "Pair the replication appliances",
      resumable: false,
      current: overall,
      wait: async (signal, onProgress) => {
        const report = (view) => {
          progress.set(view.id, view);
          onProgress(overall());
        };
        const tasks = await ReplicationClient.pairSites(local, remote, { signal, onProgress: report, description: "Paired from the Site Recovery demo page" });
        for (const t of tasks) progress.set(t.id, t.toJSON());
        return overall();
      },
      onSuccess: async () => {
        card.querySelector(".step-done-label").hidden = false;
        card.classList.add("step-complete");
        showNotice(slot, "success", "Both appliances registered each other.");
        await showSites(local).catch((error) => showError(slot, error, { title: "Could not list the sites" }));
      },
      onFailure: (error) => showError(slot, error, { title: "Pairing the appliances failed" }),
    });
  }

  button.addEventListener("click", () => {
    if (!panel.running) busy(button, pair);
  });
}
