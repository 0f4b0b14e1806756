// What the package could show while a test runs: every console method wrapped (the calls still
// reach the console), and everything an error carries.

const METHODS = ["log", "info", "warn", "error", "debug", "trace", "dir", "dirxml", "table", "assert", "group", "groupCollapsed", "count", "timeLog"];

function show(v) {
  try {
    if (v instanceof Error) return `${String(v)} ${v.stack ?? ""} ${JSON.stringify(v)}`;
    if (typeof v === "string") return v;
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

/** Wrap the console; `lines` fills with every call, `restore()` puts the methods back. */
export function captureConsole() {
  const lines = [];
  const saved = {};
  for (const m of METHODS) {
    const original = console[m];
    if (typeof original !== "function") continue;
    saved[m] = original;
    console[m] = function (...args) {
      lines.push(`console.${m}: ${args.map(show).join(" ")}`);
      return original.apply(this, args);
    };
  }
  return { lines, restore: () => Object.assign(console, saved) };
}

/** `String(e)`, its stack, `e.message`, `JSON.stringify(e)` (kind, field, body, task, ...). */
export function everything(e) {
  return show(e) + " | " + (e && typeof e === "object" ? show(e.message) + " | " + show(e.body) + " | " + show(e.task) : "");
}
