import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { Context } from 'hono';
import { S3Error } from '@strata/s3-xml';
import { createBodyDecoder } from '@strata/sigv4-verify';
import type { GatewayEnv } from '../env.js';
import { requestHeaders } from './request-headers.js';

/** The decoded request payload, ready for the object layer. */
export interface DecodedBody {
  readonly stream: Readable;
  /** Decoded length the client declared, when it did. */
  readonly contentLength: number | undefined;
  /** Checksums computed and verified while streaming (call after the stream ended). */
  readonly checksums: () => Readonly<Record<string, string>>;
}

/** The raw request body as a Node stream (the socket under node-server; the Request body in tests). */
export function rawBody(c: Context<GatewayEnv>): Readable {
  const incoming = c.env?.incoming;
  if (incoming) return incoming;
  const body = c.req.raw.body;
  return body ? Readable.fromWeb(body as WebReadableStream<Uint8Array>) : Readable.from([]);
}

/**
 * Decodes the body as the client framed it (aws-chunked with or without signatures and trailers,
 * or plain) and verifies its SHA-256 and `x-amz-checksum-*` while it streams. Verification errors
 * surface as stream errors, so the object layer stores nothing.
 */
export function decodedBody(c: Context<GatewayEnv>): DecodedBody {
  const headers = requestHeaders(c);
  // Everything that can refuse the request from its headers runs before the socket is piped.
  const contentLength = declaredLength(headers);
  const decoder = createBodyDecoder({ auth: c.get('auth'), headers });
  const source = rawBody(c);
  // Not pipeline(): when a handler fails before reading the body (NoSuchBucket, a failed
  // precondition), destroying the decoder must not destroy the socket, or the client would see
  // a reset instead of the error response. A client that goes away errors the decoder instead.
  source.on('error', (error) => decoder.stream.destroy(error));
  source.on('close', () => {
    if (!source.readableEnded) decoder.stream.destroy(new S3Error('IncompleteBody'));
  });
  source.pipe(decoder.stream);
  c.set('releaseBody', () => {
    if (source.readableEnded || source.destroyed) return;
    // The handler is done but the client is still sending: stop decoding and discard the rest,
    // so the client can finish its upload and read the (error) response on a healthy socket.
    source.unpipe(decoder.stream);
    decoder.stream.destroy();
    source.resume();
  });
  return { stream: decoder.stream, contentLength, checksums: () => decoder.checksums() };
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
 */
export async function readSmallBody(c: Context<GatewayEnv>, maxBytes: number): Promise<Buffer> {
  const { stream } = decodedBody(c);
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const buf = chunk as Buffer;
    total += buf.length;
    if (total > maxBytes) {
      stream.destroy();
      throw new S3Error('MaxMessageLengthExceeded', { message: 'Your request was too big.' });
    }
    chunks.push(buf);
  }
  const body = Buffer.concat(chunks);
  const md5 = c.req.header('content-md5');
  if (md5 !== undefined && createHash('md5').update(body).digest('base64') !== md5) {
    throw new S3Error('BadDigest', {
      message: 'The Content-MD5 you specified did not match what we received.',
    });
  }
  return body;
}
