import { createHash } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { Context } from 'hono';
import { S3Error } from '@strata/s3-xml';
import { createBodyDecoder, parsePayloadMode, type PayloadMode } from '@strata/sigv4-verify';
import type { GatewayEnv } from '../env.js';
import { sendContinue } from './expect-continue.js';
import { RequestBody } from './request-body.js';
import { requestHeaders } from './request-headers.js';

// The Context-facing half of the body owner: `request-body.ts` holds the owner itself and
// imports nothing of the app, so `env.ts` can name its type without an import circle.

/** The request's body owner, opened on first use (see `RequestBody` for the rules). */
export function openRequestBody(c: Context<GatewayEnv>): RequestBody {
  const existing = c.get('body');
  if (existing) return existing;
  const body = new RequestBody(rawSource(c), c.get('bodyPace'));
  c.set('body', body);
  return body;
}

function rawSource(c: Context<GatewayEnv>): Readable {
  const incoming = c.env?.incoming;
  if (incoming) {
    // The request got this far (authenticated and authorized, or a form upload that
    // authenticates itself from its body): now a client waiting on `Expect: 100-continue` may send.
    const outgoing = c.env?.outgoing;
    if (outgoing) sendContinue(incoming, outgoing);
    return incoming;
  }
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
  const decoder = createBodyDecoder({ auth: c.get('auth') ?? unsignedPayload(headers), headers });
  const stream = openRequestBody(c).pipeTo(decoder.stream);
  return { stream, contentLength, checksums: () => decoder.checksums() };
}

/**
 * How an anonymous request's body is framed: as its `x-amz-content-sha256` says (a digest is
 * still checked), unsigned without one. Signed `aws-chunked` needs a signature to chain from,
 * which an anonymous request has not.
 *
 * @throws S3Error InvalidRequest for a signed streaming body.
 */
function unsignedPayload(headers: Record<string, string | string[] | undefined>): {
  payload: PayloadMode;
} {
  const declared = single(headers['x-amz-content-sha256']);
  const payload: PayloadMode =
    declared === undefined ? { kind: 'unsigned' } : parsePayloadMode(declared);
  if (payload.kind === 'streaming-signed' || payload.kind === 'streaming-signed-trailer') {
    throw new S3Error('InvalidRequest', {
      message: 'A signed streaming body needs a signed request.',
    });
  }
  return { payload };
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
