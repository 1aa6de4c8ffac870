import { Readable } from 'node:stream';
import { SourceTap } from './source-tap.js';

// Slices small enough that undici writes several times per part: each write that fills the
// socket refreshes its time-to-first-byte timer, so that timer also catches a stalled upload.
const SLICE = 64 * 1024;

function* slices(buffer: Buffer): Generator<Buffer> {
  for (let at = 0; at < buffer.length; at += SLICE) yield buffer.subarray(at, at + SLICE);
}

/**
 * A request body across attempts. A `Buffer` is replayable: every attempt gets a fresh stream
 * over it. A caller's `Readable` is sent through a {@link SourceTap} and can be replayed only if
 * no attempt has read from it yet: bytes already sent cannot be sent again.
 */
export class RequestBody {
  readonly #buffer: Buffer | undefined;
  readonly #source: Readable | undefined;
  #tap: SourceTap | undefined;
  #error: Error | undefined;
  /** Byte length when known (sent as `Content-Length`). */
  readonly length: number | undefined;

  constructor(body: Buffer | Readable, length?: number) {
    if (Buffer.isBuffer(body)) {
      this.#buffer = body;
      this.length = body.length;
      return;
    }
    this.#source = body;
    this.length = length;
    // Kept for the life of the source: it may fail between attempts, when no tap listens.
    body.on('error', (err) => {
      this.#error = err;
      this.#tap?.destroy(err);
    });
  }

  /** The whole payload when it is in memory (so it can be hashed for the signature). */
  get buffer(): Buffer | undefined {
    return this.#buffer;
  }

  /** Whether one more attempt can send the body from its first byte. */
  canReplay(): boolean {
    if (this.#buffer !== undefined) return true;
    return this.#error === undefined && this.#tap?.touched !== true;
  }

  /** A stream for one attempt. */
  open(): Readable {
    if (this.#buffer !== undefined) return Readable.from(slices(this.#buffer));
    this.#tap?.destroy();
    this.#tap = new SourceTap(this.#source!);
    if (this.#error !== undefined) this.#tap.destroy(this.#error);
    return this.#tap;
  }

  /** After a final failure: destroys the caller's stream so its producer stops too. */
  discard(err: Error): void {
    this.#tap?.destroy();
    if (this.#source !== undefined && !this.#source.destroyed) this.#source.destroy(err);
  }
}
