// Steps 3 and 4 with SrmClient: the recovery plans of the pairing (table and picker) and the
// four plan actions, each a task followed in one panel: test recovery and its cleanup (a
// rehearsal that leaves the protected site running), then recovery and reprotect.
import { step } from "./dom.js";
import { clearAlert, showError, showNotice } from "./alerts.js";
import { TaskPanel } from "./task-panel.js";
import { allowed, planHint, renderPlans } from "./plans.js";
import * as saved from "./resume-store.js";

const byId = (id) => document.getElementById(id);

/** Per action: its button, how to start it, its title and the notice when it completes. */
const ACTIONS = {
  test: {
    button: "run-test",
    verb: "Test recovery",
    start: (srm, pairingId, plan) => srm.runTestRecovery(pairingId, plan.id, { sync_data: byId("test-sync").checked }),
    done: "Test recovery complete: the plan's VMs run isolated at the recovery site. Check them, then clean up.",
  },
  cleanup: {
    button: "run-cleanup",
    verb: "Clean up test",
    start: (srm, pairingId, plan) => srm.runCleanupTestRecovery(pairingId, plan.id, { forced: false }),
    done: "Cleanup complete: the test VMs are gone and the plan is ready for a real recovery.",
  },
  recovery: {
    button: "run-recovery",
    verb: "Run recovery",
    start: (srm, pairingId, plan) => srm.runRecovery(pairingId, plan.id, { planned_failover: byId("planned-failover").checked }),
    done: "Recovery complete: the VMs run at the recovery site. Reprotect to protect them in the other direction.",
  },
  reprotect: {
    button: "run-reprotect",
    verb: "Reprotect",
    start: (srm, pairingId, plan) => srm.runReprotect(pairingId, plan.id, { forced: false }),
    done: "Reprotect complete: the plan is ready again, with the sites swapped.",
  },
};

/** The resumable actions this module follows. */
export const PLAN_ACTIONS = new Set(Object.keys(ACTIONS));

/**
 * `flow`: `{ state, taskStarted(), taskEnded() }`; `state` holds `srm`, `pairingId`,
 * `remoteReady`. Returns `{ load, clear, follow, update }`.
 */
export function setupPlanActions(flow) {
  const { state } = flow;
  const card = step("step-recovery");
  const plansCard = step("step-plans");
  const form = byId("recovery-form");
  const table = byId("plans-table");
  const picker = byId("plan-select");
  const panel = new TaskPanel(byId("plan-task"), "Recovery plan task");
  let plans = [];

  const selected = () => plans.find((p) => p.id === picker.value);

  function update() {
    const plan = selected();
    const free = state.remoteReady && !panel.running;
    for (const [action, a] of Object.entries(ACTIONS)) byId(a.button).disabled = !(free && allowed[action](plan));
    byId("plan-hint").textContent = planHint(plan, state.remoteReady);
  }

  async function load() {
    if (!state.pairingId) return;
    try {
      plans = (await state.srm.getAllRecoveryPlans(state.pairingId)).list ?? [];
    } catch (error) {
      showError(plansCard.alert, error, { title: "Could not list the recovery plans" });
      return;
    }
    renderPlans(table, picker, plans);
    card.enable(plans.length > 0);
    update();
  }

  /** The pairing is gone: no plans, nothing to run. */
  function clear() {
    plans = [];
    clearAlert(card.alert, form);
    renderPlans(table, picker, plans);
    card.enable(false);
    card.done(false);
    update();
  }

  picker.addEventListener("change", update);
  for (const action of PLAN_ACTIONS) byId(ACTIONS[action].button).addEventListener("click", () => run(action));

  async function run(action) {
    const plan = selected();
    if (!plan || panel.running) return;
    const a = ACTIONS[action];
    clearAlert(card.alert, form);
    for (const other of Object.values(ACTIONS)) byId(other.button).disabled = true;
    let task;
    try {
      task = await a.start(state.srm, state.pairingId, plan);
    } catch (error) {
      showError(card.alert, error, { form, title: `${a.verb}: not started` });
      update();
      return;
    }
    const title = `${a.verb}: ${plan.name}`;
    saved.remember({ token: task.resumeToken(), action, title, pairingId: state.pairingId, planId: plan.id });
    flow.taskStarted();
    const followed = follow(task, { title, action, resumed: false });
    await load();
    await followed;
  }

  function follow(task, { title, action, resumed }) {
    const done = panel.watch(task, {
      title,
      resumed,
      onSuccess: async () => {
        saved.forget();
        flow.taskEnded();
        await load();
        showNotice(card.alert, "success", ACTIONS[action].done);
        if (action === "reprotect") card.done();
      },
      onFailure: async (error) => {
        if (error?.kind === "task") saved.forget();
        flow.taskEnded();
        showError(card.alert, error, { title: `${title} failed` });
        await load();
      },
    });
    update();
    return done;
  }

  return { load, clear, follow, update };
}
