// Bad input from JS (issue 9.5): one table, run by bad_input.rs in Node, Chrome and Firefox.
// Each case calls one method of the package's JS API with arguments a caller could pass by
// mistake (or on purpose) and says what must come of it:
//
//   field: the call rejects (or throws) a SiteRecoveryError of kind "validation" whose
//          `field` is this path, and the simulator counts no request.
//   sent:  NOT a validation error, and why: neither openapi/*.yaml nor the seeds
//          (shared/seeds/) give a rule that makes it one, so the client must not invent one.
//          The call must not fail validation and must reach the simulator.
//   bug:   a validation error naming `field` is right, but the package does not give it yet
//          (a bug in crates/siterecovery-wasm, which this branch does not edit). The test
//          checks that the bug is still there, so a fix makes it fail: then drop the mark.
//
// `args(c)` builds fresh arguments from the context `c` (bad_input.rs): the simulator's `info`,
// logged-in clients `srm` (site A), `srmB` (site B) and `repl` (appliance A), the classes
// `SrmClient` and `ReplicationClient`, a `task` of `srm` and its resume `token`, and a
// well-formed `pairingId` and `planId` (bad input is refused before they would be looked up).

const MB = "x".repeat(1 << 20);
const TOO_BIG = 2 ** 53 + 2; // an integer a double holds, but above Number.MAX_SAFE_INTEGER

/** `{...base, ...patch}`, where a patch value `undefined` removes the key. */
function patched(base, patch) {
  const out = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) delete out[k];
    else out[k] = v;
  }
  return out;
}

// The good arguments every case starts from.
const pscOf = (c) => {
  const b = c.info.srm[1];
  return { url: b.psc.url, port: b.psc.port, thumbprint: b.psc.thumbprint, username: b.username, password: b.password };
};
const spec = (c, patch = {}) => patched({ pair_vc_guid: c.info.srm[1].vc_guid, pair_psc_info: pscOf(c) }, patch);
const psc = (c, patch) => spec(c, { pair_psc_info: patched(pscOf(c), patch) });
const site = (c, patch = {}) => {
  const b = c.info.replication[1];
  return patched({ apiUrl: b.api_url, apiThumbprint: b.api_thumbprint, description: "bad-input table" }, patch);
};
const srmLogin = (c, patch = {}) => {
  const a = c.info.srm[0];
  return patched({ baseUrl: a.url, username: a.username, password: a.password }, patch);
};
const replLogin = (c, patch = {}) => {
  const a = c.info.replication[0];
  return patched({ baseUrl: a.url, username: a.username, password: a.password }, patch);
};
const remote = (c, patch = {}) => patched({ username: c.info.srm[1].username, password: c.info.srm[1].password }, patch);
const fast = (patch = {}) => ({ minDelayMs: 20, maxDelayMs: 100, ...patch });
/** A resume token of `client`'s SRM API and server for task `id`, as the package writes one. */
const tokenFor = (client, id) =>
  btoa(JSON.stringify({ v: 1, api: "srm", base: client.baseUrl, id })).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
/** `o` with an own enumerable `key` whose getter throws (as a Proxy trap or a lazy field may). */
const throwing = (o, key) =>
  Object.defineProperty(o, key, {
    get() {
      throw new Error(`the ${key} getter threw`);
    },
    enumerable: true,
  });
/** `o` with an own enumerable `key` whose getter gives `first` on its first read, `then` after. */
const volatile = (o, key, first, then) => {
  let reads = 0;
  return Object.defineProperty(o, key, { get: () => (reads++ === 0 ? first : then), enumerable: true });
};
/** A `toJSON` that gives `psc` with a port JSON cannot take as an int32 the first time, `psc` after. */
const volatileToJson = (psc) => {
  let calls = 0;
  return () => (calls++ === 0 ? { ...psc, port: "443" } : psc);
};
/** A revoked Proxy: every read of it, and `Array.isArray`, throws. */
const revoked = (o = {}) => {
  const { proxy, revoke } = Proxy.revocable(o, {});
  revoke();
  return proxy;
};
/** A 32-pair SHA-256 thumbprint with one pair changed. */
const thumb = (c, pair) => c.info.replication[1].api_thumbprint.replace(/:[0-9A-F]{2}$/, `:${pair}`);

