import type { Duplex, Readable } from 'node:stream';
import { S3Error } from '@strata/s3-xml';

/**
 * The single owner of a request's body and of every stream derived from it.
 *
 * Ownership, the rule every handler follows:
 * - A body is opened only through `openRequestBody()` (and the helpers of `open-request-body.ts`
 *   that call it), once per request. Opening it attaches an `'error'` listener to the socket side and to each
 *   derived stream in the same tick the stream is created. An error that happens while the
 *   handler awaits something else (a metastore round trip on PostgreSQL, a bucket lookup) is
 *   recorded here; without the listener Node would raise it as an uncaught exception and stop
 *   the process.
 * - Consumers (the object layer) read the streams and may destroy them early; that is allowed,
 *   and the error they see is the stream's own (`pipeline` reports an already-errored stream).
 * - The `releaseBody()` middleware calls {@link RequestBody.release} exactly once after the
 *   response exists, on every path: success, S3 error, client abort, timeout. Release destroys
 *   every owned stream that is still open and discards the bytes the client is still sending,
 *   so the socket stays usable for the (error) response.
 */
export class RequestBody {
  readonly #source: Readable;
  readonly #pace: BodyPace;
  readonly #owned: Readable[] = [];
  #error: Error | undefined;
  #released = false;
  #watchdog: NodeJS.Timeout | undefined;
  readonly #record = (error: Error): void => {
    this.#error ??= error;
  };

  constructor(source: Readable, pace: BodyPace = DEFAULT_BODY_PACE) {
    this.#source = source;
    this.#pace = pace;
    source.on('error', this.#record);
  }

  /** The first error any owned stream raised, if one did. */
  get error(): Error | undefined {
    return this.#error;
  }

  /**
   * Pipes the raw body into `stream` (a decoder) and owns it. Not `pipeline()`: when a handler
   * fails before reading the body (NoSuchBucket, a failed precondition), destroying the decoder
   * must not destroy the socket, or the client would see a reset instead of the error response.
   * A client that goes away errors the decoder instead (`IncompleteBody`).
   */
  pipeTo<T extends Duplex>(stream: T): T {
    const source = this.#source;
    this.own(stream);
    source.on('error', (error) => stream.destroy(error));
    source.on('close', () => {
      if (!source.readableEnded) stream.destroy(new S3Error('IncompleteBody'));
    });
    source.pipe(stream);
    this.#watch(stream);
    return stream;
  }

  /**
   * Fails `stream` with `400 RequestTimeout` (as S3 does) when, in a whole window of
   * `pace.windowMs` during which the gateway was waiting for bytes, the client sent fewer than
   * `pace.minBytesPerSecond` per second. Windows in which the gateway held the client back
   * (backpressure paused the socket) do not count. Without this a trickling client would hold
   * its write, its intent and its quota reservation for as long as it likes.
   */
  #watch(stream: Duplex): void {
    const { windowMs, minBytesPerSecond } = this.#pace;
    if (!(windowMs > 0)) return;
    const source = this.#source;
    const minBytes = Math.max(1, Math.ceil((minBytesPerSecond * windowMs) / 1000));
    let bytes = 0;
    let heldBack = false;
    // Added after pipe(): the socket already flows into `stream`, so this listener changes
    // nothing about the flow; 'pause' is pipe()'s backpressure.
    source.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
    });
    source.on('pause', () => {
      heldBack = true;
    });
    const stop = () => {
      clearInterval(this.#watchdog);
      this.#watchdog = undefined;
    };
    this.#watchdog = setInterval(() => {
      if (source.readableEnded || source.destroyed || stream.destroyed) return stop();
      if (heldBack || source.isPaused()) {
        heldBack = source.isPaused();
      } else if (bytes < minBytes) {
        stop();
        stream.destroy(
          new S3Error('RequestTimeout', {
            // The client is still connected and may keep trickling: end the exchange.
            headers: { connection: 'close' },
          }),
        );
        return;
      }
      bytes = 0;
    }, windowMs);
    this.#watchdog.unref();
    source.once('end', stop);
    source.once('close', stop);
  }

  /** Takes ownership of a stream made from the body: listened to now, destroyed on release. */
  own<T extends Readable>(stream: T): T {
    stream.on('error', this.#record);
    this.#owned.push(stream);
    if (this.#released) stream.destroy();
    return stream;
  }

  /** Destroys what is still open and drains the rest of the upload. Idempotent. */
  release(): void {
    if (this.#released) return;
    this.#released = true;
    clearInterval(this.#watchdog);
    const source = this.#source;
    source.unpipe();
    for (const stream of this.#owned) stream.destroy();
    if (!source.readableEnded && !source.destroyed) {
      // The handler is done but the client is still sending: discard the rest, so the client
      // can finish its upload and read the (error) response on a healthy socket.
      source.resume();
    }
  }
}

/** How slowly a client may send a body (see `RequestBody`'s watchdog). */
export interface BodyPace {
  /** Length of one measuring window; 0 turns the check off. */
  readonly windowMs: number;
  /** The least a client must send per second, averaged over a window; 0 = any byte will do. */
  readonly minBytesPerSecond: number;
}

/** S3 drops a body connection after about 20 s without data. */
export const DEFAULT_BODY_PACE: BodyPace = { windowMs: 20_000, minBytesPerSecond: 0 };
