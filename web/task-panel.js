// One long-running operation, followed with `task.wait({ onProgress, signal })`: a progress
// bar, the state, and a Cancel button. Cancelling aborts the wait only — the task keeps
// running on the server — so the panel then offers to resume watching the same task.
import { h } from "./dom.js";

const LABEL = { queued: "label-info", running: "label-info", succeeded: "label-success", failed: "label-danger", cancelled: "label-warning" };
const BAR = { succeeded: "success", failed: "danger", cancelled: "warning" };
const WORD = { queued: "Queued", running: "Running", succeeded: "Succeeded", failed: "Failed", cancelled: "Cancelled" };
const WAIT_TIMEOUT_MS = 600_000;

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

export class TaskPanel {
  /** `root`: an empty element (a labelled region); `noun`: names the progress bar. */
  constructor(root, noun) {
    this.root = root;
    root.classList.add("task-panel");
    root.hidden = true;
    this.title = h("span", { class: "task-title" });
    this.badge = h("span", { class: "label task-state" });
    this.bar = h("progress", { max: 100, value: 0, "aria-label": `${noun} progress` });
    this.percent = h("span", { class: "task-percent" });
    this.meter = h("div", { class: "progress" }, this.bar);
    this.status = h("p", { class: "task-status", role: "status", "aria-live": "polite" });
    this.cancel = h("button", { class: "btn btn-sm btn-outline", type: "button", text: "Cancel waiting" });
    this.again = h("button", { class: "btn btn-sm btn-primary", type: "button", text: "Resume watching", hidden: true });
    this.note = h("p", { class: "clr-subtext task-note" });
    root.append(h("div", { class: "task-head" }, this.title, this.percent, this.badge), this.meter, this.status,
      h("div", { class: "task-actions" }, this.cancel, this.again), this.note);
    this.cancel.addEventListener("click", () => this.controller?.abort());
    this.again.addEventListener("click", () => this.#wait());
  }

  get running() {
    return this.controller != null;
  }

  /**
   * Follow a `Task` handle until it ends. `onSuccess(task)` / `onFailure(error)` run when it
   * ends (also after "Resume watching"). Resolves when this round of waiting is over.
   */
  watch(task, { title, resumed = false, onSuccess = () => {}, onFailure = () => {} }) {
    return this.follow({
      title,
      resumed,
      resumable: true,
      current: () => task.toJSON(),
      wait: (signal, onProgress) => task.wait({ signal, onProgress, timeoutMs: WAIT_TIMEOUT_MS }).then(() => task.toJSON()),
      onSuccess: () => onSuccess(task),
      onFailure,
    });
  }

  /**
   * The general form: `wait(signal, onProgress)` resolves with the final TaskView.
   * `resumable`: whether calling `wait` again continues the same work (true for one Task).
   */
  follow(job) {
    this.job = job;
    this.title.textContent = job.title;
    this.root.hidden = false;
    this.note.textContent = job.resumable
      ? "Cancel only stops this page from waiting: the task keeps running on the server, and you can resume watching it."
      : "Cancel only stops this page from waiting: the tasks keep running on the servers.";
    this.#show(job.current());
    return this.#wait();
  }

  async #wait() {
    const job = this.job;
    this.controller = new AbortController();
    this.cancel.hidden = false;
    this.again.hidden = true;
    this.note.hidden = false;
    try {
      const view = await job.wait(this.controller.signal, (v) => this.#show(v));
      this.controller = null;
      this.#show(view);
      this.#ended();
      await job.onSuccess();
    } catch (error) {
      this.controller = null;
      const at = job.current().progress ?? 0;
      if (error?.name === "AbortError") {
        this.status.textContent = `Stopped waiting at ${at} %. The task continues on the server.`;
        this.#stopped(job);
        return;
      }
      if (error?.kind === "task" && error.task) {
        this.#show(error.task);
        this.#ended();
      } else {
        // Polling failed (network, timeout, ...): the task itself may well still be running.
        this.status.textContent = `Lost track of the task at ${at} %: it may still be running on the server.`;
        this.#stopped(job);
      }
      await job.onFailure(error);
    }
  }

  #stopped(job) {
    this.cancel.hidden = true;
    this.again.hidden = !job.resumable;
  }

  #ended() {
    this.cancel.hidden = true;
    this.note.hidden = true;
  }

  #show(view) {
    const state = view.state ?? "queued";
    const progress = state === "succeeded" ? 100 : Math.max(0, Math.min(100, view.progress ?? 0));
    this.bar.value = progress;
    this.percent.textContent = `${progress}%`;
    this.meter.className = `progress ${BAR[state] ?? ""}`.trim();
    this.badge.textContent = state;
    this.badge.className = `label task-state ${LABEL[state] ?? ""}`;
    const what = view.description ? `${view.description}: ` : "";
    const prefix = this.job?.resumed ? "Resumed after reload. " : "";
    let text = `${prefix}${what}${WORD[state] ?? state}`;
    if (state === "succeeded" && view.startTime && view.endTime) text += ` in ${seconds(view.endTime - view.startTime)}`;
    else if (state === "failed" && view.error?.message) text += ` — ${view.error.message}`;
    else if (state === "running" || state === "queued") text += ` (${progress} %)`;
    this.status.textContent = `${text}.`;
  }
}
