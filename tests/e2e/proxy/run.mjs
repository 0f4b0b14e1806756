// The demo page behind the demo proxy (`cargo xtask demo --srm-a URL ...`), in headless
// Chromium: a simulator on another port plays the real servers. The page comes from the proxy,
// is prefilled with the proxied base URLs (no credentials, no "simulator defaults" marks), logs
// in to SRM site A, pairs it with site B and pairs the two replication appliances, all through
// the proxy. Then what a person sees when a server gives no answer: behind the proxy (a 502
// that names the server's URL and the cause) and with no answer at all (the package's network
// error: the URL and the likely causes).
// Usage: node run.mjs FRONT_URL SIM_URL BROKEN_FRONT_URL CLOSED_PORT [SCREENSHOT]
//   FRONT_URL          the proxy in front of the simulator's four servers
//   SIM_URL            the simulator itself (its /_sim/info has the credentials)
//   BROKEN_FRONT_URL   a proxy whose --srm-a is http://127.0.0.1:CLOSED_PORT
// Closing line: `demo proxy page: N passed, M failed`.
import { createRequire } from "node:module";

const require = createRequire(new URL("../../../.tools/package.json", import.meta.url));
const { chromium } = require("playwright-core");

const [front, sim, broken, closedPort, screenshot] = process.argv.slice(2).map((a) => a?.replace(/\/+$/, ""));
if (!closedPort) {
  console.error("usage: node run.mjs FRONT_URL SIM_URL BROKEN_FRONT_URL CLOSED_PORT [SCREENSHOT]");
  process.exit(2);
}
const TIMEOUT = 20_000;
const outcomes = [];

async function step(name, body) {
  if (outcomes.includes(false)) return;
  try {
    await body();
    outcomes.push(true);
    console.log(`ok   ${name}`);
  } catch (e) {
    outcomes.push(false);
    console.log(`FAIL ${name} — ${String(e.message).split("\n")[0]}`);
  }
}

function expect(ok, what) {
  if (!ok) throw new Error(what);
}

