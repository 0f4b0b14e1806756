// The package's JS side, one module (one request, one gzip stream): the error class every
// rejection uses, how the module reads plain JS values as JSON, the one fetch, the operations
// installed on each client class, and ReplicationClient.pairSites' steps.

// ---- Errors ----
// The one error class every rejection of the package uses.
export class SiteRecoveryError extends Error {
  constructor(message, fields) {
    super(message);
    // An aborted wait is an AbortError, like fetch's, so `e.name === "AbortError"` works.
    this.name = fields && fields.kind === "aborted" ? "AbortError" : "SiteRecoveryError";
    Object.assign(this, fields);
  }
}

// The error of a `Failure` (src/errors.rs): its fields, then its kind, status, `retryAfterMs` and
// `taskId` (each left out when the module has none).
export function makeError(message, fields, ...values) {
  ["kind", "status", "retryAfterMs", "taskId"].forEach((key, i) => values[i] !== undefined && (fields[key] = values[i]));
  return new SiteRecoveryError(message, fields);
}

// The error of a `Failure` of the module, whose kind comes as a number: its `Kind` (src/errors.rs),
// in the same order.
const KINDS = ["validation", "http", "network", "decode", "task", "timeout", "aborted", "internal"];
export function failureError(message, fields, kind, ...values) {
  return makeError(message, fields, KINDS[kind], ...values);
}

// A panic left in the package (src/executor.rs) throws this; it has already rejected the call
// it stopped, if one was running.
export function throwInternal(message) {
  throw new SiteRecoveryError(message, { kind: "internal" });
}

// ---- init() ----
// The module `init()` loads: its argument, the module itself (a URL or its text, a Request, a
// Response, its bytes, a WebAssembly.Module, or a Promise of one), or `{ module_or_path }`
// holding it, as wasm-bindgen's glue takes them; `undefined` for the module beside the entry.
// An options object of another realm (a plugin host's frame) or without a prototype is one
// too: the glue tells options from the module by `Object.prototype`, and took those for the
// module.
export function moduleInput(o) {
  if (o == null) return undefined;
  if (typeof o === "object" && Object.hasOwn(o, "module_or_path")) return o.module_or_path;
  return typeof o === "object" && Object.getPrototypeOf(o) === Object.prototype ? undefined : o;
}

// The module instantiated with `imports`, from what `moduleInput` gave: `{ instance, module }`.
// As wasm-bindgen's own init loads it (fetched when named; compiled while it streams in; from
// its bytes, with a warning, when the server does not send it as `application/wasm`), with
// none of its deprecated forms: 0.2 KB gzip less than the glue's (crates/xtask/src/dist.rs).
export async function instantiate(input, imports) {
  input = await input;
  if (typeof input === "string" || (typeof Request === "function" && input instanceof Request) || input instanceof URL) {
    input = await fetch(input);
  }
  if (typeof Response === "function" && input instanceof Response) {
    if (!input.ok) throw new Error(`failed to fetch Wasm: ${input.status} ${input.statusText} fetching '${input.url}'`);
    if (typeof WebAssembly.instantiateStreaming === "function") {
      try {
        return await WebAssembly.instantiateStreaming(input, imports);
      } catch (e) {
        const ours = ["basic", "cors", "default"].includes(input.type);
        if (!ours || input.headers.get("Content-Type") === "application/wasm") throw e;
        console.warn("siterecovery: the server sends the module without the application/wasm type, so it loads the slower way:", e);
      }
    }
    input = await input.arrayBuffer();
  }
  const made = await WebAssembly.instantiate(input, imports);
  return made instanceof WebAssembly.Instance ? { instance: made, module: input } : made;
}

// ---- Freed handles ----
// A handle whose `free()` was called (wasm-bindgen's glue sets its pointer to 0) answers
// with a SiteRecoveryError, not the glue's plain Error: its Promise-returning methods reject,
// the others throw; `free()` and `[Symbol.dispose]()` again do nothing. Calls already out
// are not the handle's: they settle as before.
const ASYNC_METHODS = ["wait", "refresh"];

// Once per class, when it gets its operations or task getters.
function guardFreed(proto, what) {
  for (const name of Object.getOwnPropertyNames(proto)) {
    const d = Object.getOwnPropertyDescriptor(proto, name);
    const key = d.get ? "get" : "value";
    const f = d[key];
    if (name === "constructor" || name.startsWith("__destroy") || typeof f !== "function") continue;
    d[key] = function (...args) {
      if (this && this.__wbg_ptr === 0) {
        // Freeing twice (`free()`, then a `using` block's dispose) is no error.
        if (name === "free") return;
        const e = makeError(`this ${what} was freed (free() was called on it)`, { kind: "validation" });
        if (ASYNC_METHODS.includes(name)) return Promise.reject(e);
        throw e;
      }
      return f.apply(this, args);
    };
    Object.defineProperty(proto, name, d);
  }
  if (typeof Symbol.dispose === "symbol" && proto[Symbol.dispose]) proto[Symbol.dispose] = proto.free;
}

// ---- Logging in ----
// The `Authorization` value of an SRM login (src/session.rs `Credentials::basic`):
// `Basic base64(username:password)`, as the native client writes it (a wasm-bindgen test holds
// the two together). Nothing keeps or shows it.
export function basicAuth(username, password) {
  return "Basic " + base64(`${username}:${password}`);
}

// h4's `POST /sessions` body (src/session.rs).
export function h4LoginBody(localUser, localPassword) {
  return { type: "localUser", localUser, localPassword };
}

