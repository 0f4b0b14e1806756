// Headless Chromium and headless Firefox through their WebDriver servers (chromedriver,
// geckodriver: the drivers the wasm-bindgen tests use; playwright-core cannot drive stock
// Firefox), over the W3C protocol with fetch. Used by load/run.mjs and worker/run.mjs:
// `inBrowsers` opens a page in each browser and judges what it publishes.
import { spawn } from "node:child_process";
import net from "node:net";

const BROWSERS = [
  {
    name: "chromium",
    driver: [process.env.CHROMEDRIVER || "chromedriver", (port) => [`--port=${port}`]],
    capabilities: {
      browserName: "chrome",
      "goog:chromeOptions": {
        binary: process.env.CHROMIUM || "/usr/bin/chromium",
        args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
          "--disable-background-networking", "--disable-component-update", "--disable-sync"],
      },
    },
  },
  {
    name: "firefox",
    driver: [process.env.GECKODRIVER || "geckodriver", (port) => ["--port", String(port)]],
    capabilities: {
      browserName: "firefox",
      "moz:firefoxOptions": {
        ...(process.env.FIREFOX ? { binary: process.env.FIREFOX } : {}),
        args: ["-headless"],
        prefs: { "network.proxy.type": 0, "app.update.enabled": false, "browser.shell.checkDefaultBrowser": false },
      },
    },
  },
];

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** A WebDriver session (W3C protocol over fetch); `close()` ends it and its driver. */
async function session({ driver: [binary, args], capabilities }) {
  const port = await freePort();
  const child = spawn(binary, args(port), { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr = (stderr + d).slice(-2000)));
  const exited = new Promise((resolve) => child.on("exit", resolve));
  const url = `http://127.0.0.1:${port}`;
  const call = async (method, path, body) => {
    const r = await fetch(`${url}${path}`, { method, headers: { "content-type": "application/json" }, body: body && JSON.stringify(body) });
    const { value } = await r.json();
    if (!r.ok) throw new Error(`${method} ${path}: ${value?.error}: ${String(value?.message).split("\n")[0]}`);
    return value;
  };
  const kill = async () => {
    if (child.exitCode === null) child.kill();
    await exited;
  };
  try {
    for (const end = Date.now() + 30_000; ; await sleep(100)) {
      if (child.exitCode !== null) throw new Error(`${binary} exited (${child.exitCode}): ${stderr}`);
      if (await fetch(`${url}/status`).then((r) => r.ok, () => false)) break;
      if (Date.now() > end) throw new Error(`${binary} did not answer within 30 s: ${stderr}`);
    }
    const { sessionId } = await call("POST", "/session", { capabilities: { alwaysMatch: capabilities } });
    const at = `/session/${sessionId}`;
    return {
      go: (to) => call("POST", `${at}/url`, { url: to }),
      run: (script) => call("POST", `${at}/execute/sync`, { script, args: [] }),
      close: async () => {
        await call("DELETE", at).catch(() => {});
        await kill();
      },
    };
  } catch (e) {
    await kill();
    throw e;
  }
}

/** Open `url` and poll `expression` (a script returning a value or null) until it is not
 *  null; throws when nothing came within `timeoutMs`. */
async function published(wd, url, expression, timeoutMs) {
  await wd.go(url);
  for (const end = Date.now() + timeoutMs; ; await sleep(250)) {
    const result = await wd.run(`return ${expression} ?? null;`);
    if (result) return result;
    if (Date.now() > end) throw new Error(`the page published no result within ${timeoutMs / 1000} s`);
  }
}

/** In each browser: open `url`, wait (up to `timeoutMs`) for the page to publish `expression`
 *  and hand it to `judge`, which throws on a failure and returns a line to print. Prints
 *  `ok   BROWSER: line` or `FAIL BROWSER — why`, closes with `LABEL: N passed, M failed` and
 *  exits, non-zero unless every browser passed. */
export async function inBrowsers(label, url, expression, timeoutMs, judge) {
  let passed = 0;
  let failed = 0;
  for (const browser of BROWSERS) {
    const t0 = Date.now();
    let wd;
    try {
      wd = await session(browser);
      const line = await judge(await published(wd, url, expression, timeoutMs));
      passed++;
      console.log(`ok   ${browser.name}: ${line} (${Date.now() - t0} ms)`);
    } catch (e) {
      failed++;
      console.log(`FAIL ${browser.name} (${Date.now() - t0} ms) — ${e.message}`);
    } finally {
      await wd?.close();
    }
  }
  console.log(`${label}: ${passed} passed, ${failed} failed`);
  process.exit(failed === 0 && passed > 0 ? 0 : 1);
}
