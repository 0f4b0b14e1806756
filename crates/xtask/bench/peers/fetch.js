// Peer "fetch (hand-written)": the floor, only what the adapter interface needs, on the
// platform's fetch and response.json(). No generated code, no validation.
export const info = { name: "fetch (hand-written)" };

const TERMINAL = ["SUCCESS", "ERROR", "CANCELLED"];

export async function connect({ baseUrl, username, password, intervalMs = 1000 }) {
  async function call(method, path, headers, body) {
    const init = { method, headers };
    if (body !== undefined) {
      init.headers = { ...headers, "content-type": "application/json" };
      init.body = JSON.stringify(body);
    }
    const r = await fetch(baseUrl + path, init);
    if (!r.ok) throw new Error(`${method} ${path}: HTTP ${r.status} ${await r.text()}`);
    return r.json();
  }

  const login = await call("POST", "/session", { authorization: `Basic ${btoa(`${username}:${password}`)}` });
  const auth = { "x-dr-session": login.session_id };
  const getTaskInfo = (id) => call("GET", `/tasks/${encodeURIComponent(id)}`, auth);

  return {
    getPairings: async () => (await call("GET", "/pairings", auth)).list ?? [],
    createPairing: async (spec) => (await call("POST", "/pairings", auth, spec)).id,
    getTaskInfo,
    async waitTask(id) {
      let task = await getTaskInfo(id);
      while (!TERMINAL.includes(task.status)) {
        await new Promise((r) => setTimeout(r, intervalMs));
        task = await getTaskInfo(id);
      }
      return task.status;
    },
  };
}
