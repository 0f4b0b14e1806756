// Load in the browser (issue 9.10): opens load.js's page in headless Chromium and headless
// Firefox through their WebDriver servers (../webdriver.mjs) and judges what it publishes:
// every one of the 1000 waits on 1000 different tasks ended within the deadline (none stuck),
// each with its own task, succeeded (none lost, none mixed up), the package's timer has no
// sleep left, and the page met no Content-Security-Policy violation. Prints the run time
// and the task GETs per task.
// Usage: node run.mjs BASE_URL [N] [TASK_MS]. Closing line: `browser load: N passed, M failed`.
import { inBrowsers } from "../webdriver.mjs";

const [baseArg, nArg = "1000", msArg = "5000"] = process.argv.slice(2);
if (!baseArg) {
  console.error("usage: node run.mjs BASE_URL [N] [TASK_MS]");
  process.exit(2);
}
const base = baseArg.replace(/\/+$/, "");
const N = Number(nArg);
const TASK_MS = Number(msArg);
const DEADLINE_MS = 60_000; // in the page: a wait not ended by then is stuck
const RESULT_TIMEOUT_MS = DEADLINE_MS + 60_000; // here: the page published nothing

function assert(cond, message) {
  if (!cond) throw new Error(message);
}

/** What the page published, judged; returns the line to print. */
function judge(r) {
  assert(!r.fatal, `the page failed: ${r.fatal}`);
  assert(r.violations.length === 0, `CSP violations: ${r.violations.join(" | ")}`);
  assert(r.ids.length === N && new Set(r.ids).size === N, `the simulator minted ${new Set(r.ids).size} distinct tasks, not ${N}`);
  assert(r.allEnded && r.stuck.length === 0, `${r.stuck.length} of ${N} waits still running after ${r.deadlineMs} ms (stuck), e.g. ${r.stuck.slice(0, 3).join(", ")}`);
  assert(r.ended.length === N, `${N - r.ended.length} waits ended without a result (lost)`);
  const seen = new Set();
  for (const [id, handleId, gotId, state] of r.ended) {
    assert(!seen.has(id), `the wait on ${id} ended twice`);
    seen.add(id);
    assert(gotId !== undefined, `the wait on ${id} failed: ${handleId}`);
    assert(handleId === id && gotId === id, `the wait on ${id} ended with task ${gotId} (handle ${handleId})`);
    assert(state === "succeeded", `the wait on ${id} ended ${state}`);
  }
  assert(r.scheduler.pendingSleeps === 0, `${r.scheduler.pendingSleeps} sleeps still pending in the package's timer`);
  const gets = r.getsPerTask;
  assert(gets.every((g) => g >= 1), "a task was never fetched");
  // Not a timing assertion: only that the wait loop ran at all (the tasks run far longer than
  // fetching them takes), else the test would prove nothing about waiting.
  assert(r.polling > 0, `every task had ended before its wait began (fetching the handles took ${Math.round(r.fetchedMs)} ms)`);
  const total = gets.reduce((a, b) => a + b, 0);
  return `${N} concurrent waits on ${N} tasks of ${r.taskMs} ms: all succeeded in ${(r.wallMs / 1000).toFixed(2)} s `
    + `(${r.polling} began on a running task; all handles fetched after ${(r.fetchedMs / 1000).toFixed(2)} s); `
    + `${total} task GETs, per task ${Math.min(...gets)}..${Math.max(...gets)}, mean ${(total / N).toFixed(2)}; `
    + `at most ${r.scheduler.maxPendingSleeps} sleeps pending on ${r.scheduler.timersCreated} native timers`;
}

await inBrowsers("browser load", `${base}/?n=${N}&ms=${TASK_MS}&deadline=${DEADLINE_MS}`, "window.loadResult", RESULT_TIMEOUT_MS, judge);
