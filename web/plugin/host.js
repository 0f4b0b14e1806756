// A stand-in for the vSphere Client hosting the Site Recovery page as a remote plugin: the page
// runs in an iframe from its own origin, and this host plays the client's part of the
// JavaScript API for remote plugins (htmlClientSdk) over postMessage (web/plugin/protocol.js).
//
// It logs in to SRM site A and to the site A replication appliance with the simulator's demo
// credentials (as the real client holds its own sessions), and answers the page: initialize
// (theme, locale), getSessionInfo (the SRM and replication base URLs and sessions), and theme
// changes from its Light/Dark switch. Both directions are origin-checked: it posts only to its
// iframe at the page's origin, and takes messages only from that iframe at that origin; any
// other message is ignored and listed, and so are the ones the page reports it ignored.
//
// URL parameters: `page` (the page's URL, default http://127.0.0.1:8470/), `theme`
// (light | dark), `locale` (a language tag; default the browser's).
import { isOurs, message } from "./protocol.js";

const params = new URLSearchParams(location.search);
const pageUrl = new URL(params.get("page") || "http://127.0.0.1:8470/");
pageUrl.searchParams.set("plugin", "");
const pageOrigin = pageUrl.origin;
const host = { theme: params.get("theme") === "dark" ? "dark" : "light", locale: params.get("locale") || navigator.language };
const byId = (id) => document.getElementById(id);

function log(kind, text) {
  const item = document.createElement("li");
  item.className = `host-log-${kind}`;
  item.textContent = text;
  byId("host-log").append(item);
}

// ---- the host's own sessions (the real client has its own; this one uses the simulator's) --
const H4_MEDIA_TYPE = "application/vnd.vmware.h4-v4.7+json;charset=UTF-8";

async function post(url, init, what) {
  const response = await fetch(url, { method: "POST", ...init });
  if (!response.ok) throw new Error(`${what}: HTTP ${response.status}`);
  return response;
}

async function login() {
  const infoResponse = await fetch(new URL("/_sim/info", pageOrigin), { headers: { accept: "application/json" } });
  if (!infoResponse.ok) throw new Error(`simulator info: HTTP ${infoResponse.status}`);
  const info = await infoResponse.json();
  const [srm] = info.srm;
  const [vr] = info.replication;
  const srmLogin = await post(`${srm.url}/session`, {
    headers: { authorization: `Basic ${btoa(`${srm.username}:${srm.password}`)}`, accept: "application/json" },
  }, "SRM login");
  const vrLogin = await post(`${vr.url}/sessions`, {
    headers: { "content-type": H4_MEDIA_TYPE, accept: H4_MEDIA_TYPE },
    body: JSON.stringify({ type: "localUser", localUser: vr.username, localPassword: vr.password }),
  }, "replication login");
  const sessionId = (await srmLogin.json()).session_id;
  const token = vrLogin.headers.get("x-vcav-auth");
  if (!sessionId || !token) throw new Error("a login answered without a session");
  byId("host-sessions").textContent = `SRM ${srm.url} and replication ${vr.url}, handed to the plugin when it asks.`;
  return {
    // The real client's SessionInfo carries its vCenter session; this stand-in has none, so its
    // SRM session plays that part. `siteRecovery` is this host's addition.
    sessionToken: sessionId,
    siteRecovery: { srm: { baseUrl: srm.url, sessionId }, replication: { baseUrl: vr.url, token } },
  };
}

const sessionInfo = login().catch((error) => {
  byId("host-sessions").textContent = `no session: ${error.message}`;
  log("error", `Could not log in for the plugin: ${error.message}`);
  return { sessionToken: "" };
});

// ---- the plugin frame and its messages ---------------------------------------------------
const frame = document.createElement("iframe");
frame.title = "Site Recovery plugin";
frame.name = "siterecovery";
frame.className = "plugin-frame";

const toPage = (type, fields) => frame.contentWindow?.postMessage(message(type, fields), pageOrigin);
let pageInitialized = false;

window.addEventListener("message", async (ev) => {
  if (ev.source !== frame.contentWindow || ev.origin !== pageOrigin) {
    log("foreign", `Ignored a message from ${ev.origin || "an opaque origin"}: only the plugin page at ${pageOrigin} talks to this host.`);
    return;
  }
  const m = ev.data;
  if (!isOurs(m)) return;
  if (m.type === "initialize") {
    pageInitialized = true;
    log("info", "The plugin initialized: theme and locale sent.");
    toPage("initialized", { theme: { name: host.theme }, locale: host.locale });
  } else if (m.type === "getSessionInfo") {
    const info = await sessionInfo;
    log("info", info.siteRecovery ? "The plugin asked for the session: SRM and replication sessions handed over." : "The plugin asked for the session: none to hand over.");
    toPage("sessionInfo", { id: m.id, sessionInfo: info });
  } else if (m.type === "foreignMessage") {
    log("foreign", `The plugin ignored a message from ${typeof m.origin === "string" && m.origin ? m.origin : "an opaque origin"}.`);
  }
});

// ---- theme and locale --------------------------------------------------------------------
function setTheme(name) {
  host.theme = name;
  document.body.setAttribute("cds-theme", name);
  for (const b of document.querySelectorAll(".host-theme button")) b.setAttribute("aria-pressed", String(b.dataset.theme === name));
  if (pageInitialized) {
    toPage("themeChanged", { theme: { name } });
    log("info", `Theme changed to ${name}.`);
  }
}

for (const b of document.querySelectorAll(".host-theme button")) b.addEventListener("click", () => setTheme(b.dataset.theme));
setTheme(host.theme);
byId("host-page").textContent = pageUrl.href;
byId("host-locale").textContent = host.locale;

frame.src = pageUrl.href; // after the message listener: the page's first message finds it
byId("host-main").append(frame);
