// End-to-end test of the demo page (web/) in headless Chromium, against a simulator that
// serves it (`--web web --pkg crates/siterecovery-wasm/pkg-web`, ideally `--task-ms 400`).
// Clicks through the flow a DR admin would use, by labels and roles, reloads once in the
// middle of a task to prove resuming, and saves a screenshot.
// Usage: node run.mjs BASE_URL [SCREENSHOT]. Resets the simulator's state first.
// Closing line: `web page: N passed, M failed`.
import { createRequire } from "node:module";

// playwright-core is installed by `cargo xtask setup` into the repository's .tools/.
const require = createRequire(new URL("../../../.tools/package.json", import.meta.url));
const { chromium } = require("playwright-core");

const [baseArg, screenshot] = process.argv.slice(2);
if (!baseArg) {
  console.error("usage: node run.mjs BASE_URL [SCREENSHOT]");
  process.exit(2);
}
const base = baseArg.replace(/\/+$/, "");
const SLOW_TASK_MS = 2000; // long enough to click Cancel or reload while the task runs
const TIMEOUT = 20_000;

async function admin(path, body) {
  const r = await fetch(`${base}/_sim/${path}`, body === undefined ? {} : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!r.ok) throw new Error(`simulator ${path}: HTTP ${r.status}`);
  return r.json();
}
const taskDuration = (ms) => admin("config", { task_duration_ms: ms });

