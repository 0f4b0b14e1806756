// Step 2 with SrmClient: pair with site B, list the pairings with each one's status, and the
// two task-returning actions on a pairing: reconnect (with the PSC details of the form) and
// delete (behind a confirm step). One panel follows the running task; its resumeToken() is kept
// so that the page picks it up again after a reload.
import { busy, h, step, value } from "./dom.js";
import { clearAlert, showError, showNotice } from "./alerts.js";
import { TaskPanel } from "./task-panel.js";
import * as saved from "./resume-store.js";

const byId = (id) => document.getElementById(id);

/** The resumable actions this module follows. */
export const PAIRING_ACTIONS = new Set(["pair", "reconnect", "delete"]);

const STATUS = { OK: "label-success", WARNING: "label-warning", ERROR: "label-danger" };

/**
 * `flow`: `{ state, paired(pairingId, text), gone(), taskStarted(), taskEnded() }`; `state`
 * holds `srm`, `pairingId` and `remoteReady`. Returns `{ refresh, follow, render }`.
 */
export function setupPairings(flow) {
  const { state } = flow;
  const card = step("step-pair");
  const form = byId("pair-form");
  const table = byId("pairings-table");
  const confirmSlot = byId("pairing-confirm");
  const hint = byId("pairings-hint");
  const panel = new TaskPanel(byId("pair-task"), "Pairing");
  let pairings = [];

  /** The PairingSpec of the form (createPairing and reconnectPairing take the same). */
  function spec() {
    const port = value(form, "pair_psc_info.port");
    const thumbprint = value(form, "pair_psc_info.thumbprint");
    return {
      pair_vc_guid: value(form, "pair_vc_guid"),
      pair_psc_info: {
        url: value(form, "pair_psc_info.url"),
        // Sent as typed when it is not a number: the package names the field it rejects.
        port: /^\d+$/.test(port) ? Number(port) : port,
        ...(thumbprint ? { thumbprint } : {}),
        username: value(form, "pair_psc_info.username"),
        password: form.elements.namedItem("pair_psc_info.password").value,
      },
    };
  }

  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    busy(form.querySelector("button[type=submit]"), () =>
      start("pair", "Pair site A with site B", () => state.srm.createPairing(spec())));
  });

  /** Start a task-returning call and follow its task; a rejected call shows its error. */
  async function start(action, title, call, pairingId = null) {
    if (panel.running) return;
    clearAlert(card.alert, form);
    confirmSlot.replaceChildren();
    let task;
    try {
      task = await call();
    } catch (error) {
      showError(card.alert, error, { form, title: `${title}: not started` });
      return;
    }
    saved.remember({ token: task.resumeToken(), action, title, pairingId });
    flow.taskStarted();
    await follow(task, { action, title, resumed: false });
  }

  function follow(task, { action, title, resumed }) {
    const done = panel.watch(task, {
      title,
      resumed,
      onSuccess: async (t) => {
        saved.forget();
        flow.taskEnded();
        if (action === "pair") flow.paired(t.result?.pairing_id ?? t.raw?.entity, "Paired with site B.");
        if (action === "delete") flow.gone();
        await refresh();
        if (action === "reconnect") showNotice(card.alert, "success", "Reconnected: site A and site B talk to each other again.");
        if (action === "delete") showNotice(card.alert, "success", "Pairing deleted: pair the sites again to protect and recover with them.");
      },
      onFailure: (error) => {
        if (error?.kind === "task") saved.forget();
        flow.taskEnded();
        showError(card.alert, error, { form, title: `${title} failed` });
        render();
      },
    });
    render(); // the row buttons wait while the panel runs
    return done;
  }

  async function refresh() {
    if (!state.srm) return;
    try {
      pairings = (await state.srm.getPairings()).list ?? [];
    } catch (error) {
      showError(card.alert, error, { title: "Could not list the pairings" });
      return;
    }
    render();
    const current = pairings.find((p) => p.pairing_id === state.pairingId) ?? pairings[0];
    if (current && current.pairing_id !== state.pairingId) {
      flow.paired(current.pairing_id, `Site A is already paired with ${current.remote_srm_server?.name ?? "site B"}.`);
    } else if (!current && state.pairingId) {
      flow.gone();
    }
  }

  const statusLabel = (what, server) =>
    h("span", { class: `label ${STATUS[server?.server_status] ?? "label-gray"} pairing-status`, text: `${what} ${server?.server_status ?? "UNKNOWN"}` });

  function render() {
    const busyNow = panel.running;
    table.tBodies[0].replaceChildren(...pairings.map((p) => {
      const remote = p.remote_srm_server ?? {};
      const reconnect = h("button", { class: "btn btn-sm btn-outline", type: "button", text: "Reconnect", disabled: busyNow });
      const remove = h("button", { class: "btn btn-sm btn-danger-outline", type: "button", text: "Delete…", disabled: busyNow || !state.remoteReady });
      reconnect.addEventListener("click", () =>
        start("reconnect", `Reconnect to ${remote.name ?? "site B"}`, () => state.srm.reconnectPairing(p.pairing_id, spec()), p.pairing_id));
      remove.addEventListener("click", () => confirmDelete(p));
      return h("tr", { "data-pairing-id": p.pairing_id },
        h("td", { class: "left", text: remote.name ?? "" }),
        h("td", { class: "left" }, statusLabel("SRM", remote), " ", statusLabel("vCenter", p.remote_vc_server)),
        h("td", { class: "left mono", text: p.pairing_id }),
        h("td", { class: "left row-actions" }, reconnect, remove));
    }));
    const empty = pairings.length === 0;
    table.hidden = !state.srm || empty;
    hint.textContent = !state.srm ? ""
      : empty ? "No pairing yet: pair with site B above."
        : state.remoteReady ? "Reconnect sends the PSC details of the form above."
          : "Reconnect sends the PSC details of the form above. Deleting a pairing needs a session on site B too (step 3).";
  }

  /** The confirm step: nothing is sent until "Delete pairing" is pressed. */
  function confirmDelete(p) {
    const name = p.remote_srm_server?.name ?? "site B";
    const yes = h("button", { class: "btn btn-sm btn-danger", type: "button", text: "Delete pairing" });
    const no = h("button", { class: "btn btn-sm btn-outline", type: "button", text: "Cancel" });
    confirmSlot.replaceChildren(h("div", { class: "alert alert-warning pairing-confirm", role: "alertdialog", "aria-labelledby": "pairing-confirm-title", "aria-describedby": "pairing-confirm-text" },
      h("div", { class: "alert-items" }, h("div", { class: "alert-item static" }, h("div", { class: "alert-text" },
        h("strong", { id: "pairing-confirm-title", text: `Delete the pairing with ${name}?` }),
        h("p", { id: "pairing-confirm-text", text: "The sites stop being paired: their recovery plans cannot run until they are paired again. The virtual machines are not touched." }),
        h("div", { class: "confirm-actions" }, yes, no))))));
    no.focus();
    no.addEventListener("click", () => confirmSlot.replaceChildren());
    yes.addEventListener("click", () =>
      start("delete", `Delete the pairing with ${name}`, () => state.srm.deletePairing(p.pairing_id), p.pairing_id));
  }

  return { refresh, follow, render };
}
