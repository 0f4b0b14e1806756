// The panic guard of the shipped (no_std) build: a panic left in the package rejects the call
// it hit with a SiteRecoveryError of kind "internal" (or throws it, for a synchronous call),
// calls in flight finish, no uncaught exception escapes (node --test would fail on one), and
// the module keeps working — however many panics. The package is the fixture build
// (FIXTURE_PKG), built with the `test-hooks` feature for `provokePanic`.
//   node --test tests/e2e/node/panic-guard.test.mjs
import test from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const pkg = resolve(process.env.FIXTURE_PKG);
const { default: init, InventoryClient, SiteRecoveryError, provokePanic } = await import(pathToFileURL(join(pkg, "index.js")));
const wasm = await init({ module_or_path: readFileSync(join(pkg, "siterecovery_bg.wasm")) });

// A job server that answers after `delay` ms, so calls are in flight while panics happen.
let delay = 0;
let served = 0;
const server = createServer((req, res) => {
  const id = decodeURIComponent(req.url.split("/").pop());
  setTimeout(() => {
    served++;
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ id, state: "DONE", progress: 100 }));
  }, delay);
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const baseUrl = `http://127.0.0.1:${server.address().port}`;
test.after(() => server.close());

const internal = (e) => e instanceof SiteRecoveryError && e.kind === "internal" && /internal error/.test(e.message);

test("a synchronous panic throws an internal SiteRecoveryError", () => {
  assert.equal(typeof provokePanic, "function", "built with test-hooks");
  for (let i = 0; i < 3; i++) assert.throws(() => provokePanic("now"), internal);
});

test("a panic in a call's poll rejects that call only; calls in flight finish", async () => {
  const client = await InventoryClient.login({ baseUrl });
  delay = 50;
  const before = served;
  const inFlight = ["a", "b", "c"].map((id) => client.getJob(id));
  const logged = [];
  const consoleError = console.error;
  console.error = (e) => logged.push(e);
  const panics = [];
  try {
    for (let i = 0; i < 5; i++) panics.push(assert.rejects(provokePanic("poll"), internal), assert.rejects(provokePanic("after-await"), internal));
    await Promise.all(panics);
  } finally {
    console.error = consoleError;
  }
  // Not kept quiet: each panic is on the console too.
  assert.equal(logged.filter(internal).length, 10);
  const done = await Promise.all(inFlight);
  assert.deepEqual(done.map((j) => j.id), ["a", "b", "c"]);
  assert.equal(served - before, 3);
});

test("after the panics the module keeps working", async () => {
  delay = 0;
  const client = await InventoryClient.login({ baseUrl });
  const ids = Array.from({ length: 50 }, (_, i) => `job-${i}`);
  const jobs = await Promise.all(ids.map((id) => client.getJob(id)));
  assert.deepEqual(jobs.map((j) => j.id), ids);
  await assert.rejects(client.getJob(""), (e) => e.kind === "validation");
});

test("panics leave no stack behind", async () => {
  const sp = wasm.__stack_pointer;
  assert.ok(sp instanceof WebAssembly.Global, "the package exports its stack pointer");
  delay = 0;
  const client = await InventoryClient.login({ baseUrl });
  await client.getJob("before");
  const top = sp.value;
  for (let i = 0; i < 3; i++) assert.throws(() => provokePanic("now"), internal);
  // What the guard is for: a panic throws out of the module's frames without giving their
  // stack back.
  const leaked = top - sp.value;
  assert.ok(leaked > 0, `three synchronous panics left ${leaked} B of stack`);
  const consoleError = console.error;
  console.error = () => {};
  try {
    // Without the guard each leaked about 340 B: some 3,100 of them used up the 1 MB stack and
    // the module trapped ("memory access out of bounds"), which ended the Node process.
    for (let i = 0; i < 4000; i++) await assert.rejects(provokePanic(i % 2 ? "poll" : "after-await"), internal);
  } finally {
    console.error = consoleError;
  }
  // The next run from the event loop starts from the top of the stack again.
  assert.equal((await client.getJob("after")).id, "after");
  assert.equal(sp.value, top, `stack pointer ${sp.value}, was ${top} before the panics`);
});

test("a panic while an operation call is checked leaves no stack behind either", async () => {
  const sp = wasm.__stack_pointer;
  delay = 0;
  const client = await InventoryClient.login({ baseUrl });
  await client.getJob("before");
  const top = sp.value;
  // `__prepare` runs synchronously in the caller's frame: no run from the event loop comes
  // between these calls to put the stack pointer back. Each panic there left its frames'
  // stack behind; 10,000 of them used up the 1 MB stack and the module trapped.
  const calls = [];
  for (let i = 0; i < 10000; i++) {
    provokePanic("prepare");
    calls.push(client.getJob(`job-${i}`));
  }
  assert.equal(sp.value, top, `stack pointer ${sp.value}, was ${top} before the panics`);
  const settled = await Promise.allSettled(calls);
  assert.ok(settled.every((s) => s.status === "rejected" && internal(s.reason)), "every call that panicked rejected as internal");
  assert.equal((await client.getJob("after")).id, "after");
});
