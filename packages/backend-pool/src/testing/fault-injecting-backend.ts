import { setTimeout as sleep } from 'node:timers/promises';
import type { Readable } from 'node:stream';
import { BackendIoError } from '../errors.js';
import type {
  BackendCallOptions,
  BackendListOptions,
  BackendGetOptions,
  BackendPart,
  BackendPutOptions,
  BlobInfo,
  ObjectBackend,
} from '../object-backend.js';

/**
 * Test-only: delegates to a real backend, but fails (`failing`) or stalls (`delayMs`) on demand,
 * and records the signals it was given. Not a mock: the bytes go to the real inner backend.
 */
export class FaultInjectingBackend implements ObjectBackend {
  failing = false;
  delayMs = 0;
  calls = 0;
  readonly signals: (AbortSignal | undefined)[] = [];
  readonly #inner: ObjectBackend;

  constructor(inner: ObjectBackend) {
    this.#inner = inner;
  }

  get name(): string {
    return this.#inner.name;
  }

  async #before(options?: BackendCallOptions): Promise<void> {
    this.calls++;
    this.signals.push(options?.signal);
    if (this.delayMs > 0) await sleep(this.delayMs);
    if (this.failing) throw new BackendIoError('injected failure', { backend: this.name });
  }

  async put(blob: string, body: Readable, options?: BackendPutOptions) {
    await this.#before(options).catch((err: unknown) => {
      body.destroy();
      throw err;
    });
    return this.#inner.put(blob, body, options);
  }
  async get(blob: string, options?: BackendGetOptions): Promise<Readable> {
    await this.#before(options);
    return this.#inner.get(blob, options);
  }
  async head(blob: string, options?: BackendCallOptions): Promise<BlobInfo | undefined> {
    await this.#before(options);
    return this.#inner.head(blob, options);
  }
  async delete(blob: string, options?: BackendCallOptions): Promise<void> {
    await this.#before(options);
    return this.#inner.delete(blob, options);
  }
  async createMultipart(blob: string, options?: BackendCallOptions) {
    await this.#before(options);
    return this.#inner.createMultipart(blob, options);
  }
  async uploadPart(
    blob: string,
    uploadId: string,
    partNumber: number,
    body: Readable,
    options?: BackendPutOptions,
  ) {
    await this.#before(options).catch((err: unknown) => {
      body.destroy();
      throw err;
    });
    return this.#inner.uploadPart(blob, uploadId, partNumber, body, options);
  }
  async completeMultipart(
    blob: string,
    uploadId: string,
    parts: readonly BackendPart[],
    options?: BackendCallOptions,
  ) {
    await this.#before(options);
    return this.#inner.completeMultipart(blob, uploadId, parts, options);
  }
  async abortMultipart(blob: string, uploadId: string, options?: BackendCallOptions) {
    await this.#before(options);
    return this.#inner.abortMultipart(blob, uploadId, options);
  }
  async *list(prefix: string, options?: BackendListOptions): AsyncIterable<BlobInfo> {
    await this.#before(options);
    yield* this.#inner.list(prefix, options);
  }
  close(): Promise<void> {
    return this.#inner.close();
  }
}