// ---- Logging in again ----
// The `credentials()` callback's answer (a value, a Promise, or a Promise of another realm:
// `Promise.resolve` takes all), or a rejection when `signal` aborts first (a login dialog may
// stay open): the module awaits this one Promise.
export function askCredentials(f, signal) {
  return new Promise((ok, fail) => {
    if (!signal) return Promise.resolve().then(f).then(ok, fail);
    if (signal.aborted) return fail();
    signal.addEventListener("abort", fail, { once: true });
    Promise.resolve()
      .then(f)
      .then(ok, fail)
      .finally(() => signal.removeEventListener("abort", fail));
  });
}

// ---- Task getters ----
// Each reads the handle's latest view, one plain object made once per view (src/task.rs).
const TASK_FIELDS = ["id", "api", "state", "progress", "description", "startTime", "endTime", "error", "result", "raw"];

export function installTaskGetters(proto) {
  guardFreed(proto, "task");
  for (const name of TASK_FIELDS) {
    Object.defineProperty(proto, name, {
      get() {
        return this.__view()[name];
      },
      configurable: true,
    });
  }
  // `wait()` and `refresh()` resolve with the very handle they were called on (the module's
  // methods resolve with nothing).
  for (const name of ["wait", "refresh"]) {
    const method = proto[name];
    Object.defineProperty(proto, name, {
      value(options) {
        return method.call(this, options).then(() => this);
      },
      writable: true,
      configurable: true,
    });
  }
}

// ---- Task views ----
// A task body of either API read as one view (src/view.rs): the answers of siterecovery-core's
// `TaskView::read` (native clients keep it; a wasm-bindgen test holds the two together, body
// by body). The view is what the getters read: `{ id, api, state, progress, description,
// startTime, endTime, error, result, raw }`, times as epoch milliseconds or null.
const TASK_STATES = ["queued", "running", "succeeded", "failed", "cancelled"];
// Per API: the state's key and its names (the index into TASK_STATES), the start and end
// times' keys, a failure's code keys, message key and details key.
const TASK_APIS = {
  srm: ["status", { __proto__: null, QUEUED: 0, RUNNING: 1, SUCCESS: 2, ERROR: 3, CANCELLED: 4 }, "start_time", "complete_time", ["code", "error_code"], "message", "details"],
  h4: ["state", { __proto__: null, QUEUED: 0, PENDING: 0, RUNNING: 1, SUCCEEDED: 2, FAILED: 3, CANCELLED: 4, CANCELED: 4 }, "startTime", "endTime", ["code"], "msg"],
};

// A non-empty string at `key` of `o`, else null.
function stringAt(o, key) {
  const s = ownValue(o, key);
  return typeof s === "string" && s !== "" ? s : null;
}

// An ISO-8601 / RFC 3339 time as servers write it (siterecovery-schema's `date_time_fields`,
// lenient): `T`, `t` or a space; a `.` or `,` fraction; `Z`, `±hh:mm`, `±hhmm` or no offset (UTC).
const SERVER_TIME = /^(\d{4})-(\d\d)-(\d\d)[Tt ]([01]\d|2[0-3]):([0-5]\d):([0-5]\d|60)(?:[.,](\d+))?(?:[Zz]|([+-])([01]\d|2[0-3]):?([0-5]\d))?$/;

// Epoch milliseconds of a task time, as siterecovery-core's `time::epoch_ms` reads it: a whole
// number, an integer string (an i64) or a server time; null for anything else and for times
// not after 1970 (h4 sends -1, SRM 0, for "not yet").
function epochMs(v) {
  let ms = typeof v === "number" && Number.isSafeInteger(v) ? v : 0;
  const t = typeof v === "string" ? trimAscii(v) : "";
  const m = SERVER_TIME.exec(t);
  if (isI64(t)) ms = +t;
  else if (m) {
    const [, year, month, day, hour, minute, second, fraction = "", sign, offsetHours = 0, offsetMinutes = 0] = m;
    const date = new Date(0);
    date.setUTCFullYear(year, month - 1, day);
    const offset = (sign === "-" ? -1 : 1) * (offsetHours * 60 + +offsetMinutes);
    // A real calendar day: not rolled over into the next month (`2024-02-30`).
    if (date.getUTCMonth() === month - 1 && date.getUTCDate() === +day) {
      ms = +date + ((hour * 60 + +minute - offset) * 60 + +second) * 1000 + +(fraction + "00").slice(0, 3);
    }
  }
  return ms > 0 ? ms : null;
}

function taskView(id, api, state, progress, description = null, startTime = null, endTime = null, error = null, result = null, raw = null) {
  return { id, api, state: TASK_STATES[state], progress, description, startTime, endTime, error, result, raw };
}

