// The one error class every rejection of the package uses.
export class SiteRecoveryError extends Error {
  constructor(message, fields) {
    super(message);
    // An aborted wait is an AbortError, like fetch's, so `e.name === "AbortError"` works.
    this.name = fields && fields.kind === "aborted" ? "AbortError" : "SiteRecoveryError";
    Object.assign(this, fields);
  }
}

export function makeError(message, fields) {
  return new SiteRecoveryError(message, fields);
}

export function isAbortSignal(value) {
  return typeof AbortSignal !== "undefined" && value instanceof AbortSignal;
}
