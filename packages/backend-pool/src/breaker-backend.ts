import CircuitBreaker from 'opossum';
import type { EventEmitter } from 'node:events';
import type { Readable } from 'node:stream';
import {
  BackendTimeoutError,
  BackendUnavailableError,
  CLIENT_ERROR_CODES,
  isBackendError,
} from './errors.js';
import { isCopyCapable } from './object-backend.js';
import type {
  BackendCallOptions,
  BackendListOptions,
  BackendGetOptions,
  BackendPart,
  BackendPutOptions,
  BlobInfo,
  CopyCapableBackend,
  ObjectBackend,
} from './object-backend.js';
import { withTimeout } from './internal/with-timeout.js';

/** States of a circuit breaker. */
export const BREAKER_STATES = ['closed', 'open', 'half-open'] as const;
export type BreakerState = (typeof BREAKER_STATES)[number];

/** opossum events a {@link BreakerBackend} re-emits (listeners get opossum's arguments). */
export const BREAKER_EVENTS = [
  'open',
  'halfOpen',
  'close',
  'success',
  'failure',
  'timeout',
  'reject',
  'shutdown',
] as const;
export type BreakerEvent = (typeof BREAKER_EVENTS)[number];

/** Options of {@link createBreaker}. */
export interface BreakerOptions {
  /** Time to first byte allowed to a call before it is aborted and counted failed (10 000). */
  readonly timeoutMs?: number;
  /** Failure percentage in the rolling window (10 s) that opens the breaker (50). */
  readonly errorThresholdPercentage?: number;
  /** How long the breaker stays open before letting one trial call through (30 000). */
  readonly resetTimeoutMs?: number;
  /** Calls needed in the window before the breaker may open at all (5). */
  readonly volumeThreshold?: number;
}

/** An {@link ObjectBackend} guarded by a circuit breaker. */
export interface BreakerBackend extends ObjectBackend, AsyncDisposable {
  /** The wrapped backend. */
  readonly backend: ObjectBackend;
  readonly state: BreakerState;
  /** Subscribes to a breaker event (for logs and metrics). */
  on(event: BreakerEvent, listener: (...args: unknown[]) => void): this;
}

type Action = (signal: AbortSignal | undefined) => Promise<unknown>;

/**
 * Wraps `backend` in an opossum circuit breaker. Every call is counted; errors that describe
 * the request rather than the backend (`ENOBLOB`, `ENOUPLOAD`, `EINVALID_PART`, and aborts by
 * the caller) are not failures. While the breaker is open calls reject at once with
 * `BackendUnavailableError`.
 *
 * Timeouts: `get`, `head`, `delete`, `createMultipart`, `abortMultipart` and the first page of
 * `list` are timed, and a call that overruns is aborted (through its own AbortSignal) and
 * rejects with `BackendTimeoutError`. For `get` only the time until the stream is returned
 * counts (time to first byte), never the transfer. Calls whose duration grows with the data
 * (`put`, `uploadPart`, `completeMultipart`, `copy`) are not timed: their failures count, but a
 * slow client must not trip the breaker. The result keeps `copy` only if `backend` has it.
 *
 * @example
 * ```ts
 * await using guarded = createBreaker(createFsBackend({ name: 'disk1', root: '/srv/disk1' }));
 * guarded.on('open', () => log.warn('disk1 circuit open'));
 * ```
 */
export function createBreaker(
  backend: ObjectBackend,
  options: BreakerOptions = {},
): BreakerBackend {
  return isCopyCapable(backend)
    ? new CopyCapableBreakerBackend(backend, options)
    : new GuardedBackend(backend, options);
}

function isClientError(err: unknown): boolean {
  if (err instanceof Error && err.name === 'AbortError') return true;
  const code = isBackendError(err) ? err.code : undefined;
  return (CLIENT_ERROR_CODES as readonly (string | undefined)[]).includes(code);
}

class GuardedBackend implements BreakerBackend {
  readonly backend: ObjectBackend;
  readonly #breaker: CircuitBreaker<[Action, AbortSignal | undefined], unknown>;
  readonly #timeoutMs: number;
  #closing: Promise<void> | undefined;

