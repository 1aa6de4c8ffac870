import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { isCopyCapable } from '../object-backend.js';
import type {
  BackendCallOptions,
  BackendListOptions,
  BackendGetOptions,
  BackendPart,
  BackendPutOptions,
  BlobInfo,
  CopyCapableBackend,
  ObjectBackend,
} from '../object-backend.js';
import type {
  BackendCallEvent,
  BackendCallObserver,
  BackendCallStartObserver,
} from '../backend-call-event.js';
import type { MonthlyMeter } from './monthly-meter.js';

/** Passes bytes through unchanged, counting them as they leave. */
class ByteCounter extends Transform {
  readonly #onBytes: (n: number) => void;
  constructor(onBytes: (n: number) => void) {
    super();
    this.#onBytes = onBytes;
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.#onBytes(chunk.length);
    done(null, chunk);
  }
}

/** Who is told of a metered backend's calls (each optional: none costs nothing per call). */
export interface MeteredBackendObservers {
  /** Told of every call when it settles. */
  readonly onCall?: BackendCallObserver | undefined;
  /** Told of every call as it starts; what it returns is called when the call settles. */
  readonly onCallStart?: BackendCallStartObserver | undefined;
}

/**
 * Counts a backend's traffic into `meter`: one request per call, ingress from the sizes that
 * `put`/`uploadPart` report stored, and (only when `countEgress`, since it costs a stream hop on
 * the read path) egress as GET bytes flow to the reader. With `onCall`, every call is also
 * reported when it settles, with its duration (for `get`: until the stream is returned; for
 * `list`: until the listing ends) and its error; with `onCallStart`, also as it starts.
 * Everything else passes through.
 */
export function createMeteredBackend(
  backend: ObjectBackend,
  meter: MonthlyMeter,
  countEgress: boolean,
  observers: MeteredBackendObservers = {},
): ObjectBackend {
  const name = backend.name;
  const { onCall, onCallStart } = observers;
  const observed = onCall !== undefined || onCallStart !== undefined;
  /** Starts observing one call; the returned function reports its end, exactly once. */
  const begin = (call: BackendCallEvent['call']) => {
    const started = performance.now();
    const end = onCallStart?.({ backend: name, call });
    return (error?: unknown) => {
      end?.(error);
      onCall?.({ backend: name, call, durationMs: performance.now() - started, error });
    };
  };
  const request = <T>(
    call: BackendCallEvent['call'],
    run: () => Promise<T>,
    ingress?: (value: T) => number,
  ): Promise<T> => {
    meter.count(name, { requests: 1 });
    let pending: Promise<T>;
    if (observed) {
      const settle = begin(call);
      pending = run().then(
        (value) => {
          settle();
          return value;
        },
        (error: unknown) => {
          settle(error);
          throw error;
        },
      );
    } else {
      pending = run();
    }
    return ingress === undefined
      ? pending
      : pending.then((value) => {
          meter.count(name, { ingressBytes: ingress(value) });
          return value;
        });
  };
  const metered: ObjectBackend = {
    name,
    put: (blob: string, body: Readable, options?: BackendPutOptions) =>
      request(
        'put',
        () => backend.put(blob, body, options),
        (r) => r.size,
      ),
    get: async (blob: string, options?: BackendGetOptions) => {
      const stream = await request('get', () => backend.get(blob, options));
      if (!countEgress) return stream;
      const counted = new ByteCounter((n) => meter.count(name, { egressBytes: n }));
      // Errors travel downstream; a reader that stops early releases the source.
      stream.on('error', (error) => counted.destroy(error));
      counted.on('close', () => stream.destroy());
      return stream.pipe(counted);
    },
    head: (blob: string, options?: BackendCallOptions): Promise<BlobInfo | undefined> =>
      request('head', () => backend.head(blob, options)),
    delete: (blob: string, options?: BackendCallOptions) =>
      request('delete', () => backend.delete(blob, options)),
    createMultipart: (blob: string, options?: BackendCallOptions) =>
      request('createMultipart', () => backend.createMultipart(blob, options)),
    uploadPart: (
      blob: string,
      uploadId: string,
      partNumber: number,
      body: Readable,
      options?: BackendPutOptions,
    ) =>
      request(
        'uploadPart',
        () => backend.uploadPart(blob, uploadId, partNumber, body, options),
        (r) => r.size,
      ),
    completeMultipart: (
      blob: string,
      uploadId: string,
      parts: readonly BackendPart[],
      options?: BackendCallOptions,
    ) =>
      request('completeMultipart', () => backend.completeMultipart(blob, uploadId, parts, options)),
    abortMultipart: (blob: string, uploadId: string, options?: BackendCallOptions) =>
      request('abortMultipart', () => backend.abortMultipart(blob, uploadId, options)),
    list: (prefix: string, options?: BackendListOptions) => {
      meter.count(name, { requests: 1 });
      return observed
        ? observeList(backend.list(prefix, options), () => begin('list'))
        : backend.list(prefix, options);
    },
    close: () => backend.close(),
  };
  if (!isCopyCapable(backend)) return metered;
  const copyable: CopyCapableBackend = {
    ...metered,
    copy: (source: string, target: string, options?: BackendCallOptions) =>
      request('copy', () => backend.copy(source, target, options)),
  };
  return copyable;
}

/**
 * `listing`, reporting once when it ends, fails, or its reader stops early. `begin` runs when
 * the reader first asks for an entry (an async generator's body starts there), the moment the
 * backend is first called.
 */
async function* observeList(
  listing: AsyncIterable<BlobInfo>,
  begin: () => (error?: unknown) => void,
): AsyncIterable<BlobInfo> {
  const settle = begin();
  let error: unknown;
  try {
    yield* listing;
  } catch (failure) {
    error = failure;
    throw failure;
  } finally {
    settle(error);
  }
}
