// One HTTP exchange through the global fetch (browser, Worker, Node): what the module reads
// of the answer comes back in one object, so the module needs one import, not a dozen.
// `headers` is a flat [name, value, name, value, ...] array; `body` JSON text or undefined.
export async function exchange(method, url, headers, body, signal, readHeader) {
  const h = {};
  for (let i = 0; i + 1 < headers.length; i += 2) h[headers[i]] = headers[i + 1];
  const r = await fetch(url, { method, headers: h, body, signal });
  return {
    status: r.status,
    retryAfter: r.headers.get("retry-after"),
    header: readHeader ? r.headers.get(readHeader) : null,
    text: await r.text(),
  };
}
