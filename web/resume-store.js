// The running task, remembered across a page reload: its resumeToken() and what the page
// needs to show it again. Never credentials: the token holds API, base URL and task id only.

const KEY = "siterecovery-demo:running-task";
const ACTIONS = new Set(["pair", "reconnect", "delete", "test", "cleanup", "recovery", "reprotect"]);

/** Remember a started task: `{ token, action, title, pairingId?, planId? }`. */
export function remember({ token, action, title, pairingId = null, planId = null }) {
  try {
    localStorage.setItem(KEY, JSON.stringify({ token, action, title, pairingId, planId, savedAt: Date.now() }));
  } catch {
    // Storage full or disabled: the page still works, only resuming is lost.
  }
}

/** The remembered task, or null (ignores anything malformed). */
export function recall() {
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) ?? "null");
    if (saved && typeof saved.token === "string" && ACTIONS.has(saved.action)) return saved;
  } catch {
    // not ours or corrupted: treat as nothing saved
  }
  return null;
}

export function forget() {
  try {
    localStorage.removeItem(KEY);
  } catch {
    // nothing to do
  }
}
