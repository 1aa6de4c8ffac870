import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { isCopyCapable } from '../object-backend.js';
import type {
  BackendCallOptions,
  BackendGetOptions,
  BackendPart,
  BackendPutOptions,
  BlobInfo,
  CopyCapableBackend,
  ObjectBackend,
} from '../object-backend.js';
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

/**
 * Counts a backend's traffic into `meter`: one request per call, ingress from the sizes that
 * `put`/`uploadPart` report stored, and (only when `countEgress`, since it costs a stream hop on
 * the read path) egress as GET bytes flow to the reader. Everything else passes through.
 */
export function createMeteredBackend(
  backend: ObjectBackend,
  meter: MonthlyMeter,
  countEgress: boolean,
): ObjectBackend {
  const name = backend.name;
  const request = <T>(call: Promise<T>, ingress?: (value: T) => number): Promise<T> => {
    meter.count(name, { requests: 1 });
    return ingress === undefined
      ? call
      : call.then((value) => {
          meter.count(name, { ingressBytes: ingress(value) });
          return value;
        });
  };
  const metered: ObjectBackend = {
    name,
    put: (blob: string, body: Readable, options?: BackendPutOptions) =>
      request(backend.put(blob, body, options), (r) => r.size),
    get: async (blob: string, options?: BackendGetOptions) => {
      const stream = await request(backend.get(blob, options));
      if (!countEgress) return stream;
      const counted = new ByteCounter((n) => meter.count(name, { egressBytes: n }));
      // Errors travel downstream; a reader that stops early releases the source.
      stream.on('error', (error) => counted.destroy(error));
      counted.on('close', () => stream.destroy());
      return stream.pipe(counted);
    },
    head: (blob: string, options?: BackendCallOptions): Promise<BlobInfo | undefined> =>
      request(backend.head(blob, options)),
    delete: (blob: string, options?: BackendCallOptions) => request(backend.delete(blob, options)),
    createMultipart: (blob: string, options?: BackendCallOptions) =>
      request(backend.createMultipart(blob, options)),
    uploadPart: (
      blob: string,
      uploadId: string,
      partNumber: number,
      body: Readable,
      options?: BackendPutOptions,
    ) => request(backend.uploadPart(blob, uploadId, partNumber, body, options), (r) => r.size),
    completeMultipart: (
      blob: string,
      uploadId: string,
      parts: readonly BackendPart[],
      options?: BackendCallOptions,
    ) => request(backend.completeMultipart(blob, uploadId, parts, options)),
    abortMultipart: (blob: string, uploadId: string, options?: BackendCallOptions) =>
      request(backend.abortMultipart(blob, uploadId, options)),
    list: (prefix: string, options?: BackendCallOptions) => {
      meter.count(name, { requests: 1 });
      return backend.list(prefix, options);
    },
    close: () => backend.close(),
  };
  if (!isCopyCapable(backend)) return metered;
  const copyable: CopyCapableBackend = {
    ...metered,
    copy: (source: string, target: string, options?: BackendCallOptions) =>
      request(backend.copy(source, target, options)),
  };
  return copyable;
}
