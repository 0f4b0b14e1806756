// What the page's browser tests share (run.mjs: the page alone; plugin.mjs: the page embedded
// in the plugin host stand-in): headless Chromium, the simulator's admin API, checks that stop
// at the first failure, polling, the full-height screenshot and the closing line.
import { createRequire } from "node:module";

// playwright-core is installed by `cargo xtask setup` into the repository's .tools/.
const require = createRequire(new URL("../../../.tools/package.json", import.meta.url));
const { chromium } = require("playwright-core");

export const TIMEOUT = 20_000;

export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
  });
}

/** `admin(path, body?)`: GET (no body) or POST JSON to the simulator's `/_sim/<path>`. */
export function simAdmin(base) {
  return async (path, body) => {
    const r = await fetch(`${base}/_sim/${path}`, body === undefined ? {} : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    if (!r.ok) throw new Error(`simulator ${path}: HTTP ${r.status}`);
    return r.json();
  };
}

export function assert(cond, message) {
  if (!cond) throw new Error(message);
}

/** Poll `fn` until it returns a truthy value. */
export async function until(fn, what, timeout = TIMEOUT) {
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

/** Named checks, run in order; after the first failure the rest are skipped. */
export class Checks {
  constructor(label) {
    this.label = label;
    this.results = [];
    this.started = Date.now();
  }

  async check(name, fn) {
    if (!this.ok) return;
    const t0 = Date.now();
    try {
      await fn();
      this.results.push({ name, ok: true });
      console.log(`ok   ${name} (${Date.now() - t0} ms)`);
    } catch (e) {
      this.results.push({ name, ok: false });
      console.log(`FAIL ${name} (${Date.now() - t0} ms) — ${e.message.split("\n")[0]}`);
    }
  }

  get ok() {
    return this.results.every((r) => r.ok);
  }

  fail(name, error) {
    console.log(`FAIL ${name} — ${error.message}`);
    this.results.push({ name, ok: false });
  }

  /** Print the closing line (`LABEL: N passed, M failed`) and exit; `noise` is shown on failure. */
  exit(noise = []) {
    const failed = this.results.filter((r) => !r.ok).length;
    if (failed) noise.forEach((l) => console.log(l));
    console.log(`(${((Date.now() - this.started) / 1000).toFixed(1)} s)`);
    console.log(`${this.label}: ${this.results.length - failed} passed, ${failed} failed`);
    process.exit(this.results.length > 0 && failed === 0 ? 0 : 1);
  }
}

/**
 * Clarity scrolls .content-area inside a 100vh layout: the height of `frame`'s whole page
 * (a Page or a Frame), scrolled to the top.
 */
export function fullHeight(frame) {
  return frame.evaluate(() => {
    const content = document.querySelector(".content-area");
    content.scrollTop = 0;
    return document.querySelector(".header").offsetHeight + content.scrollHeight;
  });
}