// The task of `api` ("srm", "h4") in a response body: [view, state index, progress, id], or
// [undefined, field, why not] when the body is no task (no id, or a state this client does not
// know).
export function readTask(api, raw) {
  const [stateKey, states, startKey, endKey, codeKeys, messageKey, detailsKey] = TASK_APIS[api];
  const id = stringAt(raw, "id");
  if (!id) return [, "id", "task has no id"];
  const name = stringAt(raw, stateKey) ?? "";
  const state = states[name];
  if (state === undefined) return [, stateKey, `unknown task ${stateKey} ${JSON.stringify(name)}`];
  const time = (key) => epochMs(ownValue(raw, key));
  const e = ownValue(raw, "error");
  const failure = state === 3 && kindOf(e) === 5 && {
    code: codeKeys.map((k) => stringAt(e, k)).find((c) => c) ?? null,
    message: stringAt(e, messageKey) ?? "task failed",
    details: detailsKey ? stringAt(e, detailsKey) : null,
  };
  const progress = ownValue(raw, "progress");
  const view = taskView(
    id,
    api,
    state,
    state === 2 ? 100 : typeof progress === "number" ? Math.trunc(Math.min(Math.max(progress, 0), 100)) : 0,
    stringAt(raw, "description"),
    time(startKey) ?? (api === "srm" ? time("queued_time") : null),
    // SRM sends `complete_time` 0 (or a stale value) while running; h4 `endTime` -1.
    api === "h4" || state > 1 ? time(endKey) : null,
    failure || null,
    ownValue(raw, "result") ?? null,
    raw,
  );
  return [view, state, view.progress, id];
}

// A task known only by its id (from a resume token), not fetched yet.
export function unfetchedTask(api, id) {
  return taskView(id, api, 0, 0);
}

// `[message, fields]` of bad input (src/errors.rs): nothing was sent.
export function invalidFailure(field, reason) {
  return [`invalid ${field}: ${reason}`, { field }];
}

// The message of an aborted wait on task `id` (src/errors.rs), or (`polled`) the start of a
// failed poll's.
export function taskMessage(id, polled) {
  return polled ? `polling task ${id} failed: ` : `waiting for task ${id} was aborted (the task goes on)`;
}

// A message that goes on: `before`, then `text` (src/errors.rs).
export function joinText(before, text) {
  return before + text;
}

// The message of a `decode` error: an answer that is not what the spec documents.
export function decodeMessage(status, field, reason) {
  return `unexpected response body${status === undefined ? "" : ` (HTTP ${status})`}${field === undefined ? "" : ` at ${field}`}: ${reason}`;
}

// `[message, fields]` of a wait that gave up (src/errors.rs).
export function timeoutFailure(id, elapsedMs, polls) {
  return [`gave up waiting for task ${id} after ${elapsedMs} ms and ${polls} polls (the task goes on)`, { elapsedMs, polls }];
}

// `[message, fields]` of the error of a task that ended failed or cancelled (src/errors.rs): "task
// <id> <state>", then the task's own message; its code, if it has one, and a copy of its view.
export function taskFailure(view) {
  const { id, state, error } = view;
  const task = copyView(view);
  return [`task ${id} ${state}${error ? ": " + error.message : ""}`, error && error.code ? { code: error.code, task } : { task }];
}

// A task's `onProgress` callbacks, by wait number (src/task.rs): each wait's joins when it
// starts (called at once with the latest view when the task's loop reported one already) and
// leaves when it ends; each report calls those there then, in the order they joined, with one
// copy of the view. A callback that throws stops nothing.
export function newListeners() {
  return new Map();
}

export function listen(listeners, n, f, view) {
  if (view !== undefined) callQuietly(f, copyView(view));
  listeners.set(n, f);
}

export function unlisten(listeners, n) {
  listeners.delete(n);
}

export function notify(listeners, view) {
  if (listeners.size === 0) return;
  const copy = copyView(view);
  for (const f of [...listeners.values()]) callQuietly(f, copy);
}

function callQuietly(f, value) {
  try {
    f(value);
  } catch {}
}

// A task view for the caller to keep (`onProgress`, `toJSON()`, a task error's `task`): its own
// object, not the one the getters read.
export function copyView(view) {
  return { ...view };
}

