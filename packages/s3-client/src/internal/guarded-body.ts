import { Readable } from 'node:stream';
import { S3TransportError } from '../s3-transport-error.js';
import { toTransportError } from './to-transport-error.js';

/**
 * A response body handed to the caller. It forwards the undici body with backpressure and adds
 * two guarantees undici's own `bodyTimeout` does not give:
 * - an idle guard that also runs while the caller is not reading (undici pauses its timer then),
 *   so an abandoned body is destroyed after `idleMs` and its socket is freed;
 * - a length check: fewer bytes than `Content-Length` is an `ENETWORK` error, never a short read.
 */
export class GuardedBody extends Readable {
  readonly #source: Readable;
  readonly #idleMs: number;
  readonly #expected: number | undefined;
  #received = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(source: Readable, idleMs: number, expectedLength: number | undefined) {
    super();
    // Handed to the caller through a promise: it may fail (idle guard, a reset) before the
    // caller's listeners exist, which must not be an uncaught 'error'. The failure stays in
    // `errored` for the caller's pipeline().
    this.on('error', ignoreUntilRead);
    this.#source = source;
    this.#idleMs = idleMs;
    this.#expected = expectedLength;
    source.on('data', (chunk: Buffer) => {
      this.#received += chunk.length;
      this.#touch();
      if (!this.push(chunk)) source.pause();
    });
    source.on('end', () => this.#finish());
    source.on('error', (err) => this.destroy(toTransportError(err) as Error));
    source.pause();
    this.#touch();
  }

  #touch(): void {
    if (this.#timer === undefined) {
      this.#timer = setTimeout(() => this.#onIdle(), this.#idleMs);
      this.#timer.unref();
    } else {
      this.#timer.refresh();
    }
  }

  #onIdle(): void {
    const message = `response body made no progress for ${this.#idleMs} ms`;
    this.destroy(new S3TransportError('ETIMEDOUT_IDLE', message));
  }

  #finish(): void {
    clearTimeout(this.#timer);
    if (this.#expected !== undefined && this.#received !== this.#expected) {
      const message = `response body ended after ${this.#received} of ${this.#expected} bytes`;
      this.destroy(new S3TransportError('ENETWORK', message));
      return;
    }
    this.push(null);
  }

  override _read(): void {
    this.#touch();
    this.#source.resume();
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    clearTimeout(this.#timer);
    // Destroying undici's body aborts the request and closes the socket; after a complete
    // read it is a no-op and the socket goes back to the pool.
    if (!this.#source.destroyed) this.#source.destroy();
    callback(err);
  }
}

function ignoreUntilRead(): void {}
