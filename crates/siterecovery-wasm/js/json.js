// What the module reads of plain JS values, one boundary call each: own properties only
// (what JSON.stringify sends), values JSON.stringify leaves out read as absent.
const has = Object.prototype.hasOwnProperty;

function sendable(v) {
  const t = typeof v;
  return !(v === undefined || t === "function" || t === "symbol");
}

// What JSON sees: 0 null (or absent), 1 boolean, 2 number, 3 string, 4 array, 5 object. One
// call instead of one per question.
export function kindOf(v) {
  if (v === null || v === undefined) return 0;
  switch (typeof v) {
    case "boolean":
      return 1;
    case "number":
      return 2;
    case "string":
      return 3;
  }
  return Array.isArray(v) ? 4 : 5;
}

export function ownValue(o, key) {
  if (o === null || typeof o !== "object" || !has.call(o, key)) return undefined;
  const v = o[key];
  return sendable(v) ? v : undefined;
}

export function ownKeys(o) {
  return Object.keys(o).filter((k) => sendable(o[k]));
}

// The JSON of a value, or undefined when it cannot be sent (a BigInt, a cycle).
export function toJson(v) {
  try {
    return JSON.stringify(v);
  } catch {
    return undefined;
  }
}

// A body's JSON text as a value; undefined when it is not JSON.
export function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

// A body with nothing but white space in it (no body).
export function isBlank(text) {
  return typeof text !== "string" || text.trim() === "";
}