// ---- The executor's hooks (src/executor.rs) ----
export function deferred() {
  let resolve, reject;
  const promise = new Promise((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  return [promise, resolve, reject];
}

// The module's exports, handed over by the module before it first hands work to the event
// loop (`attach`): the entry points below call them directly (`sr_run`, `sr_settled`: raw
// exports of numbers only, no glue), and `__stack_pointer` (a WebAssembly.Global) is its stack
// pointer, whose value when no module code runs `fresh` keeps. A panic throws out of the
// module's frames without giving their stack space back; `guarded` and an operation call's
// `settle` run only from the event loop, where no module frame is live, so they put the
// pointer back first: panics leave no stack behind (about 340 B each otherwise: some 3,100
// panics used up the 1 MB stack and the module trapped).
let wasm = null;
let stack = null;
let stackTop;

export function attach(exports) {
  wasm = exports;
  const global = exports && exports.__stack_pointer;
  if (typeof WebAssembly === "object" && global instanceof WebAssembly.Global) stack = global;
}

// `schedulerStats()` (src/timer.rs): the shared scheduler's counters, and whether the panic
// guard has the module's stack pointer.
export function schedulerStatsObject(pendingSleeps, timerArmed, timersCreated, maxPendingSleeps, heldTurns) {
  return { pendingSleeps, timerArmed, timersCreated, maxPendingSleeps, heldTurns, stackGuard: stack !== null };
}

// Before the module runs from the event loop (no module frame is live): the stack pointer
// back where it is when no module code runs.
function fresh() {
  if (stack) {
    if (stackTop === undefined) stackTop = stack.value;
    else stack.value = stackTop;
  }
}

// Run the module's work from the event loop. An `internal` error (a panic) has rejected its
// call, if one was running; it must not become an uncaught exception (which ends a Node
// process), but a bug is not kept quiet either: it goes to the console (no secret in it).
function guarded(run) {
  fresh();
  try {
    run();
  } catch (e) {
    if (!(e instanceof SiteRecoveryError && e.kind === "internal")) throw e;
    console.error(e);
  }
}

// The executor's run, in a microtask.
export function runSoon() {
  queueMicrotask(() => guarded(() => wasm.sr_run(0)));
}

// `what`: the timer's work (src/executor.rs `sr_run`).
export function later(what, ms) {
  return setTimeout(() => guarded(() => wasm.sr_run(what)), ms);
}

// A Promise or an abort the module awaits by number (src/waits.rs): it is told with
// `sr_settled(number, ok)` and reads the value with `settledValue()` in that call.
let settled;

function report(number, ok) {
  return (value) => {
    settled = value;
    guarded(() => wasm.sr_settled(number, ok));
  };
}

export function settleInto(promise, number) {
  promise.then(report(number, 1), report(number, 0));
}

export function settledValue() {
  const value = settled;
  settled = undefined;
  return value;
}

// `abort` fires synchronously inside `abort()`, which may be called from inside the module (an
// `onProgress` callback, a Rust caller): the report waits for a microtask, where no module
// frame is live (`guarded` puts the stack pointer back). A watch ended meanwhile reports
// nothing: its number may be another's by then.
export function watchAbort(signal, number) {
  const listener = () => queueMicrotask(() => listener.on && report(number, 1)(undefined));
  listener.on = true;
  signal.addEventListener("abort", listener, { once: true });
  return listener;
}

export function unwatchAbort(signal, listener) {
  listener.on = false;
  signal.removeEventListener("abort", listener);
}

// Cloudflare's workerd ties a timer to the request that set it and drops it when that request
// ends: timers must not be shared between calls there (src/timer.rs).
export function timersPerRequest() {
  return typeof navigator !== "undefined" && navigator.userAgent === "Cloudflare-Workers";
}

// An AbortSignal, of this realm or another (a plugin host's frame, whose signals are no
// `instanceof` this one's AbortSignal): the `aborted` getter's own brand check tells.
const abortedOf =
  typeof AbortSignal === "function" ? Object.getOwnPropertyDescriptor(AbortSignal.prototype, "aborted")?.get : undefined;

export function isAbortSignal(value) {
  if (value === null || typeof value !== "object") return false;
  if (!abortedOf) return typeof AbortSignal === "function" && value instanceof AbortSignal;
  try {
    return typeof abortedOf.call(value) === "boolean";
  } catch {
    return false;
  }
}

// ---- Patterns ----
// Whether `text` matches the spec's pattern `source` (src/js.rs `JsPatterns`): each source
// compiled once, with `u` (Unicode, as JSON Schema means); a pattern the engine refuses matches
// nothing.
const patterns = new Map();

export function patternMatches(source, text) {
  let re = patterns.get(source);
  if (re === undefined) {
    try {
      re = new RegExp(source, "u");
    } catch {
      re = null;
    }
    patterns.set(source, re);
  }
  return re !== null && re.test(text);
}

// ---- Plain JS values as JSON ----
// What the module reads of plain JS values, one boundary call each, as JSON.stringify sends
// them: own properties only; a value with a `toJSON` method (a Date, a class) as what it
// returns; a Number, String or Boolean object as its primitive; values JSON.stringify leaves
// out of an object read as absent, and as null in an array.
const has = Object.prototype.hasOwnProperty;

function sendable(v) {
  const t = typeof v;
  return !(v === undefined || t === "function" || t === "symbol");
}

// A value whose getter or Proxy trap throws reads as a BigInt, which no field takes: the check
// refuses it by its field, and `call` says why (`unreadable`: the key, what it threw). Nothing
// throws through the module's frames: that would leave the client borrowed for good, so that
// it could no longer be freed.
const unreadable = new Map();

function unread(key, e) {
  unreadable.set(String(key), e);
  return 0n;
}

// `v`, under `key` of its holder ("" for a body), as JSON.stringify takes it. A `toJSON` that
// throws leaves the value absent (JSON.stringify then fails, and the call with it).
export function asJson(v, key = "") {
  if (v === null || typeof v !== "object") return v;
  try {
    if (typeof v.toJSON === "function") {
      try {
        v = v.toJSON(key);
      } catch {
        return undefined;
      }
    }
    return v instanceof Number || v instanceof String || v instanceof Boolean ? v.valueOf() : v;
  } catch (e) {
    return unread(key, e);
  }
}

// `o[key]` as JSON.stringify takes it.
function read(o, key) {
  try {
    return asJson(o[key], String(key));
  } catch (e) {
    return unread(key, e);
  }
}

// A JS string's text for the module (src/js.rs `string`), as UTF-8 (a lone surrogate becomes
// U+FFFD, as wasm-bindgen's `as_string` has it), written into the module's memory at `at`: its
// length in bytes when it fits in `room` bytes, else how much room it may need (3 bytes per
// UTF-16 unit at most), for the module to make and ask again; -1 for anything but a string.
// One call for most strings, written in place: the glue has no path of its own for strings
// into the module (0.3 KB gzip less). ASCII (keys, ids, enum values) is copied by a loop into
// a view of the memory kept from call to call (renewed when the memory grows): `encodeInto`
// and a view made per string cost 40 to 65 µs a call in Chromium (a paired A/B of two builds).
const utf8 = new TextEncoder();
let bytes = new Uint8Array();
export function textInto(v, at, room) {
  if (typeof v !== "string") return -1;
  if (bytes.buffer !== wasm.memory.buffer) bytes = new Uint8Array(wasm.memory.buffer);
  let i = 0;
  for (let c; i < v.length && i < room && (c = v.charCodeAt(i)) < 128; i++) bytes[at + i] = c;
  if (i === v.length) return i;
  const { read, written } = utf8.encodeInto(v, bytes.subarray(at, at + room));
  return read < v.length ? 3 * v.length : written;
}

// A JS number for the module (src/js.rs `number`): `numberOf` is the value itself, NaN for
// anything else; `isNumber` tells the two NaNs apart. No DataView in the glue (0.1 KB gzip).
export function numberOf(v) {
  return typeof v === "number" ? v : NaN;
}
export function isNumber(v) {
  return typeof v === "number";
}

// What JSON sees: 0 null (or absent), 1 boolean, 2 number, 3 string, 4 array, 5 object. One
// call instead of one per question.
export function kindOf(v) {
  if (v === null || v === undefined) return 0;
  switch (typeof v) {
    case "boolean":
      return 1;
    case "number":
    case "bigint": // a number JSON cannot carry: the validator names its field
      return 2;
    case "string":
      return 3;
  }
  try {
    return Array.isArray(v) ? 4 : 5;
  } catch {
    return 2; // a revoked Proxy, which nothing can read: refused like a BigInt
  }
}

// `s` with each lone UTF-16 surrogate replaced by U+FFFD, as the module reads a JS string
// (there through UTF-8, as in engines without `toWellFormed` here).
const lenient = new TextDecoder();
const wellFormed = (s) => s.toWellFormed?.() ?? lenient.decode(utf8.encode(s));

// Whether a string is Unicode text: no lone UTF-16 surrogate.
export const isUnicode = (s) => s.isWellFormed?.() ?? wellFormed(s) === s;

export function ownValue(o, key) {
  if (o === null || typeof o !== "object") return undefined;
  let own;
  try {
    own = has.call(o, key);
  } catch (e) {
    return unread(key, e);
  }
  const v = own ? read(o, key) : undefined;
  return sendable(v) ? v : undefined;
}

// Item `i` of an array (null where JSON.stringify sends null).
export function itemValue(a, i) {
  const v = read(a, i);
  return sendable(v) ? v : null;
}

// An object's own properties as JSON.stringify sends them, flat: [key, value, key, value, ...]
// (nothing for anything but a plain object or class instance: arrays are not read this way).
export function ownEntries(o) {
  const flat = [];
  if (o === null || typeof o !== "object" || Array.isArray(o)) return flat;
  let keys = [];
  try {
    keys = Object.keys(o);
  } catch {
    // A Proxy whose ownKeys trap throws: nothing to send (JSON.stringify fails too).
  }
  for (const k of keys) {
    const v = read(o, k);
    if (sendable(v)) flat.push(k, v);
  }
  return flat;
}

// A copy of a parameters object as `ownEntries` reads it (a value that cannot be read as
// `unread`'s BigInt), to add a header parameter to without changing the caller's object.
export function ownCopy(o) {
  const copy = {};
  const flat = ownEntries(o);
  for (let i = 0; i < flat.length; i += 2) copy[flat[i]] = flat[i + 1];
  return copy;
}

// 0: not a string, 1: Unicode text, 2: a string with a lone UTF-16 surrogate.
export function unicodeText(v) {
  return typeof v !== "string" ? 0 : isUnicode(v) ? 1 : 2;
}

// A request body as JSON.stringify sends it: [its JSON text, that text read back], which the
// module checks, so that what is checked is what is sent (a getter or a `toJSON` is read
// once). Empty when there is no such text (a cycle, a BigInt, a getter that throws) or it
// would not carry a value as given (NaN, ±Infinity: sent as null): the module then checks
// the body itself, which names the field at fault.
export function requestJson(v) {
  let finite = true;
  try {
    const text = JSON.stringify(v, (_, x) => {
      if (typeof x === "number" && !isFinite(x)) finite = false;
      return x;
    });
    return finite && text !== undefined ? [text, JSON.parse(text)] : [];
  } catch {
    return [];
  }
}

// A body's JSON text as a value; undefined when it is not JSON.
export function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

// A resume token's fields as siterecovery-core's `resume::fields` reads them: [api, base, id]
// (each a string of Unicode text, else undefined) and v (a number, else undefined); undefined
// when the token is not unpadded base64url (ASCII white space around it aside) of UTF-8 JSON
// text of an object. A byte order mark stays in the text (and so is not JSON), as in Rust.
// One decoder for all tokens (a page may resume a thousand).
const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

// Rust's `str::trim_ascii` (ASCII white space: tab, line feed, form feed, carriage return,
// space) and siterecovery-core's `text::without_trailing_slashes`, which the checks below
// follow.
const trimAscii = (s) => s.replace(/^[\t\n\f\r ]+|[\t\n\f\r ]+$/g, "");
// Whether siterecovery-core's `text::parse_i64` reads `s`: a sign or none, ASCII digits, in i64's range.
const isI64 = (s) => /^[+-]?\d+$/.test(s) && BigInt.asIntN(64, BigInt(s)) === BigInt(s);
const withoutTrailingSlashes = (s) => s.replace(/\/+$/, "");

function tokenFields(token) {
  const t = typeof token === "string" ? trimAscii(token) : "!";
  if (!/^[\w-]*$/.test(t) || t.length % 4 === 1) return undefined;
  let o;
  try {
    const bytes = Uint8Array.from(atob(t.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));
    o = JSON.parse(strictUtf8.decode(bytes));
  } catch {
    return undefined;
  }
  if (kindOf(o) !== 5) return undefined;
  const field = (k) => (has.call(o, k) ? o[k] : undefined);
  const text = (k) => {
    const s = field(k);
    return typeof s === "string" && isUnicode(s) ? s : undefined;
  };
  const v = field("v");
  return [text("api"), text("base"), text("id"), typeof v === "number" ? v : undefined];
}

// The UTF-8 of `text` in base64 (RFC 4648 §4), padded: siterecovery-core's `base64::encode_standard`.
function base64(text) {
  let bytes = "";
  for (const b of utf8.encode(text)) bytes += String.fromCharCode(b);
  return btoa(bytes);
}

// A task's resume token (src/task.rs `resumeToken`), as siterecovery-core's `resume::token` makes
// it natively (a wasm-bindgen test holds the two together): base64url, without padding, of
// `{"v":1,"api":…,"base":…,"id":…}`.
export function resumeToken(api, base, id) {
  return base64(JSON.stringify({ v: 1, api, base, id })).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

// Unicode's white space (Rust's `char::is_whitespace`; JS `\s` also takes a byte order mark,
// and not NEL), and a text of nothing else.
const WHITE_SPACE = /[\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;
const BLANK = /^[\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$/;

// siterecovery-schema's `is_blank`, for the module (src/js.rs): no UTF-8 decoding and no
// Unicode table in the wasm.
export function isBlankText(text) {
  return BLANK.test(text);
}

// The task id in a resume token made by a client of API `api` (`srm`, `h4`) and base URL
// `base` (src/client.rs `resume`): [id], or [undefined, why not]. The answers of
// siterecovery-core's `resume::task_id` over the fields it reads (a wasm-bindgen test holds the
// two together): here, the module needs no code for one flat object. An id that would address
// another resource (blank in Unicode's sense of white space, `.`, `..`) was never a task's.
export function tokenTaskId(token, api, base) {
  const [tokenApi, tokenBase, id, v] = tokenFields(token) ?? [];
  if (tokenApi === undefined || tokenBase === undefined || id === undefined) return [, "is not a resume token"];
  if (v !== 1 || BLANK.test(id) || id === "." || id === "..") {
    return [, "is not a resume token of this version"];
  }
  if (tokenApi !== api) return [, `belongs to a ${tokenApi} client, not ${api}`];
  if (withoutTrailingSlashes(tokenBase) !== withoutTrailingSlashes(base)) return [, `belongs to ${tokenBase}, not this client's ${base}`];
  return [id];
}

// ---- Requests ----
// A call's URL and headers from its checked arguments, as siterecovery-core's `request::url`
// and `request::params` make them natively (a wasm-bindgen test holds the two together): the
// path template's `{name}`s filled in turn from `path` (the values, in template order) and the
// query of `params`, each percent-encoded as UTF-8 (all but RFC 3986's unreserved characters; a
// lone surrogate as U+FFFD, as the module reads it). `names`: the operation's query and header
// parameters in table order, each as "\n", what it is (0 a query parameter, 1 a header, 2 the
// `operationID` header: src/session.rs tells) and its name. A value is sent as JSON
// has it: an array repeats a query name (`a=1&a=2`) and is one comma-separated header value;
// null and objects are not sent. [url, headers ("\nname\nvalue" each), the `operationID`
// header's value], or [undefined, the header whose value fetch cannot send].
export function requestTarget(base, template, path, params, names) {
  const encode = (s) => encodeURIComponent(wellFormed(s)).replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
  let i = 0;
  let url = base + template.replace(/\{[^}]*\}/g, () => encode(path[i++] ?? ""));
  let query = "";
  let headers = "";
  let correlation;
  for (const line of names.split("\n").slice(1)) {
    const [kind, name] = [+line[0], line.slice(1)];
    const values = scalars(ownValue(params, name), []);
    if (!kind) {
      for (const v of values) query += `${query ? "&" : "?"}${encode(name)}=${encode(v)}`;
    } else if (values.length) {
      const value = values.join(",");
      // siterecovery-core's `is_header_value`: nothing beyond U+00FF, no NUL, CR or LF.
      if (/[\0\n\r\u0100-\uffff]/.test(value)) return [, name];
      headers += `\n${name}\n${value}`;
      if (kind === 2) correlation = value;
    }
  }
  return [url + query, headers, correlation];
}

// The values a parameter sends (into `out`): a string, a boolean or a number as `String` writes
// it; each item of an array.
function scalars(v, out) {
  if (typeof v === "string") out.push(v);
  else if (typeof v === "boolean" || typeof v === "number") out.push(String(v));
  else if (Array.isArray(v)) for (let i = 0; i < v.length; i++) scalars(itemValue(v, i), out);
  return out;
}

// A body with nothing but white space in it (no body): what `trim` removes, which `\s` matches.
// Found from the start, with no copy of the body: trimming made one before JSON.parse read it
// (25 to 60 µs a getPairings in Chromium, by a paired A/B of two builds).
export function isBlank(text) {
  return typeof text !== "string" || !/\S/.test(text);
}

// ---- Clients ----
// The API root of a client (src/login.rs `api_root`): `base` checked and trimmed as
// siterecovery-core's `request::base_url` does it natively (a wasm-bindgen test holds the two
// together), then the SRM path of `version` added when the URL does not name one. `auth`:
// "srm", "h4" or "" (an API without a session). [root], or [undefined, field, why not].
export function apiRoot(text, version, auth) {
  const base = withoutTrailingSlashes(trimAscii(text));
  const scheme = /^https?:\/\//i.exec(base)?.[0].toLowerCase();
  const rest = base.slice(scheme?.length);
  // Paths go after the base, so it can have no query or fragment; a user name and password in
  // it would show in every error. The first of them in the URL decides.
  const first = /[?#]|^[^/?#]*@/.exec(rest)?.[0];
  const why = !scheme
    ? "must start with https:// or http://"
    : /^(\/|$)/.test(rest) || WHITE_SPACE.test(rest)
      ? "must name a host"
      : first?.endsWith("@")
        ? "must not hold a user name or password"
        : first && "must not have a query or fragment";
  if (why) return [, "baseUrl", why];
  const root = scheme + rest;
  const refused = (why) => [, "apiVersion", why];
  if (version === undefined || (auth === "h4" && version === "4.7")) return [root];
  if (auth !== "srm") return refused(auth ? "this client speaks h4 API 4.7" : "this API has one version");
  const major = /^(?:([12])\.0\.0|v([12]))$/.exec(version);
  if (!major) return refused("must be 1.0.0 or 2.0.0");
  const path = `/api/rest/srm/v${major[1] ?? major[2]}`;
  if (root.endsWith(path)) return [root];
  return root.includes("/api/rest/srm/") ? refused(`does not match baseUrl ${root}`) : [root + path];
}

// A fresh `operationID` (src/session.rs): "sr-" and 16 random hex digits, no secret.
export function newOperationId() {
  const hex = () => ((Math.random() * 2 ** 32) >>> 0).toString(16).padStart(8, "0");
  return `sr-${hex()}${hex()}`;
}

// ---- HTTP ----
// One HTTP exchange through the global fetch (browser, Worker, Node): what the module reads
// of the answer comes back in one array, [status, Retry-After, the header asked for, whether
// there is a body, the body parsed], so the module needs one import, not a dozen.
// `request` is [head, body, signal] (src/fetch.rs `request`): `head` the method, the URL, then
// each header's name and value, one per line; `body` JSON text or undefined.
export function requestOf(head, body, signal) {
  return [head, body, signal];
}

export async function exchange([head, body, signal], readHeader) {
  const [method, url, ...headers] = head.split("\n");
  const h = {};
  for (let i = 0; i + 1 < headers.length; i += 2) h[headers[i]] = headers[i + 1];
  try {
    const r = await fetch(url, { method, headers: h, body, signal });
    const text = await r.text();
    // A body: not a 204's, not only white space; undefined when it is not JSON.
    const has = r.status !== 204 && !isBlank(text);
    return [r.status, retryAfterMs(r.headers.get("retry-after")), readHeader ? r.headers.get(readHeader) : null, has, has ? parseJson(text) : undefined];
  } catch (e) {
    throw noAnswer(e, signal, method, url);
  }
}

// `Retry-After` in milliseconds (RFC 9110 §10.2.3) as siterecovery-core's `request::retry_after_ms`
// reads it (a wasm-bindgen test holds the two together): delay-seconds (an i64), or an HTTP-date
// as the JS engine reads it (`Date.parse`: all three RFC 9110 forms), as far from now; held
// between 0 and 5 minutes. Undefined for anything else, or no header.
export function retryAfterMs(value) {
  if (typeof value !== "string") return undefined;
  const t = trimAscii(value);
  const ms = isI64(t) ? t * 1000 : Date.parse(t) - Date.now();
  return ms === ms ? Math.trunc(Math.min(Math.max(ms, 0), 300000)) : undefined;
}

// Why an exchange got no answer, as the module's error says it (src/fetch.rs `failure`):
// [aborted, message, url]. What a fetch that got no answer says in a browser (`TypeError: Failed
// to fetch`) does not tell why: the usual reasons when a page calls an appliance are added. The
// URL holds no secret: credentials and session tokens travel in headers and bodies.
function noAnswer(e, signal, method, url) {
  let shown = "fetch failed";
  let aborted = signal?.aborted;
  try {
    const { name, message } = typeof e === "object" && e !== null ? e : {};
    aborted ||= name === "AbortError";
    if (typeof message === "string") shown = typeof name === "string" ? `${name}: ${message}` : message;
  } catch {
    // A getter that throws: the reason stays unknown.
  }
  if (aborted) return [true, `request aborted: ${shown}`];
  const causes =
    "no answer: the server may be unreachable, its TLS certificate not trusted by this browser, or this page's origin not allowed by its CORS policy";
  return [false, `network error: ${method} ${url}: ${shown} (${causes})`, url];
}

// ---- The client classes' operations ----
// The operations of a client class, installed on its prototype from the generated table (the
// wasm module hands over the [jsName, index in the table] pairs): each method passes its arguments
// to `call` below, whose `__prepare` sorts them by the table (path parameters, the parameters
// object, the body, options). Methods the class already has (written in Rust:
// login, ...) are kept. No `eval`: fine under a strict CSP.
export function installOperations(proto, operations) {
  // The answer of a call, checked by the class's static `__settle`: the call holds its
  // session, so its answer (a task the server started) still reaches the caller when the
  // client is freed meanwhile. A method (defined after the guard, so unguarded), so that one
  // client's can be watched. Its presence marks a class already given both.
  const settle = proto.constructor.__settle;
  if (!has.call(proto, "__settle")) {
    guardFreed(proto, "client");
    Object.defineProperty(proto, "__settle", {
      value: (number, answered, value) => settle(number, answered, value),
      writable: true,
      configurable: true,
    });
  }
  for (const [jsName, operation] of operations) {
    // `login` is a static of the class: never an instance method besides it.
    if (jsName in proto || jsName in proto.constructor) continue;
    const method = function (...args) {
      return call(this, operation, args);
    };
    Object.defineProperty(method, "name", { value: jsName });
    Object.defineProperty(proto, jsName, { value: method, writable: true, configurable: true });
  }
}

// One operation call, one Promise chain: the module checks the arguments and builds the
// request (synchronously: nothing is sent on bad input), fetch sends it, and the module checks
// the answer (src/call.rs). Its result resolves the call; a 401 that a re-login may cure
// resolves to the module's Promise of sending the call again. In a burst of calls that has
// used up the main thread's stretch, the module hands back the call's Promise instead.
function call(client, operation, args) {
  // `__prepare` runs in the caller's frame, which may itself be inside the module (an
  // `onProgress` callback): not a place for `fresh`. But a panic there throws out of the
  // module's frames without giving their stack back, so the pointer goes back to its value
  // here, where the module was entered.
  const top = stack ? stack.value : undefined;
  let request;
  try {
    request = client.__prepare(operation, args);
    // Bad input comes back as its error (src/call.rs `either`).
    if (request instanceof SiteRecoveryError) throw request;
  } catch (e) {
    if (top !== undefined) stack.value = top;
    // The check refused a value a getter or a Proxy trap would not give: say so.
    const thrown = e instanceof SiteRecoveryError && e.field ? unreadable.get(e.field.replace(/^.*[.[]|]$/g, "")) : undefined;
    if (thrown !== undefined) {
      e.message = `invalid ${e.field}: could not be read (reading it threw)`;
      e.cause = thrown;
    }
    return Promise.reject(e);
  } finally {
    unreadable.clear();
  }
  if (!Array.isArray(request)) return request;
  const number = request.pop();
  const settle = (answered) => (value) => {
    fresh();
    const result = client.__settle(number, answered, value);
    if (result instanceof SiteRecoveryError) throw result;
    return result;
  };
  return exchange(request, null).then(settle(true), settle(false));
}

// An HTTP error's message and fields (src/session.rs `http_error`): `body` is the error body
// when it has its documented schema (else undefined: it lends the error nothing), `correlation`
// the h4 `operationID` the call sent, the error's opId when the body names none.
export function httpFailure(operation, status, body, correlation) {
  const text = (...names) => names.map((n) => body?.[n]).find((v) => typeof v === "string" && v);
  const [code, message, opId = correlation] = [text("error_code", "code"), text("message", "msg"), text("op_id")];
  const shown = `${operation} failed with HTTP ${status}${code ? " " + code : ""}${message ? ": " + message : ""}`;
  const fields = Object.entries({ code, opId, operation, body }).filter(([, v]) => v !== undefined);
  return [opId ? `${shown} (op_id ${opId})` : shown, Object.fromEntries(fields)];
}

// ---- ReplicationClient.pairSites ----
// ReplicationClient.pairSites once its options are checked (src/pair_sites.rs): both appliances'
// local sites, `POST /sites` on each with the other's URL and thumbprint, then both waits.
// Plain composition of the clients' public methods; the waiting is the module's.

async function localSite(client, call) {
  const sites = await client.getSites(call);
  const site = Array.isArray(sites) ? sites.find((s) => s && s.isLocal === true) : undefined;
  const bad = (field, why) => makeError(decodeMessage(200, field, why), { kind: "decode", status: 200, field });
  if (!site) throw bad("isLocal", "no local site in GET /sites");
  const apiUrl = site.apiPublicUrl || site.apiUrl;
  if (!apiUrl || !site.apiThumbprint) throw bad("apiUrl", "local site without apiUrl/apiThumbprint");
  return { apiUrl, apiThumbprint: site.apiThumbprint };
}

// `options` serves the steps (as call options they read only `signal` and `operationId`) and
// the waits. Once the first POST is out, no error loses a task: a failure names the running
// ones (`taskId`, and `tasks`: the handles of both, local first, once both run).
export async function pairBoth(local, remote, description, options) {
  // A ReplicationClient: what is called on it is there (`__prepare`: only the class has it).
  for (const [field, client] of [["local", local], ["remote", remote]]) {
    if (!["getSites", "pairSite", "__prepare"].every((m) => typeof client?.[m] === "function")) {
      throw makeError(...invalidFailure(field, "must be a ReplicationClient"), "validation");
    }
  }
  if (local === remote || local.baseUrl === remote.baseUrl) {
    throw makeError(...invalidFailure("remote", "is the same appliance as local"), "validation");
  }
  const [siteA, siteB] = await Promise.all([localSite(local, options), localSite(remote, options)]);
  const body = (site) => (description == null ? site : { ...site, description });
  const taskA = await local.pairSite(body(siteB), options);
  let taskB;
  try {
    taskB = await remote.pairSite(body(siteA), options);
  } catch (e) {
    // Nothing is lost: the error names the task already running on the first appliance.
    if (e && typeof e === "object") {
      e.message = `pairing the remote appliance failed, while task ${taskA.id} runs on the local one: ${e.message}`;
      e.taskId = taskA.id;
      e.tasks = [taskA];
    }
    throw e;
  }
  const waits = await Promise.allSettled([taskA.wait(options), taskB.wait(options)]);
  for (const w of waits) {
    if (w.status === "rejected") {
      if (w.reason && typeof w.reason === "object") w.reason.tasks = [taskA, taskB];
      throw w.reason;
    }
  }
  return [taskA, taskB];
}