  constructor(backend: ObjectBackend, options: BreakerOptions) {
    this.backend = backend;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    // opossum's own timer is off: it cannot abort the call nor release a late stream.
    this.#breaker = new CircuitBreaker((action: Action, signal) => action(signal), {
      name: backend.name,
      timeout: false,
      errorThresholdPercentage: options.errorThresholdPercentage ?? 50,
      resetTimeout: options.resetTimeoutMs ?? 30_000,
      volumeThreshold: options.volumeThreshold ?? 5,
      errorFilter: isClientError,
    });
  }

  get name(): string {
    return this.backend.name;
  }

  get state(): BreakerState {
    if (this.#breaker.opened) return 'open';
    return this.#breaker.halfOpen ? 'half-open' : 'closed';
  }

  on(event: BreakerEvent, listener: (...args: unknown[]) => void): this {
    // Widened to EventEmitter: opossum's typings only have per-event overloads.
    (this.#breaker as EventEmitter).on(event, listener);
    return this;
  }

  put(blob: string, body: Readable, options?: BackendPutOptions): Promise<{ size: number }> {
    return this.#fire(false, options?.signal, (signal) =>
      this.backend.put(blob, body, { ...options, signal }),
    ).catch((err: unknown) => {
      // Rejected before the driver saw it (breaker open): the body is still ours to destroy.
      body.destroy();
      throw err;
    });
  }

  get(blob: string, options?: BackendGetOptions): Promise<Readable> {
    const late = (stream: Readable) => stream.destroy();
    return this.#fire(
      true,
      options?.signal,
      (signal) => this.backend.get(blob, { ...options, signal }),
      late,
    );
  }

  head(blob: string, options?: BackendCallOptions): Promise<BlobInfo | undefined> {
    return this.#fire(true, options?.signal, (signal) => this.backend.head(blob, { signal }));
  }

  delete(blob: string, options?: BackendCallOptions): Promise<void> {
    return this.#fire(true, options?.signal, (signal) => this.backend.delete(blob, { signal }));
  }

  createMultipart(blob: string, options?: BackendCallOptions): Promise<{ uploadId: string }> {
    return this.#fire(true, options?.signal, (signal) =>
      this.backend.createMultipart(blob, { signal }),
    );
  }

  uploadPart(
    blob: string,
    uploadId: string,
    partNumber: number,
    body: Readable,
    options?: BackendPutOptions,
  ): Promise<{ size: number; token: string }> {
    return this.#fire(false, options?.signal, (signal) =>
      this.backend.uploadPart(blob, uploadId, partNumber, body, { ...options, signal }),
    ).catch((err: unknown) => {
      body.destroy();
      throw err;
    });
  }

  completeMultipart(
    blob: string,
    uploadId: string,
    parts: readonly BackendPart[],
    options?: BackendCallOptions,
  ): Promise<void> {
    return this.#fire(false, options?.signal, (signal) =>
      this.backend.completeMultipart(blob, uploadId, parts, { signal }),
    );
  }

  abortMultipart(blob: string, uploadId: string, options?: BackendCallOptions): Promise<void> {
    return this.#fire(true, options?.signal, (signal) =>
      this.backend.abortMultipart(blob, uploadId, { signal }),
    );
  }

  async *list(prefix: string, options?: BackendListOptions): AsyncIterable<BlobInfo> {
    const iterator = this.backend.list(prefix, options)[Symbol.asyncIterator]();
    try {
      // Only the first page goes through the breaker: it is the call that reaches the backend
      // (and counting every item would drown the failure rate in successes).
      let next = await this.#fire(true, options?.signal, () => iterator.next());
      while (next.done !== true) {
        yield next.value;
        next = await iterator.next();
      }
    } finally {
      await iterator.return?.();
    }
  }

  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#breaker.shutdown();
      await this.backend.close();
    })();
    return this.#closing;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  protected async fire<T>(
    timed: boolean,
    signal: AbortSignal | undefined,
    action: (signal: AbortSignal | undefined) => Promise<T>,
  ): Promise<T> {
    return this.#fire(timed, signal, action);
  }

  async #fire<T>(
    timed: boolean,
    signal: AbortSignal | undefined,
    action: (signal: AbortSignal | undefined) => Promise<T>,
    late?: (value: T) => void,
  ): Promise<T> {
    const run: Action = timed
      ? (s) => withTimeout(action, s, this.#timeoutMs, () => this.#timeoutError(), late)
      : action;
    try {
      return (await this.#breaker.fire(run, signal)) as T;
    } catch (err) {
      throw this.#translate(err);
    }
  }

  #timeoutError(): BackendTimeoutError {
    return new BackendTimeoutError(
      `backend ${this.name} did not answer within ${this.#timeoutMs} ms`,
      { backend: this.name },
    );
  }

  #translate(err: unknown): unknown {
    const code = (err as { code?: unknown } | null)?.code;
    if (code === 'EOPENBREAKER') {
      return new BackendUnavailableError(`backend ${this.name} is unavailable (circuit open)`, {
        backend: this.name,
        cause: err,
      });
    }
    if (code === 'ESHUTDOWN') {
      return new BackendUnavailableError(`backend ${this.name} is closed`, {
        backend: this.name,
        cause: err,
      });
    }
    return err;
  }
}

class CopyCapableBreakerBackend extends GuardedBackend implements CopyCapableBackend {
  readonly #source: CopyCapableBackend;

  constructor(backend: CopyCapableBackend, options: BreakerOptions) {
    super(backend, options);
    this.#source = backend;
  }

  copy(
    sourceBlob: string,
    targetBlob: string,
    options?: BackendCallOptions,
  ): Promise<{ size: number }> {
    return this.fire(false, options?.signal, (signal) =>
      this.#source.copy(sourceBlob, targetBlob, { signal }),
    );
  }
}
