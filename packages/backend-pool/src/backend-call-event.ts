/** The calls of an `ObjectBackend`, as {@link BackendCallEvent} names them. */
export type BackendCallName =
  | 'put'
  | 'get'
  | 'head'
  | 'delete'
  | 'createMultipart'
  | 'uploadPart'
  | 'completeMultipart'
  | 'abortMultipart'
  | 'list'
  | 'copy';

/** One settled call of a pool member's backend (for metrics and traces). */
export interface BackendCallEvent {
  readonly backend: string;
  readonly call: BackendCallName;
  /**
   * Milliseconds until the call settled: for `get`, until the stream was returned (time to first
   * byte, not the transfer); for `list`, until the listing ended.
   */
  readonly durationMs: number;
  /** The call's error; `undefined` when it succeeded. */
  readonly error: unknown;
}

/** Receives every {@link BackendCallEvent}; must not throw (it is called synchronously). */
export type BackendCallObserver = (event: BackendCallEvent) => void;

/** A call of a pool member's backend as it starts (for traces: a span opened around it). */
export interface BackendCallStart {
  /** The pool member's name. */
  readonly backend: string;
  /** Which call of its `ObjectBackend`. */
  readonly call: BackendCallName;
}

/**
 * Ends what a {@link BackendCallStartObserver} began, once, when the call settles (`get`: when
 * the stream is returned; `list`: when the listing ends, fails or its reader stops early), with
 * the call's error, or `undefined` when it succeeded. Must not throw.
 */
export type BackendCallEnd = (error: unknown) => void;

/**
 * Told synchronously as each call starts, in the caller's async context (so a tracer finds the
 * caller's span there); may return a {@link BackendCallEnd} the pool calls when that call
 * settles. Must not throw. It carries no blob name: blob names are derived from object keys,
 * which are user data.
 */
export type BackendCallStartObserver = (call: BackendCallStart) => BackendCallEnd | undefined;
