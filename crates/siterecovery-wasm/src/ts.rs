//! TypeScript declarations beyond what wasm-bindgen writes: the option, view and error types
//! of the JS API. Each spec's schemas (namespace `srm`, ...) and client methods come with its
//! generated module (build.rs).
#[allow(unused_imports)]
use crate::prelude::*;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const API_TYPES: &'static str = r#"
/** Task state of both APIs: SRM `status` and h4 `state` mapped to one. */
export type TaskState = "queued" | "running" | "succeeded" | "failed" | "cancelled";

/** Why a task failed. */
export interface TaskFailure {
  code: string | null;
  message: string;
  details: string | null;
}

/** A plain snapshot of a task (what `onProgress` receives and `task.toJSON()` returns). */
export interface TaskView {
  id: string;
  api: "srm" | "h4";
  state: TaskState;
  /** 0–100. */
  progress: number;
  description: string | null;
  /** Epoch milliseconds. */
  startTime: number | null;
  /** Epoch milliseconds; null while the task runs. */
  endTime: number | null;
  error: TaskFailure | null;
  result: unknown;
  /** The task as the server sent it. */
  raw: srm.Task | replication.ApiTaskOfManagerPeerInfo | null;
}

/** A long-running task on the server; its getters show the latest state this handle saw. */
export interface Task {
  readonly id: string;
  /** Which API the task belongs to. */
  readonly api: "srm" | "h4";
  /** SRM `status`, h4 `state`. */
  readonly state: TaskState;
  /** 0–100. */
  readonly progress: number;
  readonly description: string | null;
  /** Epoch milliseconds, or null. */
  readonly startTime: number | null;
  /** Epoch milliseconds, or null while the task runs. */
  readonly endTime: number | null;
  /** Why the task failed, or null. */
  readonly error: TaskFailure | null;
  /** The task's result (e.g. the new Pairing or the peer's ManagerPeerInfo), or null. */
  readonly result: unknown;
  /** The task exactly as the server last sent it. */
  readonly raw: srm.Task | replication.ApiTaskOfManagerPeerInfo | null;
}

export interface Credentials {
  username: string;
  password: string;
}

export interface LoginOptions extends Credentials {
  /** SRM: `https://host/api/rest/srm/v2` (or v1). Replication: the appliance URL. */
  baseUrl: string;
  /** SRM `1.0.0` | `2.0.0` (appends `/api/rest/srm/v1|v2` when baseUrl has no API path); h4 `4.7`. */
  apiVersion?: string;
  /** Called to log in again, once, when a call answers 401 (session expired). */
  credentials?: () => Credentials | Promise<Credentials>;
  signal?: AbortSignal;
  operationId?: string;
}

/** `fromSession` of a client whose API has no session. */
export interface SessionOptions {
  /** As in `LoginOptions`. */
  baseUrl: string;
  apiVersion?: string;
  /** Called to log in again, once, when a call answers 401 (the session handed over expired). */
  credentials?: () => Credentials | Promise<Credentials>;
}

/** `SrmClient.fromSession`: an SRM session made elsewhere (a plugin host's `x-dr-session`). */
export interface SrmSessionOptions extends SessionOptions {
  sessionId: string;
}

/** `ReplicationClient.fromSession`: an h4 session made elsewhere (its `X-VCAV-Auth` token). */
export interface ReplicationSessionOptions extends SessionOptions {
  token: string;
}

/** Options of every call. */
export interface CallOptions {
  signal?: AbortSignal;
  /** h4 `operationID` header, for log correlation (one is generated when absent). */
  operationId?: string;
}

/** Options of `task.wait()`. */
export interface WaitOptions {
  /** Called when state or progress changed. */
  onProgress?: (task: TaskView) => void;
  /** Aborting rejects with an AbortError; the task itself goes on on the server. */
  signal?: AbortSignal;
  timeoutMs?: number;
  /** First and smallest delay between polls (default 500). */
  minDelayMs?: number;
  /** Largest delay between polls (default 5000). */
  maxDelayMs?: number;
}

export interface PairSitesOptions extends WaitOptions {
  description?: string;
  operationId?: string;
}

export interface SchedulerStats {
  pendingSleeps: number;
  timerArmed: boolean;
  timersCreated: number;
  maxPendingSleeps: number;
  /** Times work was held back for a later stretch of the main thread (time slicing). */
  heldTurns: number;
  /**
   * Whether the module's stack pointer reached the package's JS as a `WebAssembly.Global`, so
   * that a panic (an `internal` error) leaves no stack behind. False only where a bundler
   * unwrapped the module's exported globals; once the module has started work.
   */
  stackGuard: boolean;
}

/** `internal`: a bug in the package (a Rust panic) stopped that call; the module goes on. */
export type ErrorKind = "validation" | "http" | "network" | "decode" | "task" | "timeout" | "aborted" | "internal";

/** Every rejection of this package. `name` is "AbortError" for `kind === "aborted"`. */
export declare class SiteRecoveryError extends Error {
  kind: ErrorKind;
  /** HTTP status, when the server answered. */
  status?: number;
  /** SRM `error_code`, h4 `code`, or the failed task's error code. */
  code?: string;
  /** SRM `op_id`, or the h4 `operationID` of the request. */
  opId?: string;
  /** The input field that was rejected (`validation`, `decode`). */
  field?: string;
  /** The task this error is about. */
  taskId?: string;
  /** The operationId that was called. */
  operation?: string;
  retryAfterMs?: number;
  elapsedMs?: number;
  polls?: number;
  /** The final task, for kind `task`. */
  task?: TaskView;
  /** The server's error body. */
  body?: unknown;
  /** The request that got no answer, for kind `network`. */
  url?: string;
  /** `ReplicationClient.pairSites`: the tasks already running when it failed (local first). */
  tasks?: Task[];
  /** A 401 that the `credentials` callback could not cure: why (its rejection, or the
   *  validation error of its answer). */
  cause?: unknown;
}
"#;
