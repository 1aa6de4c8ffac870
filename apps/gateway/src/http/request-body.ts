import { createHash } from 'node:crypto';
import { PassThrough, Readable, type Duplex } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { Context } from 'hono';
import { S3Error } from '@strata/s3-xml';
import { createBodyDecoder } from '@strata/sigv4-verify';
import type { GatewayEnv } from '../env.js';
import { requestHeaders } from './request-headers.js';

/**
 * The single owner of a request's body and of every stream derived from it.
 *
 * Ownership, the rule every handler follows:
 * - A body is opened only through {@link openRequestBody} (and the helpers below that call it),
 *   once per request. Opening it attaches an `'error'` listener to the socket side and to each
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

/** The request's body owner, opened on first use (see {@link RequestBody} for the rules). */
export function openRequestBody(c: Context<GatewayEnv>): RequestBody {
  const existing = c.get('body');
  if (existing) return existing;
  const body = new RequestBody(rawSource(c), c.get('bodyPace'));
  c.set('body', body);
  return body;
}

function rawSource(c: Context<GatewayEnv>): Readable {
  const incoming = c.env?.incoming;
  if (incoming) return incoming;
  const body = c.req.raw.body;
  return body ? Readable.fromWeb(body as WebReadableStream<Uint8Array>) : Readable.from([]);
}

/**
 * The raw body for a handler that parses the framing itself (a POST form upload), through an
 * owned pass-through so that releasing it never depends on how the parser reads.
 */
export function rawBody(c: Context<GatewayEnv>): Readable {
  return openRequestBody(c).pipeTo(new PassThrough());
}

/** The decoded request payload, ready for the object layer. */
export interface DecodedBody {
  readonly stream: Readable;
  /** Decoded length the client declared, when it did. */
  readonly contentLength: number | undefined;
  /** Checksums computed and verified while streaming (call after the stream ended). */
  readonly checksums: () => Readonly<Record<string, string>>;
}

/**
 * Decodes the body as the client framed it (aws-chunked with or without signatures and trailers,
 * or plain) and verifies its SHA-256 and `x-amz-checksum-*` while it streams. Verification errors
 * surface as stream errors, so the object layer stores nothing.
 *
 * @throws S3Error from the headers alone (an invalid length or checksum header), before a byte
 *   of the body is read.
 */
export function decodedBody(c: Context<GatewayEnv>): DecodedBody {
  const headers = requestHeaders(c);
  // Everything that can refuse the request from its headers runs before the socket is piped.
  const contentLength = declaredLength(headers);
  const decoder = createBodyDecoder({ auth: c.get('auth'), headers });
  const stream = openRequestBody(c).pipeTo(decoder.stream);
  return { stream, contentLength, checksums: () => decoder.checksums() };
}

function declaredLength(
  headers: Record<string, string | string[] | undefined>,
): number | undefined {
  const decoded = single(headers['x-amz-decoded-content-length']);
  const raw = decoded ?? (isAwsChunked(headers) ? undefined : single(headers['content-length']));
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw))
    throw new S3Error('InvalidArgument', { message: 'Invalid content length.' });
  return Number(raw);
}

function isAwsChunked(headers: Record<string, string | string[] | undefined>): boolean {
  return single(headers['x-amz-content-sha256'])?.startsWith('STREAMING-') ?? false;
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Reads a small request body (an XML document) with a size cap, decoding aws-chunked framing and
 * checking `Content-MD5` when given. Never used for object data.
 *
 * @throws S3Error `MaxMessageLengthExceeded` over `maxBytes`, `InvalidDigest` for a malformed
 *   `Content-MD5`, `BadDigest` when it does not match, `SlowDown` when the instance already holds
 *   `limits.max_buffered_bytes` of such bodies, and every decoding error.
 */
export async function readSmallBody(c: Context<GatewayEnv>, maxBytes: number): Promise<Buffer> {
  const md5 = c.req.header('content-md5');
  if (md5 !== undefined && !isBase64Md5(md5)) {
    throw new S3Error('InvalidDigest', {
      message: 'The Content-MD5 you specified was invalid.',
    });
  }
  const { stream } = decodedBody(c);
  // The instance's budget of buffered bytes (limits.max_buffered_bytes): SlowDown when spent.
  const budget = c.get('bufferedBytes');
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const buf = chunk as Buffer;
    total += buf.length;
    if (total > maxBytes) {
      throw new S3Error('MaxMessageLengthExceeded', { message: 'Your request was too big.' });
    }
    budget?.add(buf.length);
    chunks.push(buf);
  }
  const body = Buffer.concat(chunks);
  if (md5 !== undefined && createHash('md5').update(body).digest('base64') !== md5) {
    throw new S3Error('BadDigest', {
      message: 'The Content-MD5 you specified did not match what we received.',
    });
  }
  return body;
}

/** A base64 string that decodes to 16 bytes. */
function isBase64Md5(value: string): boolean {
  return /^[A-Za-z0-9+/]{22}==$/.test(value);
}
