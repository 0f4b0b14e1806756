// A small TypeScript consumer of the package, checked with `tsc --noEmit --strict`.
// It must compile, and no public method may take or return `any`.
import init, { SrmClient, ReplicationClient, SiteRecoveryError, Task, operations, schedulerStats } from "siterecovery";
import type { srm, replication, TaskView, WaitOptions } from "siterecovery";

type IsAny<T> = 0 extends 1 & T ? true : false;
type AnyIn<F> = F extends (...args: infer A) => infer R
  ? true extends { [I in keyof A]: IsAny<A[I]> }[number] ? true : IsAny<R>
  : IsAny<F>;
/** The names of the members of C whose type involves `any` at the top level. */
type AnyMembers<C> = { [K in keyof C]-?: AnyIn<C[K]> extends true ? K : never }[keyof C];
type ExpectNever<T extends never> = T;
export type Checks = [
  ExpectNever<AnyMembers<SrmClient>>,
  ExpectNever<AnyMembers<typeof SrmClient>>,
  ExpectNever<AnyMembers<ReplicationClient>>,
  ExpectNever<AnyMembers<typeof ReplicationClient>>,
  ExpectNever<AnyMembers<Task>>,
  ExpectNever<AnyMembers<SiteRecoveryError>>,
  ExpectNever<AnyMembers<TaskView>>,
  ExpectNever<AnyMembers<srm.PairingSpec>>,
  ExpectNever<AnyMembers<srm.Task>>,
  ExpectNever<AnyMembers<replication.ManagerPeerInfo>>,
];

export async function pairAndReprotect(signal: AbortSignal): Promise<number> {
  await init();
  const srmA = await SrmClient.login({ baseUrl: "https://srm-a.example/api/rest/srm/v2", username: "u", password: "p",
    credentials: async () => ({ username: "u", password: "p" }) });
  const spec: srm.PairingSpec = {
    pair_vc_guid: "guid",
    pair_psc_info: { url: "vc-b.example", port: 443, thumbprint: null, username: "u", password: "p" },
  };
  const task: Task = await srmA.createPairing(spec, { signal });
  const waitOptions: WaitOptions = { onProgress: (t: TaskView) => void t.progress, signal, timeoutMs: 600_000 };
  const done = await task.wait(waitOptions);
  const state: "queued" | "running" | "succeeded" | "failed" | "cancelled" = done.state;
  const again = await srmA.resumeTask(task.resumeToken()).wait();
  const pairings: srm.PairingDrResponseList = await srmA.getPairings({ limit: "10" });
  const id: string = pairings.list?.[0]?.pairing_id ?? "";
  await srmA.loginRemote(id, { username: "u", password: "p" });
  const plans: srm.RecoveryPlanInfoDrResponseList = await srmA.getAllRecoveryPlans(id);
  const planId = plans.list?.[0]?.id ?? "";
  await (await srmA.runReprotect(id, planId, { forced: false })).wait();
  const end: number | null = again.endTime ?? done.startTime;

  const a = await ReplicationClient.login({ baseUrl: "https://vr-a.example", username: "admin", password: "p" });
  const b = await ReplicationClient.login({ baseUrl: "https://vr-b.example", username: "admin", password: "p" });
  const [ta, tb]: [Task, Task] = await ReplicationClient.pairSites(a, b, { description: "DR pair" }).catch((e: unknown) => {
    // A failed pairSites names the tasks already running.
    const running: Task[] = e instanceof SiteRecoveryError ? (e.tasks ?? []) : [];
    throw new Error(`pairing failed; running: ${running.map((t) => t.id).join(", ")}`);
  });
  const sites: replication.ManagerPeerInfo[] = await a.getSites();
  // A plugin host hands over its sessions.
  const handedSrm: SrmClient = SrmClient.fromSession({ baseUrl: "https://srm-a.example/api/rest/srm/v2", sessionId: "s" });
  const handedRepl: ReplicationClient = ReplicationClient.fromSession({ baseUrl: "https://vr-a.example", token: "t",
    credentials: () => ({ username: "admin", password: "p" }) });
  void (await handedSrm.getPairings()), void (await handedRepl.getSites());
  try {
    await a.pairSite({ apiUrl: "https://vr-b.example:8048/", apiThumbprint: "SHA-256:00", description: "x" }, { operationId: "op-1" });
  } catch (e) {
    if (e instanceof SiteRecoveryError && e.kind === "validation") return e.field?.length ?? 0;
  }
  const ops = operations().filter((o) => o.returnsTask).length + schedulerStats().pendingSleeps;
  return (end ?? 0) + ops + sites.length + ta.progress + tb.progress + (state === "succeeded" ? 1 : 0);
}
