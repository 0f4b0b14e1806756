// End-to-end test of the demo page (web/) in headless Chromium, against a simulator that
// serves it (`--web web --pkg crates/siterecovery-wasm/pkg-web`, ideally `--task-ms 400`).
// Clicks through the flow a DR admin would use, by labels and roles: pair, the pairings list
// with its status, reconnect, a rehearsal (test recovery, cleanup), recovery (reloading once in
// the middle of the task to prove resuming), reprotect, the recent-tasks panel, and deleting the
// pairing behind its confirm step; each task seen with progress. Saves a screenshot.
// Page safety (issue 9.8) along the way: every server string the page shows (site, plan and
// appliance names, task descriptions, an error message) is renamed through the simulator's
// admin API to HTML whose handlers would report to `__pwned`; the page must show it as text,
// create no element from it, run none of it, and run under the simulator's
// Content-Security-Policy without a single violation; an iframe host on another local origin
// may embed the page, another site may not.
// Usage: node run.mjs BASE_URL [SCREENSHOT]. Resets the simulator's state first.
// Closing line: `web page: N passed, M failed`.
import http from "node:http";
import { assert, Checks, fullHeight, launchChromium, simAdmin, TIMEOUT, until } from "./harness.mjs";

const [baseArg, screenshot] = process.argv.slice(2);
if (!baseArg) {
  console.error("usage: node run.mjs BASE_URL [SCREENSHOT]");
  process.exit(2);
}
const base = baseArg.replace(/\/+$/, "");
const SLOW_TASK_MS = 2000; // long enough to click Cancel or reload while the task runs
const admin = simAdmin(base);
const taskDuration = (ms) => admin("config", { task_duration_ms: ms });

// ---- server strings with markup ------------------------------------------------------------
// Each would call `__pwned(where)` if the page ever parsed it as HTML (the CSP would block the
// handler, so the test also counts elements and CSP violations).
const pwn = (where) => `"__pwned('${where}')"`;
const EVIL = {
  siteA: `Site A <img src=x onerror=${pwn("site A")}>`,
  siteB: `Site B <svg onload=${pwn("site B")}></svg>`,
  vrA: `vr-a <iframe srcdoc="<script>parent.__pwned('vr A')</script>"></iframe>`,
  vrB: `vr-b <script>__pwned("vr B")</script>`,
  plan1: `Tier-1 Databases <img src=x onerror=${pwn("plan")}>`,
  plan2: `<b>Web</b> Frontend <object data=x onerror=${pwn("plan 2")}></object>`,
  pairTask: `Pair <img src=x onerror=${pwn("pairing task")}>`,
  recoveryTask: `Recover </p><img src=x onerror=${pwn("recovery task")}>`,
  error: `No session <img src=x onerror=${pwn("error message")}> & "quotes"`,
  errorCode: `<i>Denied</i>`,
};
const rename = (what) => admin("rename", what);

// ---- checks ------------------------------------------------------------------------------
const checks = new Checks("web page");
const check = (name, fn) => checks.check(name, fn);

