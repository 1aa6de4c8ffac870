import { Transform, pipeline } from 'node:stream';
import type { Readable, TransformCallback } from 'node:stream';

/** Counts the bytes passing through and holds them to a declared length. */
class ByteCounter extends Transform {
  bytes = 0;
  /** Set when the body broke its declared length (the caller's fault, not the backend's). */
  mismatch: Error | undefined;
  readonly #expected: number | undefined;

  constructor(expected: number | undefined) {
    super();
    this.#expected = expected;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    // Stopped here, before the excess reaches the wire: a request body longer than its
    // Content-Length would otherwise be cut (or smuggled into the next request) by the client.
    if (this.#expected !== undefined && this.bytes > this.#expected) {
      callback(this.#fail('more'));
      return;
    }
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    const short = this.#expected !== undefined && this.bytes !== this.#expected;
    callback(short ? this.#fail('fewer') : null);
  }

  #fail(how: 'more' | 'fewer'): Error {
    this.mismatch = new Error(`the body has ${how} bytes than the declared ${this.#expected}`);
    return this.mismatch;
  }
}

/** A caller's body on its way to S3: the stream to send, what went through, and who failed. */
export interface MeteredBody {
  /** What to hand to the S3 client instead of the caller's body. */
  readonly stream: Readable;
  /** Bytes read from the caller's body so far (all of them, once the upload succeeded). */
  bytes(): number;
  /**
   * The error of the caller's body when it failed first (it errored, was destroyed before its
   * end, or broke its declared length); `undefined` when the body was fine and the upload side
   * failed first (the network, the service, an abort).
   */
  bodyFailure(): { error: unknown } | undefined;
}

/**
 * Pipes `body` through a byte counter, with backpressure, and keeps track of which side failed
 * first: a failure of the caller's body must become `BodyStreamError` (not a backend failure),
 * and an upload failure destroys the body too (the pipeline tears both down).
 */
export function meterBody(body: Readable, expected: number | undefined): MeteredBody {
  const counter = new ByteCounter(expected);
  let failure: { from: 'body' | 'upload'; error: unknown } | undefined;
  const bodyFailed = (error: unknown): void => {
    failure ??= { from: 'body', error };
  };
  // Registered before pipeline's own listeners, so the first failure is seen first.
  body.on('error', bodyFailed);
  body.once('close', () => {
    if (!body.readableEnded) bodyFailed(body.errored ?? new Error('the body was destroyed early'));
  });
  counter.on('error', (error) => {
    if (counter.mismatch !== undefined) bodyFailed(counter.mismatch);
    else failure ??= { from: 'upload', error };
  });
  // The callback only silences the pipeline's own error: the upload call reports it.
  pipeline(body, counter, () => undefined);
  return {
    stream: counter,
    bytes: () => counter.bytes,
    bodyFailure: () => (failure?.from === 'body' ? { error: failure.error } : undefined),
  };
}
