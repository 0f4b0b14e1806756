// The package built with a third spec beside ours (the codegen fixture's 302-operation
// `inventory.json`, in SITERECOVERY_SPECS): its client class exists with every operation as a
// method, with no hand-written code, and it calls a real (local) server through the table.
// FIXTURE_PKG: the package folder; OURS_GZIP / FIXTURE_GZIP: both packages' gzip -9 bytes.
//   node --test tests/e2e/node/fixture-package.test.mjs
import test from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const pkg = resolve(process.env.FIXTURE_PKG);
const { default: init, InventoryClient, CorrelatedClient, SrmClient, ReplicationClient, Task, operations, SiteRecoveryError } = await import(pathToFileURL(join(pkg, "index.js")));
await init({ module_or_path: readFileSync(join(pkg, "siterecovery_bg.wasm")) });
const spec = JSON.parse(readFileSync(resolve("crates/codegen-fixture/openapi/inventory.json"), "utf8"));
const specOps = Object.values(spec.paths).flatMap((item) => Object.keys(item).filter((m) => ["get", "put", "post", "delete", "patch"].includes(m)));
const inventory = operations().filter((o) => o.client === "InventoryClient");

// A server that answers with what the test sets, and counts requests (and the operationID
// header each carried).
let answer = { status: 200, body: {} };
const seen = [];
const correlation = [];
const server = createServer((req, res) => {
  seen.push(`${req.method} ${req.url}`);
  correlation.push(req.headers.operationid);
  res.writeHead(answer.status, { "content-type": "application/json" });
  res.end(JSON.stringify(answer.body));
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const baseUrl = `http://127.0.0.1:${server.address().port}`;
test.after(() => server.close());

test("the new spec is a client class with every operation as a method", () => {
  assert.equal(typeof InventoryClient, "function");
  assert.equal(inventory.length, specOps.length);
  assert.equal(inventory.length, 302);
  for (const op of inventory) assert.equal(typeof InventoryClient.prototype[op.jsName], "function", op.jsName);
  assert.equal(operations().length, 24 + 302 + 1, "srm and h4 are still there (and the one operation of correlated.yaml)");
});

// A second instance of the package module (its own glue and wasm instance), loaded with
// init options made in another realm, as a plugin host's frame would make them, and with none
// of Object.prototype: the glue took either for the module itself and failed to load it.
test("init() takes options of another realm or without a prototype", async () => {
  const { runInNewContext } = await import("node:vm");
  const bytes = readFileSync(join(pkg, "siterecovery_bg.wasm"));
  const foreign = runInNewContext("({})");
  assert.notEqual(Object.getPrototypeOf(foreign), Object.prototype);
  const bare = Object.create(null);
  for (const [i, options] of [foreign, bare].entries()) {
    options.module_or_path = bytes;
    const again = await import(`${pathToFileURL(join(pkg, "index.js"))}?instance=${i}`);
    assert.notEqual(again.InventoryClient, InventoryClient, "a second instance of the module");
    await again.default(options);
    const client = await again.InventoryClient.login({ baseUrl });
    answer = { status: 200, body: { id: "j-1", state: "DONE", progress: 100 } };
    assert.deepEqual(await client.getJob("j-1"), answer.body);
    assert.deepEqual(seen.splice(0), ["GET /jobs/j-1"]);
  }
});

// A second instance of the package module (`tag` tells it apart), loaded by `init(input)`,
// whose client calls the server: the module loaded is whole.
async function loadAgain(tag, input) {
  const again = await import(`${pathToFileURL(join(pkg, "index.js"))}?${tag}`);
  await again.default(input);
  const client = await again.InventoryClient.login({ baseUrl });
  answer = { status: 200, body: { id: tag, state: "DONE", progress: 100 } };
  assert.deepEqual(await client.getJob(tag), answer.body);
  assert.deepEqual(seen.splice(0), [`GET /jobs/${tag}`]);
  return again;
}

// index.d.ts declares `init(input)` beside `init({ module_or_path })`: the module's bytes (or
// URL, Response, WebAssembly.Module) handed over as they are load it, with no warning.
test("init(input) loads the module with no deprecation warning", async (t) => {
  const warned = [];
  t.mock.method(console, "warn", (...args) => warned.push(args.join(" ")));
  const bytes = readFileSync(join(pkg, "siterecovery_bg.wasm"));
  for (const [i, input] of [bytes, new WebAssembly.Module(bytes)].entries()) await loadAgain(`input-${i}`, input);
  assert.deepEqual(warned, []);
});

// The entry loads the module itself (js/package.js `instantiate`): from a Response as a server
// sends it, compiled while it streams in; from its bytes, with a warning, when the server sends
// it without the application/wasm type; a failed fetch rejects, and a later init() loads it.
test("init() loads from a Response, warns of a wrong type, and can try again after a failure", async (t) => {
  const warned = [];
  t.mock.method(console, "warn", (...args) => warned.push(args.map(String).join(" ")));
  const bytes = readFileSync(join(pkg, "siterecovery_bg.wasm"));
  const served = (type) => new Response(bytes, { headers: { "content-type": type } });
  await loadAgain("response-0", served("application/wasm"));
  assert.deepEqual(warned, [], "streamed: no warning");
  await loadAgain("response-1", { module_or_path: Promise.resolve(served("application/octet-stream")) });
  assert.equal(warned.length, 1);
  assert.match(warned[0], /application\/wasm/);
  const again = await import(`${pathToFileURL(join(pkg, "index.js"))}?response-2`);
  await assert.rejects(again.default(new Response("no", { status: 404, statusText: "Not Found" })), /failed to fetch Wasm: 404 Not Found/);
  assert.equal(typeof (await again.default(bytes)), "object", "the next init() loads it");
  assert.equal(typeof again.InventoryClient.prototype.getJob, "function");
});

// Strings reach the module through js/package.js `textInto`: written in place when they fit
// the room the module made first (64 bytes), else again in the room asked for. A resumed task's
// id goes in (read from its token) and comes back out (the handle's `id`), whatever its length
// and its characters.
test("a text of any length and any characters reaches the module whole", () => {
  const srm = SrmClient.fromSession({ baseUrl, sessionId: "s" });
  const token = (id) => Buffer.from(JSON.stringify({ v: 1, api: "srm", base: srm.baseUrl, id })).toString("base64url");
  for (const id of ["t", "t-".repeat(32), "x".repeat(63) + "é", "é ÿ Ω 操作 🙂".repeat(9), "🙂".repeat(17), "a".repeat(5000)]) {
    assert.equal(srm.resumeTask(token(id)).id, id, `${id.length} UTF-16 units`);
  }
  srm.free();
});

// A method hands the module its operation's index in the class's table (the entry point numbers
// them in the order operations() lists them): every method of all four classes, ours too,
// must name its own operation. The module's step is stood in for on the instance, so nothing
// is checked or sent here.
test("every method hands the module its own operation", async () => {
  const clients = [
    InventoryClient.fromSession({ baseUrl }),
    CorrelatedClient.fromSession({ baseUrl }),
    SrmClient.fromSession({ baseUrl, sessionId: "s" }),
    ReplicationClient.fromSession({ baseUrl, token: "t" }),
  ];
  let checked = 0;
  for (const client of clients) {
    const ops = operations().filter((o) => o.client === client.constructor.name);
    const handed = [];
    client.__prepare = (operation) => {
      handed.push(operation);
      return Promise.resolve();
    };
    // The class's own static (login) does not go through it.
    const installed = ops.filter((o) => !Object.hasOwn(Object.getPrototypeOf(client).constructor, o.jsName));
    for (const o of installed) await client[o.jsName]();
    assert.deepEqual(
      handed.map((i) => ops[i]?.operationId),
      installed.map((o) => o.operationId),
    );
    assert.ok(installed.length > 0, `${client.constructor.name}: no method checked`);
    checked += installed.length;
    client.free();
  }
  assert.ok(checked > 302, `${checked} methods checked`);
});

// An API without a session has one version: any `apiVersion` is refused, by its field, and the
// base URL is checked first, as for ours.
test("a new spec's client takes no apiVersion", () => {
  const refused = (options, field, message) =>
    assert.throws(() => InventoryClient.fromSession(options), (e) => e instanceof SiteRecoveryError && e.field === field && e.message === message);
  refused({ baseUrl, apiVersion: "1.0.0" }, "apiVersion", "invalid apiVersion: this API has one version");
  refused({ baseUrl: "ftp://h", apiVersion: "1.0.0" }, "baseUrl", "invalid baseUrl: must start with https:// or http://");
  const client = InventoryClient.fromSession({ baseUrl: ` ${baseUrl}// ` });
  assert.equal(client.baseUrl, baseUrl);
  client.free();
});

test("a new spec's class keeps its name in the minified package, as ours do", () => {
  assert.deepEqual([InventoryClient, SrmClient, Task, SiteRecoveryError].map((c) => c.name), ["InventoryClient", "SrmClient", "Task", "SiteRecoveryError"]);
});

test("its calls are checked by the table and sent", async () => {
  const client = await InventoryClient.login({ baseUrl });
  answer = { status: 200, body: { id: "j-1", state: "DONE", progress: 100 } };
  assert.deepEqual(await client.getJob("j-1"), answer.body);
  assert.deepEqual(seen.splice(0), ["GET /jobs/j-1"]);

  await assert.rejects(client.createResource00({ name: "" }), (e) => e instanceof SiteRecoveryError && e.kind === "validation" && e.field === "name");
  assert.deepEqual(seen.splice(0), [], "bad input sends nothing");

  answer = { status: 200, body: { id: 5 } };
  await assert.rejects(client.getJob("j-1"), (e) => e.kind === "decode" && e.status === 200 && e.field === "id");
  seen.splice(0);
});

// correlated.yaml: query parameters beside the `operationID` header, which the package fills
// in a copy of the parameters object, read as the check reads it.
test("a parameters object gets its operationID in a copy, and a value that cannot be read is refused by its field", async () => {
  const client = await CorrelatedClient.login({ baseUrl });
  answer = { status: 200, body: ["a"] };
  seen.splice(0);
  correlation.splice(0);
  const params = { limit: 5 };
  assert.deepEqual(await client.listThings(params), ["a"]);
  assert.deepEqual(params, { limit: 5 }, "the caller's object is not changed");
  await client.listThings(params, { operationId: "op-7" });
  await client.listThings({ limit: 6, operationID: "mine" });
  assert.deepEqual(seen.splice(0), ["GET /things?limit=5", "GET /things?limit=5", "GET /things?limit=6"]);
  const [generated, ...given] = correlation.splice(0);
  assert.match(generated, /^sr-[0-9a-f]{16}$/);
  assert.deepEqual(given, ["op-7", "mine"]);

  const trap = new Error("the limit getter threw");
  const throwing = Object.defineProperty({}, "limit", { enumerable: true, get: () => { throw trap; } });
  await assert.rejects(client.listThings(throwing), (e) => {
    assert.ok(e instanceof SiteRecoveryError && e.kind === "validation" && e.field === "limit", e.message);
    assert.equal(e.message, "invalid limit: could not be read (reading it threw)");
    assert.equal(e.cause, trap);
    return true;
  });
  assert.deepEqual(seen.splice(0), [], "bad input sends nothing");
  // Nothing threw through the module: the client is whole, and can be freed.
  assert.deepEqual(await client.listThings({ limit: 1 }), ["a"]);
  client.free();
  seen.splice(0);
  correlation.splice(0);
});

// What is checked is what is sent: a parameters object is read once, as JSON.stringify reads
// it, so a getter that answers differently each time cannot send a value never checked.
test("a parameters object is read once: the value checked is the value sent", async () => {
  const client = await InventoryClient.login({ baseUrl });
  seen.splice(0);
  let reads = 0;
  const params = Object.defineProperty({}, "limit", { enumerable: true, get: () => (reads++ === 0 ? 5 : "five") });
  await client.listResource00s(params).catch(() => {});
  assert.deepEqual(seen.splice(0), ["GET /resource00s?limit=5"]);
  assert.equal(reads, 1);
  reads = 0;
  const bad = Object.defineProperty({}, "limit", { enumerable: true, get: () => (reads++ === 0 ? "five" : 5) });
  await assert.rejects(client.listResource00s(bad), (e) => e.kind === "validation" && e.field === "limit");
  assert.deepEqual(seen.splice(0), [], "bad input sends nothing");
  correlation.splice(0);
});

test("bytes per operation and per schema", () => {
  const [ours, fixture] = [Number(process.env.OURS_GZIP), Number(process.env.FIXTURE_GZIP)];
  const schemas = Object.keys(spec.components.schemas).length;
  const added = fixture - ours;
  const perOp = added / inventory.length;
  console.log(`fixture package: ${fixture} B gzip, ours ${ours} B: +${added} B for ${inventory.length} operations and ${schemas} schemas (and the 1-operation CorrelatedClient)`);
  console.log(`  = ${perOp.toFixed(1)} B gzip per operation (all of it counted per operation), ${(added / schemas).toFixed(1)} B per schema (all of it counted per schema)`);
  // Flat cost per operation: table bytes only. A budget, not a timing.
  assert.ok(perOp < 150, `${perOp} B gzip per operation`);
});
