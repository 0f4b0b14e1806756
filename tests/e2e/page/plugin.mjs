// End-to-end test of the page as a vSphere Client remote plugin, in headless Chromium: the
// plugin host stand-in (web/plugin/, served by a second simulator: another origin) embeds the
// page (served by the first) in an iframe and hands it the SRM and replication sessions over
// postMessage, through an object shaped like the client's htmlClientSdk.
// Checks: the page skips its login form and logs in nowhere itself; it takes the host's theme
// (Clarity light/dark, switched without a reload) and locale; a message from a third origin is
// ignored by the page and by the host, reported by both, and gets no session; the handed
// sessions drive the whole walk (pair, site B, test + cleanup, recovery, reprotect, appliances);
// no CSP violation, no console error. Saves the README's screenshot of the page.
// Usage: node plugin.mjs PAGE_BASE_URL HOST_BASE_URL [SCREENSHOT]. Resets the page simulator.
// Closing line: `web page as a plugin: N passed, M failed`.
import http from "node:http";
import { assert, Checks, fullHeight, launchChromium, simAdmin, TIMEOUT, until } from "./harness.mjs";
import { PROTOCOL } from "../../../web/plugin/protocol.js";

const [pageArg, hostArg, screenshot] = process.argv.slice(2);
if (!pageArg || !hostArg) {
  console.error("usage: node plugin.mjs PAGE_BASE_URL HOST_BASE_URL [SCREENSHOT]");
  process.exit(2);
}
const pageBase = pageArg.replace(/\/+$/, "");
const hostBase = hostArg.replace(/\/+$/, "");
const admin = simAdmin(pageBase);
const LOCALE = "de-DE";
const PAGE_WIDTH = 1180; // as in the page test

const checks = new Checks("web page as a plugin");
const check = (name, fn) => checks.check(name, fn);

// A third origin: "another plugin" the host frames (its CSP allows local origins), whose
// messages neither the page nor the host may act on.
const other = http.createServer((req, res) => {
  res.setHeader("content-type", "text/html");
  res.end("<!doctype html><title>another plugin</title><p>another origin</p>");
});
await new Promise((resolve) => other.listen(0, "127.0.0.1", resolve));
const otherOrigin = `http://localhost:${other.address().port}`;