const simInfo = await (await fetch(`${sim}/_sim/info`)).json();
const [srmA, srmB] = simInfo.srm;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-dev-shm-usage"],
});
const unexpected = [];
try {
  const page = await browser.newPage({ viewport: { width: 1180, height: 900 } });
  page.setDefaultTimeout(TIMEOUT);
  await page.exposeFunction("__violation", (v) => unexpected.push(`CSP: ${v}`));
  await page.addInitScript(() => document.addEventListener("securitypolicyviolation", (e) => window.__violation(`${e.effectiveDirective} ${e.blockedURI}`)));
  // The browser logs the failed loads these checks provoke on purpose; anything else counts.
  const provoked = /^Failed to load resource: (the server responded with a status of 502|net::ERR_CONNECTION_REFUSED)/;
  page.on("console", (m) => provoked.test(m.text()) || unexpected.push(`[console.${m.type()}] ${m.text()}`));
  page.on("pageerror", (e) => unexpected.push(`[pageerror] ${e.message}`));
  const region = (name) => page.getByRole("region", { name });
  const alertIn = async (card) => {
    const alert = region(card).getByRole("alert");
    await alert.waitFor();
    return (await alert.textContent()).replace(/\s+/g, " ");
  };

  await step("the page comes from the proxy, prefilled with the proxied base URLs only", async () => {
    const response = await page.goto(`${front}/`);
    expect(/script-src 'self' 'wasm-unsafe-eval'/.test(response.headers()["content-security-policy"] ?? ""), "no page CSP");
    await page.locator("body[data-ready=true]").waitFor();
    expect((await page.getByLabel("SRM API base URL").inputValue()) === `${front}/srm/a/api/rest/srm/v2`, "SRM base URL not the proxied one");
    expect((await page.getByLabel("Site B appliance URL").inputValue()) === `${front}/vr/b`, "appliance B URL not the proxied one");
    expect((await page.getByLabel("Password", { exact: true }).inputValue()) === "", "a password was prefilled");
    expect(!(await page.getByText("simulator defaults").first().isVisible()), "marked as simulator defaults");
    expect(/demo proxy/.test(await page.locator("#package-status").textContent()), "status does not say the proxy");
  });

  await step("log in to SRM site A through the proxy", async () => {
    await page.getByLabel("Username", { exact: true }).fill(srmA.username);
    await page.getByLabel("Password", { exact: true }).fill(srmA.password);
    await page.getByRole("button", { name: "Log in to site A" }).click();
    await page.getByText(`Logged in to ${front}/srm/a/api/rest/srm/v2 as ${srmA.username}`).waitFor();
  });

  await step("pair site A with site B through the proxy; the task is followed to the end", async () => {
    await page.getByLabel("Remote vCenter GUID").fill(srmB.vc_guid);
    await page.getByLabel("PSC host").fill(srmB.psc.url);
    await page.getByLabel("PSC port").fill(String(srmB.psc.port));
    await page.getByLabel("PSC thumbprint").fill(srmB.psc.thumbprint);
    await page.getByLabel("Remote username").fill(srmB.username);
    await page.getByLabel("Remote password").fill(srmB.password);
    await page.getByRole("button", { name: "Pair sites" }).click();
    await page.getByText(/Paired with site B\. Pairing ID/).waitFor();
  });

  await step("pair the replication appliances through the proxy", async () => {
    for (const [label, vr] of [["Site A appliance", simInfo.replication[0]], ["Site B appliance", simInfo.replication[1]]]) {
      await page.getByLabel(`${label} username`).fill(vr.username);
      await page.getByLabel(`${label} password`).fill(vr.password);
    }
    await page.getByRole("button", { name: "Pair appliances" }).click();
    await page.getByText("Both appliances registered each other.").waitFor();
    const rows = page.getByRole("table", { name: "Replication sites" }).locator("tbody tr");
    expect((await rows.count()) === 2, "not two replication sites");
  });

  await step("a server with no answer at all: the alert names the URL and the likely causes", async () => {
    // https: the page's CSP lets it call any https server; nothing listens on that port.
    const url = `https://127.0.0.1:${closedPort}/api/rest/srm/v2`;
    await page.getByLabel("SRM API base URL").fill(url);
    await page.getByRole("button", { name: "Log in to site A" }).click();
    const text = await alertIn(/Log in to the protected site/);
    for (const part of [`${url}/session`, "unreachable", "certificate", "CORS", "network"]) expect(text.includes(part), `no "${part}" in: ${text}`);
  });

  await step("a server behind the proxy that does not answer: a 502 naming its URL and the cause", async () => {
    await page.goto(`${broken}/`);
    await page.locator("body[data-ready=true]").waitFor();
    await page.getByLabel("Username", { exact: true }).fill(srmA.username);
    await page.getByLabel("Password", { exact: true }).fill(srmA.password);
    await page.getByRole("button", { name: "Log in to site A" }).click();
    const text = await alertIn(/Log in to the protected site/);
    const upstream = `http://127.0.0.1:${closedPort}/api/rest/srm/v2/session`;
    for (const part of [upstream, "502", "refused", "reachable"]) expect(text.includes(part), `no "${part}" in: ${text}`);
    expect(!text.includes(srmA.password), "the password is in the alert");
  });

  await step("no CSP violation, console message or page error besides the provoked failures", async () => {
    expect(unexpected.length === 0, unexpected.join(" | "));
  });
  if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
} catch (e) {
  outcomes.push(false);
  console.log(`FAIL setup — ${e.message}`);
} finally {
  await browser.close();
}
const failed = outcomes.filter((ok) => !ok).length;
console.log(`demo proxy page: ${outcomes.length - failed} passed, ${failed} failed`);
process.exit(outcomes.length > 0 && failed === 0 ? 0 : 1);
