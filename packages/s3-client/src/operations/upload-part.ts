import type { Readable } from 'node:stream';
import { toChecksumHeaderName } from '@strata/checksums';
import type { ClientContext } from '../internal/client-context.js';
import { header } from '../internal/headers.js';
import { drain } from '../internal/read-text.js';
import { RequestBody } from '../internal/request-body.js';
import { send } from '../internal/send.js';
import { unquote } from '../internal/xml.js';
import type { CallOptions, ChecksumValue } from '../types.js';
import {
  copySourceHeaders,
  readCopyResult,
  type CopyResult,
  type CopySource,
} from './copy-object.js';
import type { ByteRange } from './get-object.js';

/** Options of `uploadPart`. */
export interface UploadPartOptions extends CallOptions {
  /** Length of a stream body (required by S3 for parts). */
  contentLength?: number;
  checksum?: ChecksumValue;
}

/** Options of `uploadPartCopy`. */
export interface UploadPartCopyOptions extends CallOptions {
  /** Bytes of the source to copy, both ends given (`x-amz-copy-source-range`). */
  range?: Required<ByteRange>;
}

/** UploadPart. `partNumber` is 1 to 10 000. Returns the part's ETag without quotes. */
export async function uploadPart(
  ctx: ClientContext,
  bucket: string,
  key: string,
  uploadId: string,
  partNumber: number,
  body: Readable | Buffer,
  options: UploadPartOptions = {},
): Promise<{ etag: string }> {
  const headers: Record<string, string> = {};
  if (options.checksum !== undefined) {
    headers[toChecksumHeaderName(options.checksum.algorithm)] = options.checksum.value;
  }
  return send(
    ctx,
    {
      method: 'PUT',
      bucket,
      key,
      query: { partNumber: String(partNumber), uploadId },
      headers,
      body: new RequestBody(body, options.contentLength),
      idempotent: true,
      signal: options.signal,
    },
    async (res) => {
      await drain(res.body);
      return { etag: unquote(header(res.headers, 'etag')) ?? '' };
    },
  );
}

/** UploadPartCopy: a part copied server-side from another object (or a range of it). */
export async function uploadPartCopy(
  ctx: ClientContext,
  bucket: string,
  key: string,
  uploadId: string,
  partNumber: number,
  source: CopySource,
  options: UploadPartCopyOptions = {},
): Promise<CopyResult> {
  const headers = copySourceHeaders(source);
  if (options.range !== undefined) {
    headers['x-amz-copy-source-range'] = `bytes=${options.range.start}-${options.range.end}`;
  }
  return send(
    ctx,
    {
      method: 'PUT',
      bucket,
      key,
      query: { partNumber: String(partNumber), uploadId },
      headers,
      idempotent: true,
      signal: options.signal,
    },
    (res) => readCopyResult(res, 'CopyPartResult'),
  );
}
