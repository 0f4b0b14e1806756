// What the runtime tests do with the package in the runtime under test (a module Worker in a
// browser, a Worker in workerd): log in to SRM site A, pair it with site B, wait for the
// pairing task, then try one call with bad input. The package's exports are passed in, since
// each runtime imports the package its own way. check.mjs judges the result (in Node).
export async function pairAndWait({ SrmClient, SiteRecoveryError }, info, waitOptions) {
  const [a, b] = info.srm;
  const srm = await SrmClient.login({ baseUrl: a.url, username: a.username, password: a.password });
  const task = await srm.createPairing({
    pair_vc_guid: b.vc_guid,
    pair_psc_info: { url: b.psc.url, port: b.psc.port, thumbprint: b.psc.thumbprint, username: b.username, password: b.password },
    pair_srm_url: b.url,
    pair_srm_thumbprint: b.srm_thumbprint,
  });
  const createdState = task.state;
  const progress = [];
  const done = await task.wait({ ...waitOptions, onProgress: (t) => progress.push(t.progress) });
  let badInput = null;
  try {
    await srm.getPairing(42);
  } catch (e) {
    badInput = { isError: e instanceof SiteRecoveryError && e instanceof Error, kind: e.kind, field: e.field };
  }
  const pairings = (await srm.getPairings()).list.length;
  return { createdId: task.id, createdState, id: done.id, state: done.state, progress, startTime: done.startTime, endTime: done.endTime, pairings, badInput };
}