// ---- checks ------------------------------------------------------------------------------
const results = [];
const started = Date.now();
async function check(name, fn) {
  if (results.some((r) => !r.ok)) return;
  const t0 = Date.now();
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`ok   ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    results.push({ name, ok: false });
    console.log(`FAIL ${name} (${Date.now() - t0} ms) — ${e.message.split("\n")[0]}`);
  }
}
function assert(cond, message) {
  if (!cond) throw new Error(message);
}
/** Poll `fn` until it returns a truthy value. */
async function until(fn, what, timeout = TIMEOUT) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
      last = v;
    } catch (e) {
      last = e.message;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
});
const noise = [];
let code = 1;
try {
  const info = await admin("reset", {});
  const initialTaskMs = info.config.task_duration_ms;
  const secrets = [...info.srm, ...info.replication].map((s) => s.password);
  // A wrong password no page output can hold by chance; searched for with the others at the end.
  const wrongPassword = `S3cr3t-Pa55-page-${Math.random().toString(36).slice(2)}`;
  const consoleLines = [];
  const page = await browser.newPage({ viewport: { width: 1180, height: 900 } });
  page.setDefaultTimeout(TIMEOUT);
  // The browser itself logs the 401 the wrong-password check provokes; anything else is noise.
  const expected = /^Failed to load resource: the server responded with a status of 401/;
  page.on("console", (m) => {
    consoleLines.push(`[console.${m.type()}] ${m.text()}`);
    if (!expected.test(m.text())) noise.push(`[console.${m.type()}] ${m.text()}`);
  });
  page.on("pageerror", (e) => {
    consoleLines.push(`[pageerror] ${e.message} ${e.stack ?? ""}`);
    noise.push(`[pageerror] ${e.message}`);
  });

  const card = (title) => page.getByRole("region", { name: title });
  const login = () => card(/Log in to the protected site/);
  const pair = () => card(/Pair with the recovery site/);
  const plansCard = () => card(/list recovery plans/);
  const recovery = () => card(/Run recovery, then reprotect/);
  const taskStatus = (region) => page.getByRole("region", { name: region }).getByRole("status");
  const planStatus = (name) => page.getByRole("table", { name: "Recovery plans" }).getByRole("row", { name: new RegExp(name) }).locator(".plan-status").textContent();
  const stored = () => page.evaluate(() => JSON.stringify({ ...localStorage }));
  const ready = () => page.locator("body[data-ready=true]").waitFor();
  const waitSucceeded = (region) => until(async () => /Succeeded/.test(await taskStatus(region).textContent()), `${region} to succeed`);

  await check("page loads the package and shows simulator defaults", async () => {
    await page.goto(`${base}/`);
    await ready();
    assert(await login().getByText("simulator defaults").isVisible(), "no 'simulator defaults' mark");
    assert((await page.getByLabel("SRM API base URL").inputValue()) === info.srm[0].url, "base URL not prefilled from /_sim/info");
  });

  await check("wrong password: Clarity alert with kind and HTTP status 401", async () => {
    await page.getByLabel("Password", { exact: true }).fill(wrongPassword);
    await page.getByRole("button", { name: "Log in to site A" }).click();
    const alert = login().getByRole("alert");
    await alert.waitFor();
    const text = await alert.textContent();
    assert(/HTTP status\s*401/.test(text) && /Kind\s*http/.test(text), `alert says: ${text}`);
  });

  await check("login to site A", async () => {
    await page.getByLabel("Password", { exact: true }).fill(info.srm[0].password);
    await page.getByRole("button", { name: "Log in to site A" }).click();
    await page.getByText(/Logged in to .* as administrator@vsphere.local/).waitFor();
    assert((await login().getByRole("alert").count()) === 0, "the error alert stayed");
  });

  await check("invalid PSC port: validation error names and highlights the field", async () => {
    const port = page.getByLabel("PSC port");
    await port.fill("44x");
    await page.getByRole("button", { name: "Pair sites" }).click();
    const alert = pair().getByRole("alert");
    await alert.waitFor();
    const text = await alert.textContent();
    assert(/Kind\s*validation/.test(text) && /Field\s*pair_psc_info\.port/.test(text), `alert says: ${text}`);
    assert((await port.getAttribute("aria-invalid")) === "true", "port field not marked invalid");
    await port.fill(String(info.srm[1].psc.port));
  });

  await check("pair with site B: cancel stops waiting, the task goes on, resume watching", async () => {
    await taskDuration(SLOW_TASK_MS);
    await page.getByRole("button", { name: "Pair sites" }).click();
    await page.getByRole("button", { name: "Cancel waiting" }).click();
    await until(async () => /continues on the server/.test(await taskStatus("Pairing task").textContent()), "the stopped-waiting note");
    assert((await page.getByLabel("PSC port").getAttribute("aria-invalid")) === null, "field mark not cleared");
    await page.getByRole("button", { name: "Resume watching" }).click();
    await waitSucceeded("Pairing task");
    const bar = page.getByRole("progressbar", { name: "Pairing progress" });
    assert((await bar.getAttribute("value")) === "100", "progress bar not at 100");
    await page.getByText(/Paired with site B\. Pairing ID/).waitFor();
  });

  await check("remote login lists the plans, all READY_STATE", async () => {
    await taskDuration(initialTaskMs);
    await page.getByRole("button", { name: "Log in to site B" }).click();
    await page.getByText(/Remote session open on site B/).waitFor();
    const rows = page.getByRole("table", { name: "Recovery plans" }).locator("tbody tr");
    await until(async () => (await rows.count()) === 2, "two plans");
    for (const s of await rows.locator(".plan-status").allTextContents()) assert(s === "READY_STATE", `plan status ${s}`);
  });

  const plan = "Tier-1 Databases";
  await check("only recovery is allowed before recovery (reprotect disabled)", async () => {
    const picker = page.getByRole("combobox", { name: "Recovery plan" });
    await picker.selectOption(await picker.locator("option", { hasText: plan }).getAttribute("value"));
    assert(await page.getByRole("button", { name: "Run recovery" }).isEnabled(), "Run recovery disabled");
    assert(await page.getByRole("button", { name: "Reprotect" }).isDisabled(), "Reprotect enabled in READY_STATE");
  });

  await check("run recovery, reload mid-task, log in again: the task resumes", async () => {
    await taskDuration(SLOW_TASK_MS);
    await page.getByRole("button", { name: "Run recovery" }).click();
    await until(async () => (await stored()).includes("token"), "the resume token in localStorage");
    const saved = await stored();
    const { tokens } = await admin("tokens");
    for (const s of [...secrets, ...tokens]) assert(!saved.includes(s), "a password or session token is in localStorage");
    await until(async () => (await planStatus(plan)) === "RECOVERY_IN_PROGRESS", "RECOVERY_IN_PROGRESS");
    await page.reload();
    await ready();
    await login().getByText(/A task was running when this page was closed/).waitFor();
    await page.getByRole("button", { name: "Log in to site A" }).click();
    await until(async () => /Resumed after reload/.test(await taskStatus("Recovery plan task").textContent()), "the resumed task");
    await waitSucceeded("Recovery plan task");
    await until(async () => (await planStatus(plan)) === "RECOVERY_COMPLETE", "RECOVERY_COMPLETE");
    assert(!(await stored()).includes("token"), "token kept after the task ended");
  });

  await check("reprotect after RECOVERY_COMPLETE: plan back to READY_STATE, sites swapped", async () => {
    await taskDuration(initialTaskMs);
    assert(await page.getByRole("button", { name: "Reprotect" }).isDisabled(), "Reprotect enabled without a remote session");
    await page.getByRole("button", { name: "Log in to site B" }).click();
    await until(() => page.getByRole("button", { name: "Reprotect" }).isEnabled(), "Reprotect enabled");
    assert(await page.getByRole("button", { name: "Run recovery" }).isDisabled(), "Run recovery enabled after recovery");
    await page.getByRole("button", { name: "Reprotect" }).click();
    await waitSucceeded("Recovery plan task");
    await until(async () => (await planStatus(plan)) === "READY_STATE", "READY_STATE");
    const row = page.getByRole("table", { name: "Recovery plans" }).getByRole("row", { name: new RegExp(plan) });
    const cells = await row.locator("td").allTextContents();
    assert(cells[2] === info.srm[1].name, `protected site is now ${cells[2]}`);
    await recovery().getByText("Reprotect complete").waitFor();
  });

  await check("pair the replication appliances (pairSites)", async () => {
    await page.getByRole("button", { name: "Pair appliances" }).click();
    await waitSucceeded("Replication pairing task");
    const rows = page.getByRole("table", { name: "Replication sites" }).locator("tbody tr");
    await until(async () => (await rows.count()) === 2, "two replication sites");
  });

  await check("no password or session token in the DOM, storage or console", async () => {
    // Every password (right and wrong), its Basic value, every session token the simulator
    // issued during the walk.
    const { tokens } = await admin("tokens");
    assert(tokens.length >= 4, `the simulator issued ${tokens.length} tokens`);
    const logins = [...info.srm, ...info.replication].map((s) => [s.username, s.password]);
    logins.push([info.srm[0].username, wrongPassword]);
    const needles = [...tokens, ...logins.flatMap(([u, p]) => [p, Buffer.from(`${u}:${p}`).toString("base64")])];
    const seen = await page.evaluate(() => ({
      text: document.body.innerText,
      html: document.documentElement.outerHTML,
      // What the page put in fields the user can read (password fields hold what was typed).
      fields: [...document.querySelectorAll("input, textarea, select")].filter((el) => el.type !== "password").map((el) => el.value).join("\n"),
      passwordTypes: [...document.querySelectorAll("input[name$=password]")].map((el) => el.type),
      localStorage: JSON.stringify({ ...localStorage }),
      sessionStorage: JSON.stringify({ ...sessionStorage }),
    }));
    assert(seen.passwordTypes.length >= 4 && seen.passwordTypes.every((t) => t === "password"), `password fields: ${seen.passwordTypes}`);
    seen.console = consoleLines.join("\n");
    for (const [where, text] of Object.entries(seen)) {
      if (typeof text !== "string") continue;
      const hit = needles.find((n) => text.includes(n));
      if (hit) throw new Error(`${where} holds a secret (${hit.slice(0, 6)}…)`);
    }
  });

  await check("no console messages or page errors", async () => {
    assert(noise.length === 0, noise.join(" | "));
  });

  if (screenshot) {
    // Clarity scrolls .content-area inside a 100vh layout: grow the viewport to show it all.
    const height = await page.evaluate(() => {
      const content = document.querySelector(".content-area");
      content.scrollTop = 0;
      return document.querySelector(".header").offsetHeight + content.scrollHeight;
    });
    await page.setViewportSize({ width: 1180, height: Math.min(height, 6000) });
    await page.screenshot({ path: screenshot, fullPage: true });
    console.log(`screenshot: ${screenshot}`);
  }
  await taskDuration(initialTaskMs);
  code = results.every((r) => r.ok) ? 0 : 1;
} catch (e) {
  console.log(`FAIL setup — ${e.message}`);
  results.push({ name: "setup", ok: false });
} finally {
  await browser.close();
}
if (code !== 0) noise.forEach((l) => console.log(l));
const failed = results.filter((r) => !r.ok).length;
console.log(`(${((Date.now() - started) / 1000).toFixed(1)} s)`);
console.log(`web page: ${results.length - failed} passed, ${failed} failed`);
process.exit(results.length > 0 && failed === 0 ? code : 1);
