// The vSphere Client's JavaScript API for remote plugins, `htmlClientSdk`, as far as this page
// uses it: initialize(cb), isInitialized(), app.getSessionInfo(cb), app.getTheme(),
// app.getClientLocale(), event.onThemeChanged(cb).
//
// Under the real vSphere Client the object is `window.htmlClientSdk` (the client's
// /api/ui/htmlClientSdk.js, loaded before app.js). Under the plugin host stand-in (web/plugin/)
// this module builds an object of the same shape that talks to the parent window over
// postMessage, origin-checked both ways: it posts only to the host's origin and takes messages
// only from the parent window at that origin. Any other message is ignored and reported, to the
// page (`onForeign`) and to the host.
import { isOurs, message } from "./plugin/protocol.js";

/**
 * `{ sdk, host }` when the page runs as a plugin (`host`: who embeds it), else null.
 * Embedded means: the real client's object exists, or the page is framed with `?plugin` in its
 * URL (the view URL a plugin registers says so; a page merely framed stays standalone).
 */
export function findSdk({ onForeign }) {
  if (globalThis.htmlClientSdk) return { sdk: globalThis.htmlClientSdk, host: "the vSphere Client" };
  if (window.parent === window || !new URLSearchParams(location.search).has("plugin")) return null;
  const origin = parentOrigin();
  if (!origin) return null;
  return { sdk: bridge(window.parent, origin, onForeign), host: origin };
}

/** The embedding window's origin, as the browser reports it (never from the URL). */
function parentOrigin() {
  const ancestors = location.ancestorOrigins;
  if (ancestors?.length) return ancestors[0] === "null" ? null : ancestors[0];
  try {
    return new URL(document.referrer).origin; // browsers without ancestorOrigins (Firefox)
  } catch {
    return null;
  }
}

const THEMES = new Set(["light", "dark"]);

function bridge(host, origin, onForeign) {
  let initialized = false;
  let theme = { name: "light" };
  let locale = null;
  const onInit = [];
  const onTheme = [];
  const sessionCallbacks = new Map();
  let nextId = 1;
  const send = (type, fields) => host.postMessage(message(type, fields), origin);

  window.addEventListener("message", (ev) => {
    if (ev.source !== host || ev.origin !== origin) {
      // Not our host: whatever it says is ignored; both the page and the host hear of it.
      onForeign(ev.origin || "an opaque origin");
      send("foreignMessage", { origin: ev.origin });
      return;
    }
    const m = ev.data;
    if (!isOurs(m)) return;
    if (m.type === "initialized") {
      theme = themeOf(m.theme);
      locale = typeof m.locale === "string" ? m.locale : null;
      initialized = true;
      onInit.splice(0).forEach((cb) => cb());
    } else if (m.type === "sessionInfo") {
      const cb = sessionCallbacks.get(m.id);
      sessionCallbacks.delete(m.id);
      cb?.(m.sessionInfo && typeof m.sessionInfo === "object" ? m.sessionInfo : {});
    } else if (m.type === "themeChanged") {
      theme = themeOf(m.theme);
      onTheme.forEach((cb) => cb(theme));
    }
  });

  return {
    initialize(cb) {
      if (initialized) return cb();
      onInit.push(cb);
      if (onInit.length === 1) send("initialize");
    },
    isInitialized: () => initialized,
    app: {
      getSessionInfo(cb) {
        const id = nextId++;
        sessionCallbacks.set(id, cb);
        send("getSessionInfo", { id });
      },
      getTheme: () => theme,
      getClientLocale: () => locale,
    },
    event: {
      onThemeChanged(cb) {
        onTheme.push(cb);
      },
    },
  };
}

const themeOf = (t) => ({ name: THEMES.has(t?.name) ? t.name : "light" });
