// Recovery plans: the table of plans with their status, the plan picker, and the rules of
// SRM's plan state machine that decide which action a plan allows:
// READY_STATE -test-> TEST_COMPLETE -cleanup-> READY_STATE (a rehearsal: the protected site runs on)
// READY_STATE -recovery-> RECOVERY_COMPLETE -reprotect-> READY_STATE (sites swapped)
import { h } from "./dom.js";

const idle = (plan, status) => plan?.status === status && !plan.is_running;

/** Which plan status each action needs. */
export const allowed = {
  test: (plan) => idle(plan, "READY_STATE"),
  cleanup: (plan) => idle(plan, "TEST_COMPLETE"),
  recovery: (plan) => idle(plan, "READY_STATE"),
  reprotect: (plan) => idle(plan, "RECOVERY_COMPLETE"),
};

function statusClass(status = "") {
  if (status === "READY_STATE") return "label-success";
  if (status.endsWith("_IN_PROGRESS")) return "label-info";
  if (status.endsWith("_COMPLETE")) return "label-warning";
  return "label-gray";
}

/** Fill the table and the picker; keeps the picked plan when it is still there. */
export function renderPlans(table, select, plans) {
  table.tBodies[0].replaceChildren(...plans.map((p) =>
    h("tr", { "data-plan-id": p.id },
      h("td", { class: "left", text: p.name }),
      h("td", { class: "left" }, h("span", { class: `label ${statusClass(p.status)} plan-status`, text: p.status })),
      h("td", { class: "left", text: p.protected_site_name ?? "" }),
      h("td", { class: "left", text: p.recovery_site_name ?? "" }))));
  table.hidden = plans.length === 0;
  const picked = select.value;
  select.replaceChildren(...plans.map((p) => h("option", { value: p.id, text: `${p.name} (${p.status})` })));
  if (plans.some((p) => p.id === picked)) select.value = picked;
}

/** Why the buttons are (not) enabled, in words. */
export function planHint(plan, remoteReady) {
  if (!plan) return "No recovery plan yet.";
  if (!remoteReady) return "Log in to site B (step 3) first: plan actions need a remote session.";
  if (plan.is_running) return `“${plan.name}” is running an operation (${plan.status}).`;
  if (allowed.recovery(plan)) return `“${plan.name}” is ready: rehearse it with a test recovery (the protected site keeps running), or run the real recovery. Reprotect becomes available once recovery completes.`;
  if (allowed.cleanup(plan)) return `The test of “${plan.name}” is complete: its test VMs run isolated at the recovery site. Clean up to make the plan ready again.`;
  if (allowed.reprotect(plan)) return `Recovery of “${plan.name}” is complete: reprotect it to make site B the protected site.`;
  return `“${plan.name}” is in state ${plan.status}: no action applies.`;
}
