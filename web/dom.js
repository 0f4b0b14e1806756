// Small DOM helpers shared by the page modules: element builder, form values, step state.

/** `h("td", { class: "x" }, "text", child)`: an element with attributes and children. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v == null) continue;
    if (k === "class") el.className = v;
    else if (k === "text") el.textContent = v;
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) {
    if (c != null) el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

/** A form control's trimmed value, by its `name` (the wire field name). */
export function value(form, name) {
  const el = form.elements.namedItem(name);
  return el ? el.value.trim() : "";
}

/** Set a control's value unless the user already typed something. */
export function prefill(form, name, v) {
  const el = form.elements.namedItem(name);
  if (el && !el.value && v != null) el.value = String(v);
}

/** The card of a step: its form fieldset, "done" label and alert slot. */
export function step(id) {
  const card = document.getElementById(id);
  return {
    card,
    alert: card.querySelector(".step-alert"),
    enable(on = true) {
      const fs = card.querySelector("form > fieldset");
      if (fs) fs.disabled = !on;
      card.classList.toggle("step-disabled", !on);
    },
    done(on = true) {
      card.querySelector(".step-done-label").hidden = !on;
      card.classList.toggle("step-complete", on);
    },
  };
}

/** Run an async form action with its submit button disabled (no double submits). */
export async function busy(button, fn) {
  const was = button.disabled;
  button.disabled = true;
  button.setAttribute("aria-busy", "true");
  try {
    return await fn();
  } finally {
    button.disabled = was;
    button.removeAttribute("aria-busy");
  }
}
