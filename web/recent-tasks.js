// The recent-tasks panel: site A's tasks (`srm.getRecentTasksInfo`), newest first, each with
// its status and progress. Refreshed when the page starts or ends a task, and every second
// while a listed task is queued or running (so tasks started elsewhere move too).
import { h } from "./dom.js";
import { clearAlert, showError } from "./alerts.js";

const LABEL = { QUEUED: "label-info", RUNNING: "label-info", SUCCESS: "label-success", ERROR: "label-danger", CANCELLED: "label-warning" };
const QUERY = { sort_by: "queued_time", order_by: "desc", limit: "10" }; // the spec types limit as a string
const POLL_MS = 1000;

/** Epoch ms or an ISO string (SRM sends either) as a time of day in the page's language. */
function time(value) {
  if (value == null || value === "") return "";
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? String(value) : d.toLocaleTimeString(document.documentElement.lang || undefined);
}

export class RecentTasks {
  /** `card`: the panel's section; `client()`: the SrmClient, or null before login. */
  constructor(card, client) {
    this.card = card;
    this.client = client;
    this.alert = card.querySelector(".step-alert");
    this.table = card.querySelector("table");
    this.empty = card.querySelector(".recent-empty");
    this.seq = 0;
    card.querySelector(".recent-refresh").addEventListener("click", () => this.refresh());
  }

  async refresh() {
    const srm = this.client();
    if (!srm) return;
    const seq = ++this.seq; // answers may cross: only the latest request renders
    clearTimeout(this.timer);
    this.card.hidden = false;
    let tasks;
    try {
      tasks = (await srm.getRecentTasksInfo(QUERY)).list ?? [];
    } catch (error) {
      if (seq === this.seq) showError(this.alert, error, { title: "Could not list the recent tasks" });
      return;
    }
    if (seq !== this.seq) return;
    clearAlert(this.alert);
    this.render(tasks);
    if (tasks.some((t) => t.status === "QUEUED" || t.status === "RUNNING")) {
      this.timer = setTimeout(() => this.refresh(), POLL_MS);
    }
  }

  render(tasks) {
    this.table.tBodies[0].replaceChildren(...tasks.map((t) =>
      h("tr", { "data-task-id": t.id },
        h("td", { class: "left", text: t.description ?? t.description_id ?? t.id }),
        h("td", { class: "left", text: t.entity_name ?? "" }),
        h("td", { class: "left" }, h("span", { class: `label ${LABEL[t.status] ?? "label-gray"} task-status-label`, text: t.status ?? "" })),
        h("td", { class: "right", text: `${t.status === "SUCCESS" ? 100 : t.progress ?? 0} %` }),
        h("td", { class: "left", text: time(t.queued_time) }),
        h("td", { class: "left", text: time(t.complete_time) }))));
    this.table.hidden = tasks.length === 0;
    this.empty.hidden = tasks.length > 0;
  }
}
