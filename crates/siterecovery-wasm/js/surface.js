// The operations of a client class, installed on its prototype from the generated table (the
// wasm module hands over the [jsName, operationId] pairs): each method passes its arguments
// to the module's one generic `invoke`, which sorts them by the table (path parameters, the
// parameters object, the body, options). Methods the class already has (written in Rust:
// login, logout, createRemoteSession, ...) are kept. No `eval`: fine under a strict CSP.
export function installOperations(proto, operations) {
  for (const [jsName, operationId] of operations) {
    // `login` is a static of the class: never an instance method besides it.
    if (jsName in proto || jsName in proto.constructor) continue;
    const method = function (...args) {
      return this.invoke(operationId, args);
    };
    Object.defineProperty(method, "name", { value: jsName });
    Object.defineProperty(proto, jsName, { value: method, writable: true, configurable: true });
  }
}
