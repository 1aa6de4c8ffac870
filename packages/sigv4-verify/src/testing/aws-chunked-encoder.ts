// Test support: an independent aws-chunked encoder written from the AWS "sigv4-streaming" and
// "sigv4-streaming-trailers" pages, used to build request bodies. Built as part of the
// `./testing` entry point, never imported by the library itself.
import { createHash, createHmac } from 'node:crypto';
import type { SigningContext } from '../auth-result.js';

const EMPTY = createHash('sha256').update('').digest('hex');
const sha = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');
const hmac = (key: Buffer, data: string): string =>
  createHmac('sha256', key).update(data).digest('hex');

/** Options of {@link encodeAwsChunked} and {@link encodeAwsChunks}. */
export interface EncodeOptions {
  /**
   * Signs each chunk (STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]); omit for the unsigned
   * (STREAMING-UNSIGNED-PAYLOAD-TRAILER) framing.
   */
  signing?: SigningContext;
  /** `['x-amz-checksum-crc32', 'base64']` trailer lines; `[]` for a trailer section with none. */
  trailers?: [string, string][];
}

/** Encodes `data` split into `chunkSizes` (the rest goes into a last chunk). */
export function encodeAwsChunked(
  data: Buffer,
  chunkSizes: number[],
  options: EncodeOptions = {},
): Buffer {
  const chunks: Buffer[] = [];
  let offset = 0;
  for (const size of chunkSizes) {
    if (offset >= data.length) break;
    chunks.push(data.subarray(offset, offset + size));
    offset += size;
  }
  if (offset < data.length) chunks.push(data.subarray(offset));
  return encodeAwsChunks(chunks, options);
}

/**
 * Encodes `chunks` exactly as given, one frame each (an empty one included), then the final
 * zero-size chunk and, with `trailers`, the trailer section.
 *
 * @example
 * ```ts
 * const body = encodeAwsChunks([part1, part2], { signing: signingContextOf(signed, credentials) });
 * ```
 */
export function encodeAwsChunks(chunks: readonly Buffer[], options: EncodeOptions = {}): Buffer {
  const { signing, trailers } = options;
  let previous = signing?.seedSignature ?? '';
  const parts: Buffer[] = [];
  for (const chunk of [...chunks, Buffer.alloc(0)]) {
    let header = chunk.length.toString(16);
    if (signing) {
      const sts = [
        'AWS4-HMAC-SHA256-PAYLOAD',
        signing.datetime,
        signing.scope,
        previous,
        EMPTY,
        sha(chunk),
      ].join('\n');
      previous = hmac(signing.signingKey, sts);
      header += `;chunk-signature=${previous}`;
    }
    parts.push(Buffer.from(`${header}\r\n`), chunk);
    // The final zero-length chunk's data CRLF doubles as the end of the body without trailers.
    if (chunk.length > 0 || trailers === undefined) parts.push(Buffer.from('\r\n'));
  }
  if (trailers !== undefined) {
    const canonical = trailers.map(([n, v]) => `${n}:${v}\n`).join('');
    parts.push(Buffer.from(trailers.map(([n, v]) => `${n}:${v}\r\n`).join('')));
    if (signing) {
      const sts = [
        'AWS4-HMAC-SHA256-TRAILER',
        signing.datetime,
        signing.scope,
        previous,
        sha(canonical),
      ].join('\n');
      parts.push(Buffer.from(`x-amz-trailer-signature:${hmac(signing.signingKey, sts)}\r\n`));
    }
    parts.push(Buffer.from('\r\n'));
  }
  return Buffer.concat(parts);
}
