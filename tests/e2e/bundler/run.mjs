// Opens a page in headless Chromium (playwright-core, Debian's chromium) and waits for its
// title to say PASS or FAIL. Usage: node run.mjs URL NAME [SCREENSHOT]
import { createRequire } from "node:module";

// playwright-core is installed by `cargo xtask setup` into the repository's .tools/.
const require = createRequire(new URL("../../../.tools/package.json", import.meta.url));
const { chromium } = require("playwright-core");

const [url, name = "browser check", screenshot] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
});
let code = 1;
try {
  const page = await browser.newPage();
  const logs = [];
  page.on("console", (m) => logs.push(`[console.${m.type()}] ${m.text()}`));
  page.on("pageerror", (e) => logs.push(`[pageerror] ${e.message}`));
  await page.goto(url);
  await page.waitForFunction(() => /^(PASS|FAIL)/.test(document.title), null, { timeout: 120_000 });
  const title = await page.title();
  const report = await page.textContent("#out").catch(() => "");
  if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
  const checks = (() => { try { return JSON.parse(report); } catch { return []; } })();
  for (const c of checks) console.log(`${c.ok ? "ok  " : "FAIL"} ${c.name}${c.ok ? "" : ` — ${c.detail}`}`);
  const failed = checks.filter((c) => !c.ok).length;
  if (!title.startsWith("PASS")) {
    console.log(title);
    logs.forEach((l) => console.log(l));
  }
  console.log(`${name}: ${checks.length - failed} passed, ${title.startsWith("PASS") ? failed : Math.max(failed, 1)} failed`);
  code = title.startsWith("PASS") && checks.length > 0 ? 0 : 1;
} finally {
  await browser.close();
}
process.exit(code);
