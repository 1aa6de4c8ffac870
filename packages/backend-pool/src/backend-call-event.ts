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
