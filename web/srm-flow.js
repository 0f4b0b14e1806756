// The SRM steps with SrmClient, wired together: 1 log in to site A (or take the session a
// plugin host hands over), 2 pairings (pairings.js), 3 log in to site B and list the plans,
// 4 plan actions (plan-actions.js), and the recent-tasks panel. A started task's resumeToken()
// is kept in localStorage so that, after a reload and a new login, the page keeps following it.
import { busy, step, value } from "./dom.js";
import { clearAlert, showError, showNotice } from "./alerts.js";
import { setupPairings, PAIRING_ACTIONS } from "./pairings.js";
import { setupPlanActions } from "./plan-actions.js";
import { RecentTasks } from "./recent-tasks.js";
import * as saved from "./resume-store.js";

const byId = (id) => document.getElementById(id);

/** `handed`: `{ host, srm: { baseUrl, sessionId } }` when a plugin host handed a session over. */
export function setupSrm(SrmClient, handed = null) {
  const steps = { login: step("step-login"), pair: step("step-pair"), plans: step("step-plans") };
  const forms = { login: byId("login-form"), remote: byId("remote-form") };
  const state = { srm: null, pairingId: null, remoteReady: false, pending: saved.recall() };
  const recent = new RecentTasks(byId("recent-tasks"), () => state.srm);
  const flow = {
    state,
    paired: usePairing,
    gone: pairingGone,
    taskStarted: () => recent.refresh(),
    taskEnded: () => recent.refresh(),
  };
  const pairings = setupPairings(flow);
  const plans = setupPlanActions(flow);

  // ---- 1: login to site A, or the host's session ---------------------------------------
  function useHanded({ host, srm }) {
    let client;
    try {
      client = SrmClient.fromSession({ baseUrl: srm.baseUrl, sessionId: srm.sessionId });
    } catch (error) {
      showError(steps.login.alert, error, { title: "The session the plugin host handed over is not usable: log in instead" });
      return false;
    }
    forms.login.hidden = true;
    for (const el of steps.login.card.querySelectorAll(".sim-note, .sim-defaults")) el.hidden = true;
    connected(client, `Using the session that the plugin host ${host} handed over, at ${client.baseUrl}.`);
    return true;
  }

  forms.login.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const f = forms.login;
    clearAlert(steps.login.alert, f);
    busy(f.querySelector("button[type=submit]"), async () => {
      const credentials = { username: value(f, "username"), password: f.elements.namedItem("password").value };
      let client;
      try {
        // `credentials` lets the client log in again by itself if the session expires.
        client = await SrmClient.login({ baseUrl: value(f, "baseUrl"), ...credentials, credentials: () => credentials });
      } catch (error) {
        showError(steps.login.alert, error, { form: f, title: "Login to site A failed" });
        if (state.pending) announcePending(state.pending);
        return;
      }
      await connected(client, `Logged in to ${client.baseUrl} as ${credentials.username}.`);
    });
  });

  async function connected(client, summary) {
    state.srm = client;
    state.remoteReady = false;
    byId("login-summary").textContent = summary;
    steps.login.done();
    steps.pair.enable();
    recent.refresh();
    await pairings.refresh();
    await resumePending();
  }

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
    if (PAIRING_ACTIONS.has(p.action)) {
      await pairings.follow(task, { action: p.action, title: p.title, resumed: true });
    } else {
      if (p.pairingId && !state.pairingId) usePairing(p.pairingId, "Paired with site B.");
      await plans.follow(task, { title: p.title, action: p.action, resumed: true });
    }
  }

  // ---- 2: the pairing the other steps work on ------------------------------------------
  function usePairing(pairingId, text) {
    state.pairingId = pairingId;
    byId("pair-summary").textContent = `${text} Pairing ID ${pairingId}.`;
    steps.pair.done();
    steps.plans.enable();
    plans.load();
  }

  function pairingGone() {
    state.pairingId = null;
    state.remoteReady = false;
    byId("pair-summary").textContent = "";
    byId("remote-summary").textContent = "";
    steps.pair.done(false);
    steps.plans.done(false);
    steps.plans.enable(false);
    plans.clear();
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
      pairings.render();
      await plans.load();
    });
  });

  byId("plans-refresh").addEventListener("click", () => plans.load());

  // ---- start: the host's session, else the login form -----------------------------------
  if (handed?.srm && useHanded(handed)) return;
  if (state.pending) announcePending(state.pending);
  steps.login.enable();
}
