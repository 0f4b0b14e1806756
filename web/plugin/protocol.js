// The messages between the plugin host stand-in (web/plugin/host.js) and the page
// (web/plugin-sdk.js), both sides' one source. Every message carries `protocol`; anything
// else on the window's message channel is not ours.
//
// page -> host   { type: "initialize" }
//                { type: "getSessionInfo", id }
//                { type: "foreignMessage", origin }      the page ignored a message from `origin`
// host -> page   { type: "initialized", theme: { name }, locale }
//                { type: "sessionInfo", id, sessionInfo } answers getSessionInfo `id`
//                { type: "themeChanged", theme: { name } }
//
// sessionInfo is the vSphere Client's `{ sessionToken }` plus, from this host only,
// `siteRecovery: { srm: { baseUrl, sessionId }, replication: { baseUrl, token } }`.

export const PROTOCOL = "siterecovery-plugin-host/1";

/** `data` is one of our messages (of any type). */
export const isOurs = (data) => data !== null && typeof data === "object" && data.protocol === PROTOCOL;

/** A message of ours, ready for postMessage. */
export const message = (type, fields = {}) => ({ protocol: PROTOCOL, type, ...fields });
