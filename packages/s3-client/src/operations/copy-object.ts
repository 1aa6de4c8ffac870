import type { ClientContext } from '../internal/client-context.js';
import { encodeKeyPath } from '../internal/encode-uri.js';
import { header } from '../internal/headers.js';
import { readXml } from '../internal/read-xml.js';
import { send } from '../internal/send.js';
import { childText, unquote } from '../internal/xml.js';
import type { CallOptions } from '../types.js';
import { objectWriteHeaders } from './put-object.js';

/** The object a copy reads. */
export interface CopySource {
  bucket: string;
  key: string;
  versionId?: string;
  /** Copy only if the source ETag matches (`x-amz-copy-source-if-match`). */
  ifMatch?: string;
}

/** Options of `copyObject`. */
export interface CopyObjectOptions extends CallOptions {
  /**
   * `REPLACE` to set new metadata and content type from these options; `COPY` (S3's default)
   * keeps the source's.
   */
  metadataDirective?: 'COPY' | 'REPLACE';
  contentType?: string;
  metadata?: Record<string, string>;
  headers?: Record<string, string>;
}

/** Result of a server-side copy (`copyObject`, `uploadPartCopy`). */
export interface CopyResult {
  /** ETag without quotes. */
  etag: string | undefined;
  lastModified: Date | undefined;
  versionId: string | undefined;
}

/** `x-amz-copy-source` headers of a copy source. */
export function copySourceHeaders(source: CopySource): Record<string, string> {
  const version =
    source.versionId === undefined ? '' : `?versionId=${encodeURIComponent(source.versionId)}`;
  const headers: Record<string, string> = {
    'x-amz-copy-source': `/${encodeKeyPath(source.bucket)}/${encodeKeyPath(source.key)}${version}`,
  };
  if (source.ifMatch !== undefined) headers['x-amz-copy-source-if-match'] = source.ifMatch;
  return headers;
}

/** Reads a `<CopyObjectResult>` or `<CopyPartResult>` reply. */
export async function readCopyResult(
  res: Parameters<Parameters<typeof send>[2]>[0],
  rootName: string,
): Promise<CopyResult> {
  const root = await readXml(res, rootName);
  const lastModified = childText(root, 'LastModified');
  return {
    etag: unquote(childText(root, 'ETag')),
    lastModified: lastModified === undefined ? undefined : new Date(lastModified),
    versionId: header(res.headers, 'x-amz-version-id'),
  };
}

/** CopyObject: a server-side copy of up to 5 GiB (use `uploadPartCopy` beyond). */
export async function copyObject(
  ctx: ClientContext,
  source: CopySource,
  bucket: string,
  key: string,
  options: CopyObjectOptions = {},
): Promise<CopyResult> {
  const headers = { ...objectWriteHeaders(options), ...copySourceHeaders(source) };
  if (options.metadataDirective !== undefined) {
    headers['x-amz-metadata-directive'] = options.metadataDirective;
  }
  return send(
    ctx,
    { method: 'PUT', bucket, key, headers, idempotent: true, signal: options.signal },
    (res) => readCopyResult(res, 'CopyObjectResult'),
  );
}