const browser = await launchChromium();
const noise = [];
const pwned = []; // where a server string ran as script
const violations = []; // securitypolicyviolation events, across reloads
try {
  await admin("reset", {});
  await rename({ srm_sites: { a: EVIL.siteA, b: EVIL.siteB }, vr_sites: { a: EVIL.vrA, b: EVIL.vrB } });
  const info = await admin("info");
  const initialTaskMs = info.config.task_duration_ms;
  const secrets = [...info.srm, ...info.replication].map((s) => s.password);
  // A wrong password no page output can hold by chance; searched for with the others at the end.
  const wrongPassword = `S3cr3t-Pa55-page-${Math.random().toString(36).slice(2)}`;
  const consoleLines = [];
  const page = await browser.newPage({ viewport: { width: 1180, height: 900 } });
  page.setDefaultTimeout(TIMEOUT);
  await page.exposeFunction("__pwned", (where) => pwned.push(where));
  await page.exposeFunction("__violation", (v) => violations.push(v));
  await page.addInitScript(() => document.addEventListener("securitypolicyviolation",
    (e) => window.__violation(`${e.effectiveDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`)));
  // The browser itself logs the 401 the wrong-password check provokes and the 400 of the
  // injected error; anything else is noise.
  const expected = /^Failed to load resource: the server responded with a status of 40[01]/;
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
  const recovery = () => card(/Test the plan, run recovery, then reprotect/);
  const taskStatus = (region) => page.getByRole("region", { name: region, exact: true }).getByRole("status");
  const planStatus = (name) => page.getByRole("table", { name: "Recovery plans" }).getByRole("row", { name: new RegExp(name) }).locator(".plan-status").textContent();
  const stored = () => page.evaluate(() => JSON.stringify({ ...localStorage }));
  const ready = () => page.locator("body[data-ready=true]").waitFor();
  const waitSucceeded = (region) => until(async () => /Succeeded/.test(await taskStatus(region).textContent()), `${region} to succeed`);
  // A task's progress bar, seen strictly between 0 and 100 while it runs, then at 100.
  const progressShown = async (name) => {
    const bar = page.getByRole("progressbar", { name, exact: true });
    const seen = await until(async () => {
      const v = Number(await bar.getAttribute("value"));
      return v > 0 && v < 100 ? v : null;
    }, `${name} between 0 and 100`);
    await until(async () => (await bar.getAttribute("value")) === "100", `${name} at 100`);
    return seen;
  };
  const pairingRows = () => page.getByRole("table", { name: "Pairings" }).locator("tbody tr");
  const recentRows = () => page.getByRole("table", { name: "Recent tasks" }).locator("tbody tr");
  const planButton = (name) => recovery().getByRole("button", { name, exact: true });
  const madeElements = () => page.evaluate(() => document.querySelectorAll("img, svg, iframe, object, embed, b, i, script:not([src])").length);

  await check("page is served with the Content-Security-Policy and loads the package under it", async () => {
    const response = await page.goto(`${base}/`);
    const csp = response.headers()["content-security-policy"] ?? "";
    const directives = csp.split(";").map((d) => d.trim());
    for (const d of ["script-src 'self' 'wasm-unsafe-eval'", "default-src 'self'", "object-src 'none'", "base-uri 'none'"]) {
      assert(directives.includes(d), `no "${d}" in the page's CSP: ${csp || "(no header)"}`);
    }
    assert(!/unsafe-inline|'unsafe-eval'/.test(csp), `the CSP allows inline script or eval: ${csp}`);
    await ready();
    assert(await page.locator("script").count() === 1 && await page.locator("script[src]").count() === 1, "inline script in the page");
    const handlers = await page.evaluate(() => [...document.querySelectorAll("*")].flatMap((el) => [...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${el.tagName} ${a.name}`)));
    assert(handlers.length === 0, `inline handlers: ${handlers.join(", ")}`);
  });

  await check("page shows simulator defaults", async () => {
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
    const { renamed } = await rename({ tasks: { "Pair with remote Site Recovery Manager server": EVIL.pairTask } });
    assert(renamed.tasks === 1, "the pairing task was not renamed");
    await page.getByRole("button", { name: "Resume watching" }).click();
    await waitSucceeded("Pairing task");
    const status = await taskStatus("Pairing task").textContent();
    assert(status.startsWith(`${EVIL.pairTask}: Succeeded`), `task description not shown as text: ${status}`);
    const bar = page.getByRole("progressbar", { name: "Pairing progress" });
    assert((await bar.getAttribute("value")) === "100", "progress bar not at 100");
    await page.getByText(/Paired with site B\. Pairing ID/).waitFor();
  });

  await check("pairings list: the pairing with its status, names as text", async () => {
    await until(async () => (await pairingRows().count()) === 1, "one pairing listed");
    const cells = await pairingRows().first().locator("td").allTextContents();
    assert(cells[0] === EVIL.siteB, `remote site: ${JSON.stringify(cells)}`);
    const statuses = await pairingRows().first().locator(".pairing-status").allTextContents();
    assert(JSON.stringify(statuses) === JSON.stringify(["SRM OK", "vCenter OK"]), `statuses: ${JSON.stringify(statuses)}`);
    const id = (await page.locator("#pair-summary").textContent()).match(/Pairing ID (\S+)\.$/)?.[1];
    assert(id && cells[2] === id, `pairing id ${cells[2]} vs summary ${id}`);
    assert(await pairingRows().getByRole("button", { name: "Delete…" }).isDisabled(), "Delete enabled without a session on site B");
  });

  await check("reconnect the pairing: a task followed with progress", async () => {
    await taskDuration(SLOW_TASK_MS);
    await pairingRows().getByRole("button", { name: "Reconnect" }).click();
    const seen = await progressShown("Pairing progress");
    await waitSucceeded("Pairing task");
    const status = await taskStatus("Pairing task").textContent();
    assert(status.startsWith("Reconnect to remote Site Recovery Manager server: Succeeded"), `status: ${status} (progress seen ${seen})`);
    assert((await page.locator("#pair-task .task-title").textContent()) === `Reconnect to ${EVIL.siteB}`, "task title");
    await pair().getByText("Reconnected: site A and site B talk to each other again.").waitFor();
    assert((await pairingRows().count()) === 1, "the pairing is still listed once");
    await taskDuration(initialTaskMs);
  });

  await check("a server error message with markup shows as text", async () => {
    await taskDuration(initialTaskMs);
    const { renamed } = await rename({ plans: { "Tier-1 Databases (Oracle RAC)": EVIL.plan1, "Web Frontend Failover": EVIL.plan2 } });
    assert(renamed.plans === 2, "the plans were not renamed");
    await admin("faults", { method: "POST", path: "/remote-session", kind: "status", status: 400,
      body: { error_code: EVIL.errorCode, message: EVIL.error, op_id: "4a6e1c2d-0000-4000-8000-000000000001" } });
    await page.getByRole("button", { name: "Log in to site B" }).click();
    const alert = plansCard().getByRole("alert");
    await alert.waitFor();
    const text = await alert.textContent();
    assert(text.includes(EVIL.error) && text.includes(EVIL.errorCode), `alert says: ${text}`);
  });

  await check("remote login lists the plans, all READY_STATE", async () => {
    await page.getByRole("button", { name: "Log in to site B" }).click();
    await page.getByText(/Remote session open on site B/).waitFor();
    const rows = page.getByRole("table", { name: "Recovery plans" }).locator("tbody tr");
    await until(async () => (await rows.count()) === 2, "two plans");
    for (const s of await rows.locator(".plan-status").allTextContents()) assert(s === "READY_STATE", `plan status ${s}`);
    // The table was filled once before the plans were renamed: wait for the new list.
    const names = () => rows.locator("td:first-child").allTextContents();
    await until(async () => (await names()).includes(EVIL.plan1), "the renamed plans, shown as text");
    assert((await names()).includes(EVIL.plan2), `plan names: ${JSON.stringify(await names())}`);
    const sites = await rows.first().locator("td").allTextContents();
    assert(sites[2] === EVIL.siteA && sites[3] === EVIL.siteB, `site names: ${JSON.stringify(sites)}`);
    const options = await page.getByRole("combobox", { name: "Recovery plan" }).locator("option").allTextContents();
    assert(options.includes(`${EVIL.plan1} (READY_STATE)`), `plan picker: ${JSON.stringify(options)}`);
  });

  const plan = "Tier-1 Databases";
  await check("only recovery is allowed before recovery (reprotect disabled)", async () => {
    const picker = page.getByRole("combobox", { name: "Recovery plan" });
    await picker.selectOption(await picker.locator("option", { hasText: plan }).getAttribute("value"));
    assert(await page.getByRole("button", { name: "Run recovery" }).isEnabled(), "Run recovery disabled");
    assert(await page.getByRole("button", { name: "Reprotect" }).isDisabled(), "Reprotect enabled in READY_STATE");
    const hint = await page.locator("#plan-hint").textContent();
    assert(hint.startsWith(`“${EVIL.plan1}” is ready`), `plan hint: ${hint}`);
  });

  await check("rehearsal: test recovery, then cleanup, with progress; recovery waits for the cleanup", async () => {
    await taskDuration(SLOW_TASK_MS);
    assert(await planButton("Test recovery").isEnabled(), "Test recovery disabled in READY_STATE");
    assert(await planButton("Clean up test").isDisabled(), "Clean up enabled in READY_STATE");
    await planButton("Test recovery").click();
    await until(async () => (await planStatus(plan)) === "TEST_IN_PROGRESS", "TEST_IN_PROGRESS");
    await progressShown("Recovery plan task progress");
    await waitSucceeded("Recovery plan task");
    await until(async () => (await planStatus(plan)) === "TEST_COMPLETE", "TEST_COMPLETE");
    await recovery().getByText(/^Test recovery complete/).waitFor();
    await until(() => planButton("Clean up test").isEnabled(), "Clean up enabled after the test");
    for (const name of ["Test recovery", "Run recovery", "Reprotect"]) assert(await planButton(name).isDisabled(), `${name} enabled in TEST_COMPLETE`);
    await planButton("Clean up test").click();
    await until(async () => (await planStatus(plan)) === "CLEANUP_IN_PROGRESS", "CLEANUP_IN_PROGRESS");
    await progressShown("Recovery plan task progress");
    await until(async () => (await planStatus(plan)) === "READY_STATE", "READY_STATE after cleanup");
    await recovery().getByText(/^Cleanup complete/).waitFor();
    const status = await taskStatus("Recovery plan task").textContent();
    assert(status.startsWith("Cleanup test recovery plan: Succeeded"), `status: ${status}`);
    await until(() => planButton("Run recovery").isEnabled(), "Run recovery enabled after cleanup");
    await taskDuration(initialTaskMs);
  });

  await check("run recovery, reload mid-task, log in again: the task resumes", async () => {
    await taskDuration(SLOW_TASK_MS);
    await page.getByRole("button", { name: "Run recovery" }).click();
    await until(async () => (await stored()).includes("token"), "the resume token in localStorage");
    const saved = await stored();
    const { tokens } = await admin("tokens");
    for (const s of [...secrets, ...tokens]) assert(!saved.includes(s), "a password or session token is in localStorage");
    await until(async () => (await planStatus(plan)) === "RECOVERY_IN_PROGRESS", "RECOVERY_IN_PROGRESS");
    const { renamed } = await rename({ tasks: { "Run recovery plan": EVIL.recoveryTask } });
    assert(renamed.tasks === 1, "the recovery task was not renamed");
    await page.reload();
    await ready();
    const notice = await login().getByText(/A task was running when this page was closed/).textContent();
    assert(notice.includes(`“Run recovery: ${EVIL.plan1}”`), `the saved task's title: ${notice}`);
    await page.getByRole("button", { name: "Log in to site A" }).click();
    await until(async () => /Resumed after reload/.test(await taskStatus("Recovery plan task").textContent()), "the resumed task");
    await waitSucceeded("Recovery plan task");
    const status = await taskStatus("Recovery plan task").textContent();
    assert(status.startsWith(`Resumed after reload. ${EVIL.recoveryTask}: Succeeded`), `task description not shown as text: ${status}`);
    const summary = await page.locator("#pair-summary").textContent();
    assert(summary.startsWith(`Site A is already paired with ${EVIL.siteB}.`), `pairing summary: ${summary}`);
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
    assert(cells[2] === info.srm[1].name && cells[2] === EVIL.siteB, `protected site is now ${cells[2]}`);
    await recovery().getByText("Reprotect complete").waitFor();
  });

  await check("pair the replication appliances (pairSites)", async () => {
    await page.getByRole("button", { name: "Pair appliances" }).click();
    await waitSucceeded("Replication pairing task");
    const rows = page.getByRole("table", { name: "Replication sites" }).locator("tbody tr");
    await until(async () => (await rows.count()) === 2, "two replication sites");
    const names = await rows.locator("td:first-child").allTextContents();
    assert(names.includes(EVIL.vrA) && names.includes(EVIL.vrB), `appliance site names: ${JSON.stringify(names)}`);
  });

  await check("recent tasks panel (getRecentTasksInfo): the walk's tasks, newest first, all SUCCESS", async () => {
    const expected = ["Reprotect recovery plan", EVIL.recoveryTask, "Cleanup test recovery plan", "Test recovery plan",
      "Reconnect to remote Site Recovery Manager server", EVIL.pairTask];
    const described = async () => (await recentRows().locator("td:first-child").allTextContents()).join(" | ");
    await until(async () => (await described()) === expected.join(" | "), "the six tasks, newest first")
      .catch(async (e) => { throw new Error(`${e.message}; listed: ${await described()}`); });
    const statuses = await recentRows().locator(".task-status-label").allTextContents();
    assert(statuses.every((s) => s === "SUCCESS"), `statuses: ${statuses}`);
    const targets = await recentRows().locator("td:nth-child(2)").allTextContents();
    assert(targets.includes(EVIL.plan1) && targets.includes(EVIL.siteB), `targets: ${JSON.stringify(targets)}`);
  });

  await check("server strings with markup stayed text: no element made, nothing ran", async () => {
    const made = await madeElements();
    assert(made === 0, `${made} elements made from server strings`);
    const text = await page.locator("body").textContent();
    for (const key of ["siteA", "siteB", "plan1", "plan2"]) assert(text.includes(EVIL[key]), `${key} not on the page as text`);
    assert(pwned.length === 0, `server strings ran as script: ${pwned.join(", ")}`);
  });

  await check("delete the pairing: a confirm step first (cancel sends nothing), then a task with progress", async () => {
    const deletes = async () => (await admin("requests")).filter((r) => r.method === "DELETE" && r.path.includes("/pairings/")).length;
    const del = pairingRows().getByRole("button", { name: "Delete…" });
    assert(await del.isEnabled(), "Delete disabled with a session on site B");
    await del.click();
    const dialog = page.getByRole("alertdialog", { name: `Delete the pairing with ${EVIL.siteB}?` });
    await dialog.waitFor();
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await dialog.waitFor({ state: "detached" });
    assert((await deletes()) === 0, "Cancel sent a DELETE");
    assert((await pairingRows().count()) === 1, "the pairing left on Cancel");
    await taskDuration(SLOW_TASK_MS);
    await del.click();
    await dialog.getByRole("button", { name: "Delete pairing" }).click();
    await progressShown("Pairing progress");
    await waitSucceeded("Pairing task");
    assert((await deletes()) === 1, "not one DELETE");
    const status = await taskStatus("Pairing task").textContent();
    assert(status.startsWith("Delete pairing with remote Site Recovery Manager server: Succeeded"), `status: ${status}`);
    await pair().getByText(/^Pairing deleted/).waitFor();
    await until(async () => (await pairingRows().count()) === 0, "no pairing listed");
    assert(/No pairing yet/.test(await page.locator("#pairings-hint").textContent()), "no empty-list hint");
    assert(await page.getByRole("table", { name: "Recovery plans" }).isHidden(), "plans still listed");
    assert(await planButton("Run recovery").isDisabled(), "Run recovery enabled without a pairing");
    await until(async () => (await recentRows().first().locator("td").first().textContent()) === "Delete pairing with remote Site Recovery Manager server", "the delete task in recent tasks");
    assert((await madeElements()) === 0 && pwned.length === 0, "the confirm step or the delete made an element or ran script");
    await taskDuration(initialTaskMs);
  });

  await check("no Content-Security-Policy violations", async () => {
    assert(violations.length === 0, violations.join(" | "));
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

  await check("frame-ancestors: a host on another local origin embeds the page, another origin cannot", async () => {
    // Two made-up plugin hosts, each a page that frames the demo: one on another port of
    // 127.0.0.1 (a local origin the policy names), one on 127.0.0.2 (one it does not; still
    // loopback, so Chromium's local-network checks do not step in first).
    const embed = async (address) => {
      const server = http.createServer((req, res) => {
        res.setHeader("content-type", "text/html");
        res.end(`<!doctype html><title>plugin host</title><iframe src="${base}/" width="900" height="600"></iframe>`);
      });
      await new Promise((resolve) => server.listen(0, address, resolve));
      const host = await browser.newPage();
      const refused = [];
      host.on("console", (m) => /frame-ancestors/.test(m.text()) && refused.push(m.text()));
      await host.goto(`http://${address}:${server.address().port}/`);
      return { host, refused, close: async () => { await host.close(); server.close(); } };
    };
    const local = await embed("127.0.0.1");
    try {
      await local.host.frameLocator("iframe").locator("body[data-ready=true]").waitFor();
      assert(local.refused.length === 0, local.refused.join(" | "));
    } finally {
      await local.close();
    }
    const other = await embed("127.0.0.2");
    try {
      await until(() => other.refused.length > 0, "the browser to refuse the frame");
    } finally {
      await other.close();
    }
  });

  if (screenshot) {
    // Grow the viewport to show the whole page.
    await page.setViewportSize({ width: 1180, height: Math.min(await fullHeight(page), 6000) });
    await page.screenshot({ path: screenshot, fullPage: true });
    console.log(`screenshot: ${screenshot}`);
  }
  await taskDuration(initialTaskMs);
} catch (e) {
  checks.fail("setup", e);
} finally {
  await browser.close();
}
checks.exit(noise);
