// Clarity alerts for errors and notices; a validation error also marks the rejected field.
import { h } from "./dom.js";

/** The SiteRecoveryError fields worth showing, in this order. */
const FIELDS = [
  ["kind", "Kind"],
  ["status", "HTTP status"],
  ["code", "Code"],
  ["opId", "Operation ID"],
  ["field", "Field"],
  ["taskId", "Task"],
];

function alertBox(type, role, ...content) {
  return h("div", { class: `alert alert-${type}`, role },
    h("div", { class: "alert-items" },
      h("div", { class: "alert-item static" }, h("div", { class: "alert-text" }, ...content))));
}

/** Remove the slot's alert and every field mark inside `form`. */
export function clearAlert(slot, form) {
  slot.replaceChildren();
  if (!form) return;
  for (const el of form.querySelectorAll("[aria-invalid]")) {
    el.removeAttribute("aria-invalid");
    el.removeAttribute("aria-describedby");
    const container = el.closest(".clr-control-container");
    container?.classList.remove("clr-error");
    container?.querySelector(".field-error")?.remove();
  }
}

/** A short success / info / warning note in the slot. */
export function showNotice(slot, type, ...content) {
  slot.replaceChildren(alertBox(type, "status", ...content));
}

/**
 * Show a rejection of the package (a `SiteRecoveryError`) or any other error.
 * `form` + `fieldPrefix`: where to look for the control named by `error.field`.
 */
export function showError(slot, error, { form, fieldPrefix = "", title } = {}) {
  clearAlert(slot, form);
  const e = error ?? {};
  const failure = e.task?.error;
  const dl = h("dl", { class: "error-fields" });
  for (const [key, label] of FIELDS) {
    if (e[key] === undefined || e[key] === null || e[key] === "") continue;
    dl.append(h("dt", { text: label }), h("dd", { text: String(e[key]) }));
  }
  const detail = failure?.details && !String(e.message).includes(failure.details) ? failure.details : null;
  slot.replaceChildren(alertBox("danger", "alert",
    title ? h("strong", { text: title }) : null,
    h("p", { class: "error-message", text: e.message || String(error) }),
    detail ? h("p", { class: "error-detail", text: detail }) : null,
    dl.childElementCount ? dl : null));
  if (form && e.field) markField(form, fieldPrefix + e.field, e.message);
}

function markField(form, name, message) {
  const el = form.elements.namedItem(name);
  if (!(el instanceof HTMLElement)) return;
  const container = el.closest(".clr-control-container");
  const id = `${el.id}-error`;
  el.setAttribute("aria-invalid", "true");
  el.setAttribute("aria-describedby", id);
  if (container) {
    container.classList.add("clr-error");
    container.append(h("div", { class: "clr-subtext-wrapper error field-error" },
      h("span", { class: "clr-subtext", id, text: message })));
  }
  el.focus();
}
