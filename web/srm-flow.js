// Steps 1–4 with SrmClient: log in to site A, pair with site B, open the remote session and
// list the plans, run recovery then reprotect. A started task's resumeToken() is kept in
// localStorage so that, after a reload and a new login, the page keeps following it.
import { busy, step, value } from "./dom.js";
import { clearAlert, showError, showNotice } from "./alerts.js";
import { TaskPanel } from "./task-panel.js";
import { canRecover, canReprotect, planHint, renderPlans } from "./plans.js";
import * as saved from "./resume-store.js";

const byId = (id) => document.getElementById(id);

export function setupSrm(SrmClient) {
  const steps = { login: step("step-login"), pair: step("step-pair"), plans: step("step-plans"), recovery: step("step-recovery") };
  const forms = { login: byId("login-form"), pair: byId("pair-form"), remote: byId("remote-form"), recovery: byId("recovery-form") };
  const pairPanel = new TaskPanel(byId("pair-task"), "Pairing");
  const planPanel = new TaskPanel(byId("plan-task"), "Recovery plan task");
  const planSelect = byId("plan-select");
  const recoverButton = byId("run-recovery");
  const reprotectButton = byId("run-reprotect");
  const state = { srm: null, pairingId: null, remoteReady: false, plans: [], pending: saved.recall() };

  if (state.pending) announcePending(state.pending);
  steps.login.enable();

  // ---- 1: login to site A ------------------------------------------------------------
  forms.login.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const f = forms.login;
    clearAlert(steps.login.alert, f);
    busy(f.querySelector("button[type=submit]"), async () => {
      const credentials = { username: value(f, "username"), password: f.elements.namedItem("password").value };
      try {
        // `credentials` lets the client log in again by itself if the session expires.
        state.srm = await SrmClient.login({ baseUrl: value(f, "baseUrl"), ...credentials, credentials: () => credentials });
      } catch (error) {
        showError(steps.login.alert, error, { form: f, title: "Login to site A failed" });
        if (state.pending) announcePending(state.pending);
        return;
      }
      state.remoteReady = false;
      byId("login-summary").textContent = `Logged in to ${state.srm.baseUrl} as ${credentials.username}.`;
      steps.login.done();
      steps.pair.enable();
      await findPairing();
      await resumePending();
    });
  });

  function announcePending(p) {
    const forget = document.createElement("button");
    forget.type = "button";
    forget.className = "btn btn-sm btn-link";
    forget.textContent = "Forget it";
    forget.addEventListener("click", () => {
      saved.forget();
      state.pending = null;
      clearAlert(steps.login.alert);
    });
    showNotice(steps.login.alert, "info",
      `A task was running when this page was closed: “${p.title}”. Log in to site A again to keep watching it. `, forget);
  }

  async function resumePending() {
    const p = state.pending;
    if (!p) return;
    state.pending = null;
    let task;
    try {
      task = state.srm.resumeTask(p.token);
    } catch (error) {
      saved.forget();
      showError(steps.login.alert, error, { title: "Cannot resume the saved task" });
      return;
    }
    clearAlert(steps.login.alert);
    if (p.action === "pair") {
      await followPairing(task, p.title, true);
    } else {
      if (p.pairingId && !state.pairingId) usePairing(p.pairingId, "Paired with site B.");
      await followPlanTask(task, { title: p.title, action: p.action, resumed: true });
    }
  }

  // ---- 2: pair with site B -----------------------------------------------------------
  async function findPairing() {
    try {
      const pairings = (await state.srm.getPairings()).list ?? [];
      if (pairings.length) {
        const p = pairings[0];
        usePairing(p.pairing_id, `Site A is already paired with ${p.remote_srm_server?.name ?? "site B"}.`);
      }
    } catch (error) {
      showError(steps.pair.alert, error, { title: "Could not list the pairings" });
    }
  }

  function usePairing(pairingId, text) {
    state.pairingId = pairingId;
    byId("pair-summary").textContent = `${text} Pairing ID ${pairingId}.`;
    steps.pair.done();
    steps.plans.enable();
    loadPlans();
  }

  forms.pair.addEventListener("submit", (ev) => {
    ev.preventDefault();
    if (pairPanel.running) return;
    const f = forms.pair;
    clearAlert(steps.pair.alert, f);
    busy(f.querySelector("button[type=submit]"), async () => {
      const port = value(f, "pair_psc_info.port");
      const thumbprint = value(f, "pair_psc_info.thumbprint");
      const spec = {
        pair_vc_guid: value(f, "pair_vc_guid"),
        pair_psc_info: {
          url: value(f, "pair_psc_info.url"),
          // Sent as typed when it is not a number: the package names the field it rejects.
          port: /^\d+$/.test(port) ? Number(port) : port,
          ...(thumbprint ? { thumbprint } : {}),
          username: value(f, "pair_psc_info.username"),
          password: f.elements.namedItem("pair_psc_info.password").value,
        },
      };
      let task;
      try {
        task = await state.srm.createPairing(spec);
      } catch (error) {
        showError(steps.pair.alert, error, { form: f, title: "Pairing was not started" });
        return;
      }
      const title = "Pair site A with site B";
      saved.remember({ token: task.resumeToken(), action: "pair", title });
      await followPairing(task, title, false);
    });
  });

  function followPairing(task, title, resumed) {
    return pairPanel.watch(task, {
      title,
      resumed,
      onSuccess: (t) => {
        saved.forget();
        usePairing(t.result?.pairing_id ?? t.raw?.entity, "Paired with site B.");
      },
      onFailure: (error) => {
        if (error?.kind === "task") saved.forget();
        showError(steps.pair.alert, error, { form: forms.pair, title: "Pairing failed" });
      },
    });
  }

  // ---- 3: remote login + plans -------------------------------------------------------
  forms.remote.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const f = forms.remote;
    clearAlert(steps.plans.alert, f);
    busy(f.querySelector("button[type=submit]"), async () => {
      const username = value(f, "username");
      try {
        await state.srm.createRemoteSession(state.pairingId, { username, password: f.elements.namedItem("password").value });
      } catch (error) {
        showError(steps.plans.alert, error, { form: f, title: "Login to site B failed" });
        return;
      }
      state.remoteReady = true;
      byId("remote-summary").textContent = `Remote session open on site B as ${username}.`;
      steps.plans.done();
      await loadPlans();
    });
  });

  byId("plans-refresh").addEventListener("click", () => loadPlans());

  async function loadPlans() {
    if (!state.pairingId) return;
    try {
      state.plans = (await state.srm.getAllRecoveryPlans(state.pairingId)).list ?? [];
    } catch (error) {
      showError(steps.plans.alert, error, { title: "Could not list the recovery plans" });
      return;
    }
    renderPlans(byId("plans-table"), planSelect, state.plans);
    steps.recovery.enable(state.plans.length > 0);
    updateActions();
  }

  // ---- 4: recovery, then reprotect ---------------------------------------------------
  const selectedPlan = () => state.plans.find((p) => p.id === planSelect.value);

  function updateActions() {
    const plan = selectedPlan();
    const free = state.remoteReady && !planPanel.running;
    recoverButton.disabled = !(free && canRecover(plan));
    reprotectButton.disabled = !(free && canReprotect(plan));
    byId("plan-hint").textContent = planHint(plan, state.remoteReady);
  }

  planSelect.addEventListener("change", updateActions);
  recoverButton.addEventListener("click", () => runPlanAction("recovery"));
  reprotectButton.addEventListener("click", () => runPlanAction("reprotect"));

  async function runPlanAction(action) {
    const plan = selectedPlan();
    if (!plan || planPanel.running) return;
    clearAlert(steps.recovery.alert, forms.recovery);
    recoverButton.disabled = reprotectButton.disabled = true;
    let task;
    try {
      task = action === "recovery"
        ? await state.srm.runRecovery(state.pairingId, plan.id, { planned_failover: byId("planned-failover").checked })
        : await state.srm.runReprotect(state.pairingId, plan.id, { forced: false });
    } catch (error) {
      showError(steps.recovery.alert, error, { form: forms.recovery, title: `${action === "recovery" ? "Recovery" : "Reprotect"} was not started` });
      updateActions();
      return;
    }
    const title = `${action === "recovery" ? "Run recovery" : "Reprotect"}: ${plan.name}`;
    saved.remember({ token: task.resumeToken(), action, title, pairingId: state.pairingId, planId: plan.id });
    const followed = followPlanTask(task, { title, action, resumed: false });
    await loadPlans();
    await followed;
  }

  function followPlanTask(task, { title, action, resumed }) {
    const done = planPanel.watch(task, {
      title,
      resumed,
      onSuccess: async () => {
        saved.forget();
        await loadPlans();
        showNotice(steps.recovery.alert, "success", action === "recovery"
          ? "Recovery complete: the VMs run at the recovery site. Reprotect to protect them in the other direction."
          : "Reprotect complete: the plan is ready again, with the sites swapped.");
        if (action === "reprotect") steps.recovery.done();
      },
      onFailure: async (error) => {
        if (error?.kind === "task") saved.forget();
        showError(steps.recovery.alert, error, { title: `${title} failed` });
        await loadPlans();
      },
    });
    updateActions();
    return done;
  }
}