export function badInputCases() {
  return [
    // ---- SrmClient.login / ReplicationClient.login: the options object ------------------------
    { on: "SrmClient", method: "login", args: () => [], field: "options" },
    { on: "SrmClient", method: "login", args: () => [5], field: "options" },
    { on: "SrmClient", method: "login", args: (c) => [c.info.srm[0].url], field: "options" },
    { on: "SrmClient", method: "login", args: () => [[]], field: "baseUrl" },
    { on: "SrmClient", method: "login", args: (c) => [srmLogin(c, { baseUrl: undefined })], field: "baseUrl" },
    { on: "SrmClient", method: "login", args: (c) => [srmLogin(c, { baseUrl: 8470 })], field: "baseUrl" },
    { on: "SrmClient", method: "login", args: (c) => [srmLogin(c, { baseUrl: "" })], field: "baseUrl" },
    { on: "SrmClient", method: "login", args: (c) => [srmLogin(c, { baseUrl: "ftp://127.0.0.1/api/rest/srm/v2" })], field: "baseUrl" },
    { on: "SrmClient", method: "login", args: (c) => [srmLogin(c, { baseUrl: "not a url" })], field: "baseUrl" },
    { on: "SrmClient", method: "login", args: (c) => [srmLogin(c, { baseUrl: "https://" })], field: "baseUrl" },
    { on: "SrmClient", method: "login", args: (c) => [srmLogin(c, { baseUrl: "https:///api/rest/srm/v2" })], field: "baseUrl" },
    { on: "SrmClient", method: "login", args: (c) => [srmLogin(c, { baseUrl: "https://srm a.example/api/rest/srm/v2" })], field: "baseUrl" },
    { on: "SrmClient", method: "login", args: (c) => [srmLogin(c, { baseUrl: "https://srm\u2003a.example" })], field: "baseUrl" },
    { on: "SrmClient", method: "login", args: (c) => [srmLogin(c, { baseUrl: MB })], field: "baseUrl" },
    // A user name and password in the URL would show in every error and resume token; paths go
    // after the base URL, so it has no query or fragment.
    { on: "SrmClient", method: "login", args: (c) => [srmLogin(c, { baseUrl: c.info.srm[0].url.replace("://", "://admin:secret@") })], field: "baseUrl" },
    { on: "SrmClient", method: "login", args: (c) => [srmLogin(c, { baseUrl: `${c.info.srm[0].url}?site=a` })], field: "baseUrl" },
    { on: "SrmClient", method: "fromSession", args: (c) => [{ baseUrl: `${c.info.srm[0].url}#a`, sessionId: "s" }], field: "baseUrl" },
    // Values sent as headers: fetch would throw, with the value (a session token) in its message.
    { on: "SrmClient", method: "fromSession", args: (c) => [{ baseUrl: c.info.srm[0].url, sessionId: "site-a-secret\nx" }], field: "sessionId" },
    { on: "ReplicationClient", method: "fromSession", args: (c) => [{ baseUrl: c.info.replication[0].url, token: "vr-a-secret-€" }], field: "token" },
    { on: "repl", method: "getSites", args: () => [{ operationId: "op\r\nid" }], field: "operationId" },
    { on: "repl", method: "getSites", args: () => [{ operationId: "操作" }], field: "operationId" },
    { on: "SrmClient", method: "login", args: (c) => [srmLogin(c, { username: undefined })], field: "username" },
    { on: "SrmClient", method: "login", args: (c) => [srmLogin(c, { username: "" })], field: "username" },
    { on: "SrmClient", method: "login", args: (c) => [srmLogin(c, { username: "\u00a0\u3000" })], field: "username" },
    { on: "SrmClient", method: "login", args: (c) => [srmLogin(c, { username: 42 })], field: "username" },
    { on: "SrmClient", method: "login", args: (c) => [srmLogin(c, { password: undefined })], field: "password" },
    { on: "SrmClient", method: "login", args: (c) => [srmLogin(c, { password: "" })], field: "password" },
    { on: "SrmClient", method: "login", args: (c) => [srmLogin(c, { password: NaN })], field: "password" },
    { on: "SrmClient", method: "login", args: (c) => [srmLogin(c, { password: 12345678901234567890n })], field: "password" },
    { on: "SrmClient", method: "login", args: (c) => [srmLogin(c, { password: { toString: () => "site-a-secret" } })], field: "password" },
    // A password reached only through the prototype is not the caller's own: `__proto__` as
    // a JSON key is an own property named "__proto__", not a prototype.
    { on: "SrmClient", method: "login", args: (c) => [Object.assign(JSON.parse('{"__proto__": {"password": "x"}}'), srmLogin(c, { password: undefined }))], field: "password" },
    { on: "SrmClient", method: "login", args: (c) => [srmLogin(c, { apiVersion: "3.0.0" })], field: "apiVersion" },
    { on: "SrmClient", method: "login", args: (c) => [srmLogin(c, { apiVersion: 2 })], field: "apiVersion" },
    { on: "SrmClient", method: "login", args: (c) => [srmLogin(c, { credentials: "administrator:pw" })], field: "credentials" },
    { on: "SrmClient", method: "login", args: (c) => [srmLogin(c, { signal: { aborted: false } })], field: "signal" },
    { on: "SrmClient", method: "login", args: (c) => [srmLogin(c, { operationId: 7 })], field: "operationId" },
    // A lone surrogate is no Unicode text: the Basic header (UTF-8) cannot carry it.
    { on: "SrmClient", method: "login", args: (c) => [srmLogin(c, { password: "pa\uD800ss" })], field: "password" },
    { on: "ReplicationClient", method: "login", args: (c) => [replLogin(c, { password: "" })], field: "password" },
    { on: "ReplicationClient", method: "login", args: (c) => [replLogin(c, { username: ["admin"] })], field: "username" },
    { on: "ReplicationClient", method: "login", args: (c) => [replLogin(c, { apiVersion: "4.6" })], field: "apiVersion" },
    { on: "ReplicationClient", method: "login", args: (c) => [replLogin(c, { baseUrl: "vr.example.com:8048" })], field: "baseUrl" },
    { on: "ReplicationClient", method: "login", args: (c) => [replLogin(c, { password: "\uDC00" })], field: "password" },

    // ---- createPairing: the PairingSpec body ------------------------------------------------
    { on: "srm", method: "createPairing", args: () => [], field: "pair_psc_info" },
    { on: "srm", method: "createPairing", args: () => [{}], field: "pair_psc_info" },
    { on: "srm", method: "createPairing", args: () => ["pairing"], field: "body" },
    { on: "srm", method: "createPairing", args: () => [[]], field: "body" },
    { on: "srm", method: "createPairing", args: () => [42], field: "body" },
    { on: "srm", method: "createPairing", args: (c) => [spec(c, { pair_vc_guid: undefined })], field: "pair_vc_guid" },
    { on: "srm", method: "createPairing", args: (c) => [spec(c, { pair_vc_guid: null })], field: "pair_vc_guid" },
    { on: "srm", method: "createPairing", args: (c) => [spec(c, { pair_vc_guid: 42 })], field: "pair_vc_guid" },
    { on: "srm", method: "createPairing", args: (c) => [spec(c, { pair_vc_guid: () => "guid" })], field: "pair_vc_guid" },
    { on: "srm", method: "createPairing", args: (c) => [spec(c, { pair_vc_guid: Symbol("guid") })], field: "pair_vc_guid" },
    { on: "srm", method: "createPairing", args: (c) => [spec(c, { pair_psc_info: undefined })], field: "pair_psc_info" },
    { on: "srm", method: "createPairing", args: (c) => [spec(c, { pair_psc_info: "vc-b.srm-sim.local" })], field: "pair_psc_info" },
    { on: "srm", method: "createPairing", args: (c) => [spec(c, { pair_psc_info: [pscOf(c)] })], field: "pair_psc_info" },
    { on: "srm", method: "createPairing", args: (c) => [spec(c, { pair_srm_url: 443 })], field: "pair_srm_url" },
    { on: "srm", method: "createPairing", args: (c) => [psc(c, { url: undefined })], field: "pair_psc_info.url" },
    { on: "srm", method: "createPairing", args: (c) => [psc(c, { url: ["https://vc-b"] })], field: "pair_psc_info.url" },
    { on: "srm", method: "createPairing", args: (c) => [psc(c, { thumbprint: undefined })], field: "pair_psc_info.thumbprint" },
    { on: "srm", method: "createPairing", args: (c) => [psc(c, { thumbprint: { sha1: "AA:BB" } })], field: "pair_psc_info.thumbprint" },
    { on: "srm", method: "createPairing", args: (c) => [psc(c, { username: true })], field: "pair_psc_info.username" },
    { on: "srm", method: "createPairing", args: (c) => [psc(c, { password: undefined })], field: "pair_psc_info.password" },
    { on: "srm", method: "createPairing", args: (c) => [psc(c, { password: 1234 })], field: "pair_psc_info.password" },
    { on: "srm", method: "createPairing", args: (c) => [psc(c, { port: undefined })], field: "pair_psc_info.port" },
    { on: "srm", method: "createPairing", args: (c) => [psc(c, { port: "443" })], field: "pair_psc_info.port" },
    { on: "srm", method: "createPairing", args: (c) => [psc(c, { port: MB })], field: "pair_psc_info.port" },
    { on: "srm", method: "createPairing", args: (c) => [psc(c, { port: 443.5 })], field: "pair_psc_info.port" },
    { on: "srm", method: "createPairing", args: (c) => [psc(c, { port: NaN })], field: "pair_psc_info.port" },
    { on: "srm", method: "createPairing", args: (c) => [psc(c, { port: Infinity })], field: "pair_psc_info.port" },
    { on: "srm", method: "createPairing", args: (c) => [psc(c, { port: -Infinity })], field: "pair_psc_info.port" },
    { on: "srm", method: "createPairing", args: (c) => [psc(c, { port: TOO_BIG })], field: "pair_psc_info.port" },
    { on: "srm", method: "createPairing", args: (c) => [psc(c, { port: -TOO_BIG })], field: "pair_psc_info.port" },
    { on: "srm", method: "createPairing", args: (c) => [psc(c, { port: 1e300 })], field: "pair_psc_info.port" },
    { on: "srm", method: "createPairing", args: (c) => [psc(c, { port: 2 ** 31 })], field: "pair_psc_info.port" }, // int32
    { on: "srm", method: "createPairing", args: (c) => [psc(c, { port: -(2 ** 31) - 1 })], field: "pair_psc_info.port" },
    { on: "srm", method: "createPairing", args: (c) => [psc(c, { port: 443n })], field: "pair_psc_info.port" },
    // Fields reached only through a prototype are not sent (JSON.stringify takes own ones).
    { on: "srm", method: "createPairing", args: (c) => [{ __proto__: { pair_vc_guid: c.info.srm[1].vc_guid }, pair_psc_info: pscOf(c) }], field: "pair_vc_guid" },
    { on: "srm", method: "createPairing", args: (c) => [spec(c, { pair_psc_info: Object.assign(Object.create({ port: 443 }), patched(pscOf(c), { port: undefined })) })], field: "pair_psc_info.port" },
    { on: "srm", method: "createPairing", args: (c) => [JSON.parse(`{"__proto__": {"pair_vc_guid": "guid"}, "pair_psc_info": ${JSON.stringify(pscOf(c))}}`)], field: "pair_vc_guid" },
    // Values JSON cannot carry as given are refused where they are, also in a field the schema
    // does not name (JSON.stringify would send NaN as null).
    { on: "srm", method: "createPairing", args: (c) => [spec(c, { note: NaN })], field: "note" },
    { on: "srm", method: "createPairing", args: (c) => [psc(c, { extra: { ports: [443, Infinity] } })], field: "pair_psc_info.extra.ports[1]" },
    { on: "srm", method: "createPairing", args: (c) => [spec(c, { note: 1n })], field: "note" },
    // A body JSON.stringify cannot send: a cycle (the check would give up deep inside it).
    { on: "srm", method: "createPairing", args: (c) => { const s = spec(c); s.pair_psc_info.self = s; return [s]; }, field: "body" },
    // What a `toJSON` returns is what is sent, so that is what is checked.
    { on: "srm", method: "createPairing", args: (c) => [spec(c, { pair_psc_info: { toJSON: () => patched(pscOf(c), { port: "443" }) } })], field: "pair_psc_info.port" },
    { on: "srm", method: "createPairing", args: (c) => [spec(c, { pair_psc_info: { toJSON() { throw new Error("no"); } } })], field: "pair_psc_info" },
    // What is checked is what is sent: a getter that answers differently each time is read
    // once, by JSON.stringify, and that answer is checked.
    { on: "srm", method: "createPairing", args: (c) => [spec(c, { pair_psc_info: volatile(pscOf(c), "port", "443", 443) })], field: "pair_psc_info.port" },
    { on: "srm", method: "createPairing", args: (c) => [spec(c, { pair_psc_info: { toJSON: volatileToJson(pscOf(c)) } })], field: "pair_psc_info.port" },
    { on: "srm", method: "createPairing", args: (c) => [spec(c), 5], field: "options" },
    { on: "srm", method: "createPairing", args: (c) => [spec(c), { signal: "abort" }], field: "signal" },

    // Not validation errors: no rule in the spec or the seeds.
    { on: "srm", method: "createPairing", args: (c) => [spec(c, { pair_psc_info: { toJSON: () => pscOf(c) } })], sent: "JSON.stringify sends what toJSON returns: a valid pair_psc_info" },
    { on: "srm", method: "createPairing", args: (c) => [{ toJSON: () => spec(c) }], sent: "a body's own toJSON is what JSON.stringify sends" },
    { on: "srm", method: "createPairing", args: (c) => [psc(c, { port: new Number(443) })], sent: "JSON.stringify sends a Number object as its number" },
    { on: "srm", method: "createPairing", args: (c) => [spec(c, { note: new Date(0), tags: [1, () => 2, undefined] })], sent: "free-form values as JSON.stringify sends them: a Date as its ISO text, a function or undefined in an array as null" },
    { on: "srm", method: "createPairing", args: (c) => [psc(c, { port: -1 })], sent: "seed 000/001: port is `integer as int32` (example 0), no range; any int32 is valid" },
    { on: "srm", method: "createPairing", args: (c) => [psc(c, { url: "not a url" })], sent: "seed 000/001: pair_psc_info.url is a plain string (example \"string\", PowerCLI \"MyUrl\"), no format" },
    { on: "srm", method: "createPairing", args: (c) => [psc(c, { thumbprint: "not a thumbprint" })], sent: "seed 000/001: pair_psc_info.thumbprint is a plain string (PowerCLI \"MyThumbprint\"), no format" },
    { on: "srm", method: "createPairing", args: (c) => [spec(c, { pair_vc_guid: "" })], sent: "seed 001: pair_vc_guid is a required string, no minLength" },
    { on: "srm", method: "createPairing", args: (c) => [spec(c, { pair_vc_guid: MB })], sent: "no maxLength on pair_vc_guid in the spec or the seeds" },
    { on: "srm", method: "createPairing", args: (c) => [psc(c, { username: "Ädmin 管理者 🙂@vsphere.local" })], sent: "any Unicode text is a string" },
    // In a body JSON.stringify would write the escape \ud800, but that is no Unicode text either:
    // the native client cannot hold it and strict JSON parsers (serde_json) refuse it.
    { on: "srm", method: "createPairing", args: (c) => [spec(c, { pair_vc_guid: "\uD800" })], field: "pair_vc_guid" },
    { on: "srm", method: "createPairing", args: (c) => [spec(c, { note: "extra" })], sent: "PairingSpec is an open object (no additionalProperties: false in the spec, none in seed 001): an unknown field is allowed" },
    { on: "srm", method: "createPairing", args: (c) => [spec(c, { note: TOO_BIG })], sent: "a field no schema types is free-form: a number above 2^53 is still JSON, sent as that double's digits (typed integer fields refuse it, above)" },
    { on: "srm", method: "createPairing", args: (c) => [{ ...spec(c), constructor: { prototype: { polluted: true } } }], sent: "`constructor` is just an unknown field of an open object (and pollutes nothing: checked after the table)" },
    { on: "srm", method: "createPairing", args: (c) => [JSON.parse(`{"__proto__": {"polluted": true}, ${JSON.stringify(spec(c)).slice(1)}`)], sent: "an own `__proto__` key is an unknown field of an open object, sent as a plain key" },
    {
      on: "srm", method: "createPairing", args: (c) => [spec(c, { pair_srm_url: "https://srm-b.example", pair_srm_thumbprint: "   " })],
      sent: "seed 001 does define this rule (pair_srm_thumbprint must not be empty or blank when pair_srm_url has a value), but it links two fields and OpenAPI 3.0 has no way to say so: the spec lacks it (reported)",
    },

    // ---- other SRM bodies, path parameters, query parameters, remote login ------------------
    { on: "srm", method: "runReprotect", args: (c) => [c.pairingId, c.planId, { forced: "yes" }], field: "forced" },
    { on: "srm", method: "runTestRecovery", args: (c) => [c.pairingId, c.planId, { sync_data: 1 }], field: "sync_data" },
    { on: "srm", method: "runRecovery", args: (c) => [c.pairingId, c.planId, { planned_failover: "false" }], field: "planned_failover" },
    { on: "srm", method: "runCleanupTestRecovery", args: (c) => [c.pairingId, c.planId, { forced: null, sync: NaN }], field: "sync" },
    { on: "srm", method: "getPairing", args: () => [], field: "pairingId" },
    { on: "srm", method: "getPairing", args: () => [""], field: "pairingId" },
    { on: "srm", method: "getPairing", args: () => [" \t\n\u3000"], field: "pairingId" },
    { on: "srm", method: "getPairing", args: () => [null], field: "pairingId" },
    { on: "srm", method: "getPairing", args: () => [42], field: "pairingId" },
    { on: "srm", method: "getPairing", args: (c) => [{ pairing_id: c.pairingId }], field: "pairingId" },
    { on: "srm", method: "getPairing", args: () => ["\uDC00"], field: "pairingId" },
    // Dot segments: a URL parser resolves them (`/pairings/..` is the API root).
    { on: "srm", method: "getPairing", args: () => [".."], field: "pairingId" },
    { on: "srm", method: "getRecoveryPlan", args: (c) => [c.pairingId, "."], field: "planId" },
    { on: "srm", method: "getRecoveryPlan", args: (c) => [c.pairingId], field: "planId" },
    { on: "srm", method: "getRecoveryPlan", args: (c) => [c.pairingId, NaN], field: "planId" },
    { on: "srm", method: "getTaskInfo", args: () => [Infinity], field: "taskId" },
    { on: "srm", method: "getPairings", args: () => ["limit=10"], field: "query" },
    { on: "srm", method: "getPairings", args: () => [[10]], field: "query" },
    { on: "srm", method: "getPairings", args: () => [{ limit: 10 }], field: "limit" },
    { on: "srm", method: "getPairings", args: () => [{ limit: -1 }], field: "limit" },
    { on: "srm", method: "getPairings", args: () => [{ filter: "vm-1" }], field: "filter" },
    { on: "srm", method: "getPairings", args: () => [{ filter: ["vm-1", NaN] }], field: "filter[1]" },
    { on: "srm", method: "getPairings", args: () => [{ pageSize: 10 }], field: "pageSize" },
    { on: "srm", method: "getPairings", args: () => [JSON.parse('{"__proto__": {"limit": "1"}}')], field: "__proto__" },
    { on: "srm", method: "getPairings", args: () => [{ constructor: "Object" }], field: "constructor" },
    { on: "srm", method: "getPairings", args: () => [{}, { operationId: 1 }], field: "operationId" },
    { on: "srm", method: "getAllRecoveryPlans", args: (c) => [c.pairingId, { offset: 10 }], field: "offset" },
    { on: "srm", method: "getPairings", args: () => [{ filter_property: "na\uD800me" }], field: "filter_property" },
    { on: "srm", method: "getPairings", args: () => [{ limit: "-1" }], sent: "the vendor types limit as a string holding a number; neither the spec nor the seeds give a pattern or range" },
    { on: "srm", method: "getPairing", args: () => ["..."], sent: "three dots are a name, not a dot segment" },
    { on: "srm", method: "getPairing", args: () => ["__proto__"], sent: "pairing_id is a plain string (seed 000/002): any non-blank id is sent, the server answers 404" },
    { on: "srm", method: "createRemoteSession", args: (c) => [5, remote(c)], field: "pairingId" },
    { on: "srm", method: "createRemoteSession", args: (c) => [c.pairingId], field: "credentials" },
    { on: "srm", method: "createRemoteSession", args: (c) => [c.pairingId, "administrator@vsphere.local:pw"], field: "credentials" },
    { on: "srm", method: "createRemoteSession", args: (c) => [c.pairingId, remote(c, { password: undefined })], field: "password" },
    { on: "srm", method: "createRemoteSession", args: (c) => [c.pairingId, remote(c, { username: " " })], field: "username" },
    { on: "srm", method: "createRemoteSession", args: (c) => [c.pairingId, remote(c), "options"], field: "options" },
    { on: "srm", method: "loginRemote", args: (c) => [c.pairingId, remote(c, { password: Infinity })], field: "password" },
    { on: "srm", method: "createRemoteSession", args: (c) => [c.pairingId, remote(c, { password: "\uD83D" })], field: "password" },

    // ---- resume tokens ------------------------------------------------------------------
    { on: "srm", method: "resumeTask", args: () => ["garbage"], field: "token" },
    { on: "srm", method: "resumeTask", args: () => [5], field: "token" },
    // A token edited by hand to an id that addresses no task.
    { on: "srm", method: "resumeTask", args: (c) => [tokenFor(c.srm, "..")], field: "token" },
    { on: "srm", method: "resumeTask", args: (c) => [tokenFor(c.srm, " ")], field: "token" },
    { on: "srm", method: "resumeTask", args: () => [], field: "token" },
    { on: "srm", method: "resumeTask", args: () => [""], field: "token" },
    { on: "srm", method: "resumeTask", args: () => [MB], field: "token" },
    { on: "srm", method: "resumeTask", args: () => ["🙂\u0000\uFFFF"], field: "token" },
    { on: "srmB", method: "resumeTask", args: (c) => [c.token], field: "token" }, // another server's task
    { on: "srm", method: "resumeTask", args: (c) => [c.token + "x"], field: "token" },
    { on: "repl", method: "resumeTask", args: (c) => [c.token], field: "token" },

    // ---- the h4 appliance: pairSite's UpdateSiteRequest, getTask, call options -------------
    { on: "repl", method: "pairSite", args: (c) => [site(c, { apiUrl: "ftp://10.71.248.18:8048/" })], field: "apiUrl" },
    { on: "repl", method: "pairSite", args: (c) => [site(c, { apiUrl: "not a url" })], field: "apiUrl" },
    { on: "repl", method: "pairSite", args: (c) => [site(c, { apiUrl: "https://" })], field: "apiUrl" },
    { on: "repl", method: "pairSite", args: (c) => [site(c, { apiUrl: "https:// vr-b" })], field: "apiUrl" },
    { on: "repl", method: "pairSite", args: (c) => [site(c, { apiUrl: "https://\u3000/" })], field: "apiUrl" },
    { on: "repl", method: "pairSite", args: (c) => [site(c, { apiUrl: MB })], field: "apiUrl" },
    { on: "repl", method: "pairSite", args: (c) => [site(c, { apiUrl: 8048 })], field: "apiUrl" },
    { on: "repl", method: "pairSite", args: (c) => [site(c, { apiThumbprint: "SHA-1:" + "AB:".repeat(19) + "AB" })], field: "apiThumbprint" },
    { on: "repl", method: "pairSite", args: (c) => [site(c, { apiThumbprint: c.info.replication[1].api_thumbprint.toLowerCase() })], field: "apiThumbprint" },
    { on: "repl", method: "pairSite", args: (c) => [site(c, { apiThumbprint: thumb(c, "ＡＢ") })], field: "apiThumbprint" },
    { on: "repl", method: "pairSite", args: (c) => [site(c, { apiThumbprint: c.info.replication[1].api_thumbprint + ":AB" })], field: "apiThumbprint" },
    { on: "repl", method: "pairSite", args: (c) => [site(c, { apiThumbprint: c.info.replication[1].api_thumbprint + "\n" })], field: "apiThumbprint" },
    { on: "repl", method: "pairSite", args: (c) => [site(c, { apiThumbprint: "" })], field: "apiThumbprint" },
    { on: "repl", method: "pairSite", args: (c) => [site(c, { apiThumbprint: MB })], field: "apiThumbprint" },
    { on: "repl", method: "pairSite", args: (c) => [site(c, { description: 5 })], field: "description" },
    { on: "repl", method: "pairSite", args: (c) => [site(c, { description: -0.5, apiUrl: undefined })], field: "description" },
    { on: "repl", method: "pairSite", args: (c) => [site(c), { operationId: 5 }], field: "operationId" },
    { on: "repl", method: "pairSite", args: () => [true], field: "body" },
    { on: "repl", method: "getTask", args: () => ["not-a-uuid"], field: "id" },
    { on: "repl", method: "getTask", args: () => ["6f1c1c36-1f2b-4a53-9a8e-3b2d3c1e0f1"], field: "id" },
    { on: "repl", method: "getTask", args: () => [MB], field: "id" },
    { on: "repl", method: "getTask", args: () => [-1], field: "id" },
    { on: "repl", method: "getSites", args: () => [5], field: "options" },
    { on: "repl", method: "getSites", args: () => [{ signal: {} }], field: "signal" },
    { on: "repl", method: "pairSite", args: () => [{}], sent: "seed 003 marks apiUrl and apiThumbprint Optional: an empty UpdateSiteRequest is valid" },
    { on: "repl", method: "pairSite", args: (c) => [site(c, { apiUrl: "https://vr-b.例え.jp:8048/" })], sent: "apiUrl's pattern (^https?://[^\\s/]+) takes any host text, IDN too" },
    { on: "ReplicationClient", method: "pairSites", args: (c) => [c.repl, c.repl, fast({ timeoutMs: NaN })], field: "timeoutMs" },
    { on: "ReplicationClient", method: "pairSites", args: (c) => [c.repl, c.repl, fast({ description: 5 })], field: "description" },
    { on: "ReplicationClient", method: "pairSites", args: (c) => [c.repl, c.repl, fast({ signal: "abort" })], field: "signal" },
    { on: "ReplicationClient", method: "pairSites", args: (c) => [c.repl, c.repl, "fast"], field: "options" },
    { on: "ReplicationClient", method: "pairSites", args: (c) => [c.repl, { baseUrl: c.info.replication[1].url }, fast()], field: "remote" },
    { on: "ReplicationClient", method: "pairSites", args: (c) => [c.repl, c.repl, fast()], field: "remote" },

    // ---- Task.wait / Task.refresh options --------------------------------------------------
    { on: "task", method: "wait", args: () => [5], field: "options" },
    { on: "task", method: "wait", args: () => ["fast"], field: "options" },
    { on: "task", method: "wait", args: () => [fast({ timeoutMs: -1 })], field: "timeoutMs" },
    { on: "task", method: "wait", args: () => [fast({ timeoutMs: NaN })], field: "timeoutMs" },
    { on: "task", method: "wait", args: () => [fast({ timeoutMs: Infinity })], field: "timeoutMs" },
    { on: "task", method: "wait", args: () => [fast({ timeoutMs: "600000" })], field: "timeoutMs" },
    { on: "task", method: "wait", args: () => [fast({ timeoutMs: 600000n })], field: "timeoutMs" },
    { on: "task", method: "wait", args: () => [fast({ minDelayMs: -20 })], field: "minDelayMs" },
    { on: "task", method: "wait", args: () => [fast({ maxDelayMs: 10 })], field: "maxDelayMs" },
    { on: "task", method: "wait", args: () => [fast({ maxDelayMs: Infinity })], field: "maxDelayMs" },
    { on: "task", method: "wait", args: () => [fast({ onProgress: "bar" })], field: "onProgress" },
    { on: "task", method: "wait", args: () => [fast({ signal: { aborted: true } })], field: "signal" },
    { on: "task", method: "wait", args: () => [JSON.parse('{"__proto__": {"x": 1}, "timeoutMs": -5}')], field: "timeoutMs" },
    { on: "task", method: "refresh", args: () => [7], field: "options" },
    { on: "task", method: "refresh", args: () => [{ signal: null, operationId: {} }], field: "operationId" },

    // ---- An option that cannot be read -----------------------------------------------------
    // A getter or a Proxy trap that throws is bad input naming the option, never an absent
    // option: a `signal` read as absent would leave the call without its abort.
    { on: "srm", method: "getPairings", args: () => [undefined, throwing({}, "signal")], field: "signal" },
    { on: "srm", method: "logout", args: () => [throwing({}, "signal")], field: "signal" },
    { on: "task", method: "wait", args: () => [throwing(fast(), "signal")], field: "signal" },
    { on: "task", method: "wait", args: () => [throwing(fast(), "timeoutMs")], field: "timeoutMs" },
    { on: "task", method: "wait", args: () => [throwing(fast(), "onProgress")], field: "onProgress" },
    { on: "SrmClient", method: "login", args: (c) => [throwing(srmLogin(c), "password")], field: "password" },
    { on: "SrmClient", method: "login", args: (c) => [throwing(srmLogin(c), "credentials")], field: "credentials" },
    {
      on: "SrmClient",
      method: "login",
      args: (c) =>
        [new Proxy(srmLogin(c), {
          get() {
            throw new Error("trap");
          },
        })],
      field: "baseUrl",
    },
    { on: "srm", method: "createRemoteSession", args: (c) => [c.pairingId, throwing(remote(c), "username")], field: "username" },
    { on: "ReplicationClient", method: "pairSites", args: (c) => [c.repl, c.repl, throwing(fast(), "description")], field: "description" },
    // ... and so is a field of a body or of the parameters object, named by its path.
    { on: "srm", method: "createPairing", args: (c) => [throwing(spec(c), "pair_vc_guid")], field: "pair_vc_guid" },
    { on: "srm", method: "createPairing", args: (c) => [spec(c, { pair_psc_info: throwing(pscOf(c), "port") })], field: "pair_psc_info.port" },
    { on: "srm", method: "createPairing", args: (c) => [spec(c, { tags: throwing([1, 2], "1") })], field: "tags[1]" },
    { on: "srm", method: "getPairings", args: () => [throwing({}, "limit")], field: "limit" },
    { on: "repl", method: "pairSite", args: (c) => [throwing(site(c), "apiUrl")], field: "apiUrl" },
    // A revoked Proxy cannot be read at all.
    { on: "srm", method: "createPairing", args: () => [revoked()], field: "body" },
    { on: "srm", method: "createPairing", args: (c) => [spec(c, { pair_psc_info: revoked() })], field: "pair_psc_info" },
    { on: "srm", method: "createPairing", args: (c) => [spec(c, { tags: [1, revoked()] })], field: "tags[1]" },
    { on: "srm", method: "getPairings", args: () => [revoked()], field: "query" },
    // An options object that cannot be read names the first option read, as a throwing trap does.
    { on: "srm", method: "getPairings", args: () => [undefined, revoked()], field: "operationId" },
    { on: "repl", method: "pairSite", args: () => [revoked()], field: "body" },
    { on: "task", method: "wait", args: () => [revoked()], field: "timeoutMs" },
    { on: "SrmClient", method: "login", args: () => [revoked()], field: "baseUrl" },
    { on: "srm", method: "createRemoteSession", args: (c) => [c.pairingId, revoked()], field: "username" },
  ];
}
