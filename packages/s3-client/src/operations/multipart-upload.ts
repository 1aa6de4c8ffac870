import { escapeXml } from '@strata/s3-xml';
import type { ClientContext } from '../internal/client-context.js';
import { header } from '../internal/headers.js';
import { drain } from '../internal/read-text.js';
import { readXml } from '../internal/read-xml.js';
import { RequestBody } from '../internal/request-body.js';
import { send } from '../internal/send.js';
import { childText, unquote } from '../internal/xml.js';
import type { CallOptions } from '../types.js';
import { objectWriteHeaders, type PutObjectOptions } from './put-object.js';

/** Options of `createMultipartUpload`. */
export type CreateMultipartUploadOptions = Omit<PutObjectOptions, 'contentLength' | 'checksum'>;

/** A part to assemble: its number and the ETag `uploadPart` returned. */
export interface CompletedPartEntry {
  partNumber: number;
  etag: string;
}

/** Result of `completeMultipartUpload`. */
export interface CompleteMultipartUploadResult {
  /** ETag of the assembled object (`"<md5-of-md5s>-<parts>"` on S3), without quotes. */
  etag: string | undefined;
  location: string | undefined;
  versionId: string | undefined;
}

/**
 * CreateMultipartUpload. Not idempotent (a repeat would open a second upload that nobody
 * aborts), so it is retried only when the service cannot have acted on it.
 */
export async function createMultipartUpload(
  ctx: ClientContext,
  bucket: string,
  key: string,
  options: CreateMultipartUploadOptions = {},
): Promise<{ uploadId: string }> {
  return send(
    ctx,
    {
      method: 'POST',
      bucket,
      key,
      query: { uploads: '' },
      headers: objectWriteHeaders(options),
      idempotent: false,
      signal: options.signal,
    },
    async (res) => {
      const root = await readXml(res, 'InitiateMultipartUploadResult');
      return { uploadId: childText(root, 'UploadId') ?? '' };
    },
  );
}

/**
 * CompleteMultipartUpload. Parts are sent sorted by number, as S3 requires. Retrying is safe:
 * a repeat of a Complete that went through answers with the same result or `NoSuchUpload`.
 */
export async function completeMultipartUpload(
  ctx: ClientContext,
  bucket: string,
  key: string,
  uploadId: string,
  parts: readonly CompletedPartEntry[],
  options: CallOptions = {},
): Promise<CompleteMultipartUploadResult> {
  const sorted = [...parts].sort((a, b) => a.partNumber - b.partNumber);
  const items = sorted.map(
    (p) =>
      `<Part><PartNumber>${p.partNumber}</PartNumber><ETag>"${escapeXml(unquote(p.etag) ?? '')}"</ETag></Part>`,
  );
  const xml = `<?xml version="1.0" encoding="UTF-8"?><CompleteMultipartUpload>${items.join('')}</CompleteMultipartUpload>`;
  return send(
    ctx,
    {
      method: 'POST',
      bucket,
      key,
      query: { uploadId },
      headers: { 'content-type': 'application/xml' },
      body: new RequestBody(Buffer.from(xml, 'utf8')),
      idempotent: true,
      signal: options.signal,
    },
    async (res) => {
      const root = await readXml(res, 'CompleteMultipartUploadResult');
      return {
        etag: unquote(childText(root, 'ETag')),
        location: childText(root, 'Location'),
        versionId: header(res.headers, 'x-amz-version-id'),
      };
    },
  );
}

/** AbortMultipartUpload: deletes the parts uploaded so far. */
export async function abortMultipartUpload(
  ctx: ClientContext,
  bucket: string,
  key: string,
  uploadId: string,
  options: CallOptions = {},
): Promise<void> {
  await send(
    ctx,
    {
      method: 'DELETE',
      bucket,
      key,
      query: { uploadId },
      idempotent: true,
      signal: options.signal,
    },
    (res) => drain(res.body),
  );
}