const browser = await launchChromium();
const noise = [];
const violations = [];
try {
  await admin("reset", {});
  const info = await admin("info");
  const logins = async () => {
    const log = await admin("requests");
    const count = (path) => log.filter((r) => r.method === "POST" && r.path === path).length;
    return { srm: count("/srm/a/api/rest/srm/v2/session"), vrA: count("/vr/a/sessions"), vrB: count("/vr/b/sessions"), log };
  };
  const host = await browser.newPage({ viewport: { width: PAGE_WIDTH + 300, height: 900 } });
  host.setDefaultTimeout(TIMEOUT);
  // Console messages and CSP violations of the host and of every frame in it.
  await host.exposeFunction("__violation", (v) => violations.push(v));
  await host.addInitScript(() => document.addEventListener("securitypolicyviolation",
    (e) => window.__violation(`${location.origin}: ${e.effectiveDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`)));
  host.on("console", (m) => noise.push(`[console.${m.type()}] ${m.text()}`));
  host.on("pageerror", (e) => noise.push(`[pageerror] ${e.message}`));

  const frame = host.frameLocator("iframe[name=siterecovery]");
  const pageFrame = () => host.frame({ name: "siterecovery" });
  const inPage = (fn, arg) => pageFrame().evaluate(fn, arg);
  const hostLog = () => host.locator("#host-log").textContent();
  const theme = () => inPage(() => document.body.getAttribute("cds-theme"));
  // Relative luminance of the page's background, 0 (black) to 1 (white).
  const background = () => inPage(() => {
    const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\d+/g).map(Number);
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
  });
  const taskStatus = (region) => frame.getByRole("region", { name: region, exact: true }).getByRole("status");
  const waitSucceeded = (region) => until(async () => /Succeeded/.test(await taskStatus(region).textContent()), `${region} to succeed`);
  const planStatus = () => frame.getByRole("table", { name: "Recovery plans" }).locator("tbody tr").first().locator(".plan-status").textContent();
  // The README's picture: the whole page, as embedded, after the walk (light theme, before the
  // intruder's notice). The frame grows to the page's height, the viewport around it.
  async function takeScreenshot() {
    const iframe = host.locator("iframe[name=siterecovery]");
    const side = host.viewportSize().width - (await iframe.boundingBox()).width;
    const height = Math.min(await fullHeight(pageFrame()), 6000);
    await host.setViewportSize({ width: PAGE_WIDTH + side, height: height + 100 });
    await iframe.evaluate((f, h) => { f.style.height = `${h}px`; f.style.flex = "none"; }, height);
    await until(async () => (await inPage(() => innerHeight)) === height && (await inPage(() => innerWidth)) === PAGE_WIDTH, "the frame at full size");
    await iframe.screenshot({ path: screenshot });
    await iframe.evaluate((f) => { f.style.height = ""; f.style.flex = ""; });
    await host.setViewportSize({ width: PAGE_WIDTH + side, height: 900 });
    console.log(`screenshot: ${screenshot}`);
  }
  const planTo = async (button, status) => {
    await frame.getByRole("button", { name: button, exact: true }).click();
    await until(async () => (await planStatus()) === status, status);
  };

  await check("the host, on its own origin, embeds the page from the page's origin", async () => {
    await host.goto(`${hostBase}/plugin/?page=${encodeURIComponent(`${pageBase}/`)}&locale=${LOCALE}`);
    await frame.locator("body[data-ready=true]").waitFor();
    const hostOrigin = new URL(host.url()).origin;
    const pageOrigin = new URL(pageFrame().url()).origin;
    assert(pageOrigin === pageBase && hostOrigin === hostBase && hostOrigin !== pageOrigin, `host ${hostOrigin}, page ${pageOrigin}`);
    assert((await inPage(() => document.body.dataset.embedded)) === "true", "the page does not know it is embedded");
    const csp = await host.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content");
    assert(/script-src 'self';/.test(csp) && !/unsafe/.test(csp), `host CSP: ${csp}`);
  });

  await check("embedded, the page skips its login form and uses the handed SRM session", async () => {
    await frame.getByText(`Using the session that the plugin host ${hostBase} handed over, at ${info.srm[0].url}.`).waitFor();
    assert(await frame.locator("#login-form").isHidden(), "the login form shows");
    assert(await frame.locator("#step-login .step-done-label").isVisible(), "step 1 not done");
    // The page listed the pairings (an empty list) with the handed session.
    await frame.getByText("No pairing yet: pair with site B above.").waitFor();
    const { srm, vrA, log } = await logins();
    assert(srm === 1 && vrA === 1, `logins: SRM ${srm}, appliance A ${vrA} (only the host's one each)`);
    assert(log.some((r) => r.method === "GET" && r.path.endsWith("/srm/a/api/rest/srm/v2/pairings") && r.status === 200), "no pairings listed with the session");
    assert(/The plugin asked for the session: SRM and replication sessions handed over\./.test(await hostLog()), "host log");
  });

  await check("the handed sessions drive the walk: pair, site B, test + cleanup, recovery, reprotect, appliances", async () => {
    await frame.getByRole("button", { name: "Pair sites" }).click();
    await waitSucceeded("Pairing task");
    await until(async () => (await frame.getByRole("table", { name: "Pairings" }).locator("tbody tr").count()) === 1, "the pairing listed");
    await frame.getByRole("button", { name: "Log in to site B" }).click();
    await frame.getByText(/Remote session open on site B/).waitFor();
    await until(async () => (await planStatus()) === "READY_STATE", "the plans");
    await planTo("Test recovery", "TEST_COMPLETE");
    await planTo("Clean up test", "READY_STATE");
    await planTo("Run recovery", "RECOVERY_COMPLETE");
    await planTo("Reprotect", "READY_STATE");
    assert(await frame.getByText(`Session handed over by the plugin host ${hostBase}.`).isVisible(), "no hand-over note at appliance A");
    assert(await frame.getByLabel("Site A appliance username").isHidden(), "appliance A asks for a login");
    await frame.getByRole("button", { name: "Pair appliances" }).click();
    await waitSucceeded("Replication pairing task");
    await until(async () => (await frame.getByRole("table", { name: "Replication sites" }).locator("tbody tr").count()) === 2, "two replication sites");
    const rows = frame.getByRole("table", { name: "Recent tasks" }).locator("tbody tr");
    await until(async () => (await rows.count()) === 5, "five SRM tasks");
    const statuses = await rows.locator(".task-status-label").allTextContents();
    assert(statuses.every((s) => s === "SUCCESS"), `recent tasks: ${statuses}`);
    const { srm, vrA, vrB } = await logins();
    assert(srm === 1 && vrA === 1 && vrB === 1, `logins: SRM ${srm}, appliance A ${vrA}, appliance B ${vrB}`);
  });

  if (screenshot && checks.ok) await takeScreenshot();

  await check(`theme and locale from the host: ${LOCALE}; Dark and Light switch Clarity's theme without a reload`, async () => {
    assert((await inPage(() => document.documentElement.lang)) === LOCALE, "page language");
    assert((await frame.locator("#package-status").textContent()) === `plugin of ${hostBase} · ${LOCALE}`, "header status");
    assert((await theme()) === "light" && (await background()) > 0.8, "not light at first");
    await inPage(() => { window.__sameDocument = true; });
    await host.getByRole("button", { name: "Dark" }).click();
    await until(async () => (await theme()) === "dark", "the dark theme");
    await until(async () => (await background()) < 0.2, "a dark background");
    assert(await host.getByRole("button", { name: "Dark" }).getAttribute("aria-pressed") === "true", "host switch state");
    await host.getByRole("button", { name: "Light" }).click();
    await until(async () => (await theme()) === "light" && (await background()) > 0.8, "light again");
    assert(await inPage(() => window.__sameDocument === true), "the page reloaded");
    assert(/Theme changed to dark\..*Theme changed to light\./s.test(await hostLog()), "host log");
  });

  await check("a message from another origin is ignored and reported, by the page and by the host", async () => {
    await host.evaluate((src) => {
      const f = document.createElement("iframe");
      f.name = "other";
      f.src = src;
      document.body.append(f);
    }, `${otherOrigin}/`);
    const intruder = await until(() => host.frame({ name: "other" })?.url().startsWith(otherOrigin) && host.frame({ name: "other" }), "the other origin's frame");
    await intruder.waitForLoadState();
    await intruder.evaluate((protocol) => {
      window.received = [];
      addEventListener("message", (e) => window.received.push(e.data));
      const page = parent.frames[0];
      // Pretending to be the host: a theme change and a session of its own.
      page.postMessage({ protocol, type: "themeChanged", theme: { name: "dark" } }, "*");
      page.postMessage({ protocol, type: "sessionInfo", id: 1, sessionInfo: { siteRecovery: { srm: { baseUrl: "https://evil.example/api/rest/srm/v2", sessionId: "stolen" } } } }, "*");
      // Pretending to be the page: asking the host for the session.
      parent.postMessage({ protocol, type: "initialize" }, "*");
      parent.postMessage({ protocol, type: "getSessionInfo", id: 7 }, "*");
    }, PROTOCOL);
    const notice = frame.locator("#plugin-alert");
    await until(async () => /\(2 messages so far\)/.test(await notice.textContent()), "the page's notice");
    assert((await notice.textContent()).trim() === `Ignored a message from ${otherOrigin}: only the plugin host ${hostBase} talks to this page (2 messages so far).`, `notice: ${await notice.textContent()}`);
    await until(async () => (await hostLog()).split(`The plugin ignored a message from ${otherOrigin}.`).length === 3, "the page's two reports in the host log");
    assert((await hostLog()).split(`Ignored a message from ${otherOrigin}: only the plugin page at ${pageBase} talks to this host.`).length === 3, "the host did not list the two messages to it");
    await new Promise((r) => setTimeout(r, 300)); // an answer, if any, would have come by now
    assert((await intruder.evaluate(() => window.received.length)) === 0, "the other origin got an answer");
    assert((await theme()) === "light", "the page took the theme from another origin");
    await frame.getByText(`Using the session that the plugin host ${hostBase} handed over`).waitFor();
  });

  await check("no Content-Security-Policy violation in the host or the page", async () => {
    assert(violations.length === 0, violations.join(" | "));
  });

  await check("no console messages or page errors", async () => {
    assert(noise.length === 0, noise.join(" | "));
  });

} catch (e) {
  checks.fail("setup", e);
} finally {
  await browser.close();
  other.close();
}
checks.exit(noise);
