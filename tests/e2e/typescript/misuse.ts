// Each line below must be rejected by the type checker (the test expects exactly these
// errors): the declarations are real types, not `any`.
import { SrmClient, ReplicationClient } from "siterecovery";

export async function misuse(srm: SrmClient, repl: ReplicationClient): Promise<void> {
  await srm.createPairing({ pair_vc_guid: "g" }); // MISUSE: pair_psc_info is required
  await srm.createPairing({ pair_vc_guid: "g", pair_psc_info: { url: "u", port: "443", username: "u", password: "p" } }); // MISUSE: port is a number
  await srm.runReprotect("pairing", "plan", { forced: "yes" }); // MISUSE: forced is a boolean
  const state: number = (await srm.getTaskInfo("t")).state; // MISUSE: state is a string union
  await repl.pairSite({ apiUrl: 42 }); // MISUSE: apiUrl is a string
  await (await srm.deletePairing("p")).wait({ timeoutMs: "soon" }); // MISUSE: timeoutMs is a number
  SrmClient.fromSession({ baseUrl: "https://srm", token: "t" }); // MISUSE: SRM hands over a sessionId
  ReplicationClient.fromSession({ baseUrl: "https://vr", sessionId: "s" }); // MISUSE: h4 hands over a token
  void state;
}
