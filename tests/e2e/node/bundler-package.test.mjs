// The `--target bundler` package under Node's ESM loader (wasm modules), against the
// simulator: SIM_URL=http://127.0.0.1:PORT node --experimental-wasm-modules --test ...
import test from "node:test";
import assert from "node:assert/strict";
import init, { SrmClient, ReplicationClient, SiteRecoveryError, Task, operations } from "../../../crates/siterecovery-wasm/pkg-bundler/index.js";

const sim = process.env.SIM_URL;
const info = async () => (await fetch(`${sim}/_sim/info`)).json();

test("init is callable and every operation is listed", async () => {
  await init();
  const ops = operations();
  assert.equal(ops.length, 24);
  for (const op of ops) {
    const cls = op.api === "srm" ? SrmClient : ReplicationClient;
    assert.ok(typeof cls.prototype[op.jsName] === "function" || typeof cls[op.jsName] === "function", op.jsName);
  }
});

// The entry gives the classes their methods (the package's module does not: no `glue-install`),
// the remote login's alias among them, bound to the same operation.
test("the remote login and its alias are methods before any login", async () => {
  await init();
  for (const m of ["createRemoteSession", "loginRemote"]) assert.equal(typeof SrmClient.prototype[m], "function", m);
  assert.equal(ReplicationClient.prototype.loginRemote, undefined);
  const srm = SrmClient.fromSession({ baseUrl: "http://127.0.0.1:9/api/rest/srm/v2", sessionId: "s" });
  for (const m of ["createRemoteSession", "loginRemote"]) {
    // The remote site's credentials are checked before anything is sent.
    await assert.rejects(srm[m]("p1", { username: "u" }), (e) => e instanceof SiteRecoveryError && e.kind === "validation" && e.field === "password", m);
  }
});

test("the minified package's classes keep their names", () => {
  // Minified without esbuild's --keep-names: the build names the classes itself.
  const names = [SrmClient, ReplicationClient, Task, SiteRecoveryError].map((c) => c.name);
  assert.deepEqual(names, ["SrmClient", "ReplicationClient", "Task", "SiteRecoveryError"]);
  assert.equal(new SiteRecoveryError("x", { kind: "http" }).constructor.name, "SiteRecoveryError");
});

test("SRM login and a typed list call", async () => {
  await fetch(`${sim}/_sim/reset`, { method: "POST" });
  const [a] = (await info()).srm;
  const srm = await SrmClient.login({ baseUrl: a.url, username: a.username, password: a.password });
  const pairings = await srm.getPairings({ limit: "5" });
  assert.deepEqual(pairings.list, []);
  assert.equal(srm.baseUrl, a.url);
});

test("errors are SiteRecoveryError with a kind and never carry the password", async () => {
  const [a] = (await info()).srm;
  await assert.rejects(SrmClient.login({ baseUrl: a.url, username: a.username, password: "wrong-password-123" }), (e) => {
    assert.ok(e instanceof SiteRecoveryError && e instanceof Error);
    assert.equal(e.kind, "http");
    assert.equal(e.status, 401);
    assert.ok(!JSON.stringify({ ...e, message: e.message }).includes("wrong-password-123"));
    return true;
  });
  await assert.rejects(SrmClient.login({ baseUrl: "ftp://x", username: "u", password: "p" }), (e) => e.kind === "validation" && e.field === "baseUrl");
});
