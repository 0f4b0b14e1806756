// The zero-delay timers set while it counts (js/package.js sets one to end a stretch of the
// client's work on the main thread: src/timer.rs). Longer timers (a fetch implementation's own,
// a wait's sleeps) are not counted.
export function countZeroTimers() {
  const original = globalThis.setTimeout;
  let count = 0;
  globalThis.setTimeout = function (f, ms, ...rest) {
    if (!(ms > 0)) count++;
    return original.call(this, f, ms, ...rest);
  };
  return {
    stop() {
      globalThis.setTimeout = original;
      return count;
    },
  };
}
