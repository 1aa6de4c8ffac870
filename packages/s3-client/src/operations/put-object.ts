import type { Readable } from 'node:stream';
import { toChecksumHeaderName } from '@strata/checksums';
import type { ClientContext } from '../internal/client-context.js';
import { drain } from '../internal/read-text.js';
import { header, metadataHeaders } from '../internal/headers.js';
import { RequestBody } from '../internal/request-body.js';
import { send } from '../internal/send.js';
import { unquote } from '../internal/xml.js';
import type { CallOptions, ChecksumValue } from '../types.js';

/** Options of `putObject`. */
export interface PutObjectOptions extends CallOptions {
  /**
   * Length of a stream body. Without it the body goes out chunked, which AWS S3 refuses
   * (`MissingContentLength`); use `upload` for streams of unknown length.
   */
  contentLength?: number;
  contentType?: string;
  /** `x-amz-meta-*` values (printable ASCII). */
  metadata?: Record<string, string>;
  checksum?: ChecksumValue;
  /** Extra request headers (`cache-control`, `if-none-match`, `x-amz-storage-class`…). */
  headers?: Record<string, string>;
}

/** Result of `putObject`. */
export interface PutObjectResult {
  /** ETag without quotes. */
  etag: string | undefined;
  versionId: string | undefined;
  requestId: string | undefined;
}

/** Request headers shared by PutObject and CreateMultipartUpload. */
export function objectWriteHeaders(options: PutObjectOptions): Record<string, string> {
  const headers: Record<string, string> = { ...metadataHeaders(options.metadata) };
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    headers[name.toLowerCase()] = value;
  }
  if (options.contentType !== undefined) headers['content-type'] = options.contentType;
  return headers;
}

/** PutObject: streams `body` with backpressure. See the `S3Client` method. */
export async function putObject(
  ctx: ClientContext,
  bucket: string,
  key: string,
  body: Readable | Buffer,
  options: PutObjectOptions = {},
): Promise<PutObjectResult> {
  const headers = objectWriteHeaders(options);
  if (options.checksum !== undefined) {
    headers[toChecksumHeaderName(options.checksum.algorithm)] = options.checksum.value;
  }
  return send(
    ctx,
    {
      method: 'PUT',
      bucket,
      key,
      headers,
      body: new RequestBody(body, options.contentLength),
      idempotent: true,
      signal: options.signal,
    },
    async (res) => {
      await drain(res.body);
      return {
        etag: unquote(header(res.headers, 'etag')),
        versionId: header(res.headers, 'x-amz-version-id'),
        requestId: header(res.headers, 'x-amz-request-id'),
      };
    },
  );
}
