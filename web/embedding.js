// The page as a vSphere Client remote plugin: through the client's JavaScript API (see
// plugin-sdk.js) take the theme, the locale and the sessions the client hands over, follow
// theme changes (Clarity's light and dark themes, no reload), and show any message that came
// from another origin and was ignored. Standalone, none of this runs.
import { findSdk } from "./plugin-sdk.js";
import { showNotice } from "./alerts.js";

/** How long the host has to answer initialize and getSessionInfo. */
const ANSWER_MS = 5000;

/**
 * null when standalone; else `{ host, locale, srm?, replication? }`: `srm` = `{ baseUrl,
 * sessionId }` and `replication` = `{ baseUrl, token }` when the host handed them over.
 */
export async function connectHost() {
  const found = findSdk({ onForeign: reportForeign });
  if (!found) return null;
  const { sdk, host } = found;
  hostName = host;
  document.body.dataset.embedded = "true";
  const ready = await answer((cb) => sdk.initialize(() => cb(true)));
  if (!ready) {
    notice("warning", `The plugin host (${host}) did not answer: log in below.`);
    return { host, locale: null };
  }
  applyTheme(sdk.app.getTheme?.());
  sdk.event?.onThemeChanged?.(applyTheme);
  const locale = canonicalLocale(sdk.app.getClientLocale?.());
  if (locale) document.documentElement.lang = locale;
  const info = await answer((cb) => sdk.app.getSessionInfo(cb));
  const handed = sessions(info?.siteRecovery);
  if (!handed.srm) notice("info", `The plugin host (${host}) handed over no Site Recovery session: log in below.`);
  return { host, locale, ...handed };
}

let hostName = "";
let ignored = 0;

function reportForeign(origin) {
  ignored += 1;
  const times = ignored > 1 ? ` (${ignored} messages so far)` : "";
  notice("warning", `Ignored a message from ${origin}: only the plugin host ${hostName} talks to this page${times}.`);
}

function notice(type, text) {
  showNotice(document.getElementById("plugin-alert"), type, text);
}

/** Clarity's theme of the page: `cds-theme` on the body, light unless the host says dark. */
function applyTheme(theme) {
  const name = theme?.name === "dark" ? "dark" : "light";
  document.body.setAttribute("cds-theme", name);
}

function canonicalLocale(locale) {
  try {
    return typeof locale === "string" && locale ? Intl.getCanonicalLocales(locale)[0] : null;
  } catch {
    return null; // not a language tag
  }
}

/** The sessions handed over, each only when all its fields are strings. */
function sessions(given) {
  const text = (v) => typeof v === "string" && v.length > 0;
  const srm = given?.srm;
  const replication = given?.replication;
  return {
    srm: text(srm?.baseUrl) && text(srm?.sessionId) ? { baseUrl: srm.baseUrl, sessionId: srm.sessionId } : null,
    replication: text(replication?.baseUrl) && text(replication?.token)
      ? { baseUrl: replication.baseUrl, token: replication.token } : null,
  };
}

/** Call `fn(cb)` and resolve with what `cb` gets, or with null after ANSWER_MS. */
function answer(fn) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), ANSWER_MS);
    fn((value) => {
      clearTimeout(timer);
      resolve(value ?? null);
    });
  });
}
