import type { ClientContext } from '../internal/client-context.js';
import { readXml } from '../internal/read-xml.js';
import { send } from '../internal/send.js';
import { childText, childrenOf, unquote } from '../internal/xml.js';
import type { CallOptions } from '../types.js';

/** Options of `listParts`. */
export interface ListPartsOptions extends CallOptions {
  partNumberMarker?: number;
  maxParts?: number;
}

/** One uploaded part. */
export interface ListedPartEntry {
  partNumber: number;
  /** ETag without quotes. */
  etag: string;
  size: number;
  lastModified: Date | undefined;
}

/** A page of ListParts. */
export interface ListPartsPage {
  parts: ListedPartEntry[];
  isTruncated: boolean;
  nextPartNumberMarker: number | undefined;
}

/** ListParts: one page of an upload's parts. A gone upload is `NoSuchUpload`. */
export async function listParts(
  ctx: ClientContext,
  bucket: string,
  key: string,
  uploadId: string,
  options: ListPartsOptions = {},
): Promise<ListPartsPage> {
  const query: Record<string, string> = { uploadId };
  if (options.partNumberMarker !== undefined) {
    query['part-number-marker'] = String(options.partNumberMarker);
  }
  if (options.maxParts !== undefined) query['max-parts'] = String(options.maxParts);
  return send(
    ctx,
    { method: 'GET', bucket, key, query, idempotent: true, signal: options.signal },
    async (res) => {
      const root = await readXml(res, 'ListPartsResult');
      const next = childText(root, 'NextPartNumberMarker');
      return {
        parts: childrenOf(root, 'Part').map((p) => {
          const lastModified = childText(p, 'LastModified');
          return {
            partNumber: Number(childText(p, 'PartNumber')),
            etag: unquote(childText(p, 'ETag')) ?? '',
            size: Number(childText(p, 'Size') ?? '0'),
            lastModified: lastModified === undefined ? undefined : new Date(lastModified),
          };
        }),
        isTruncated: childText(root, 'IsTruncated') === 'true',
        nextPartNumberMarker: next === undefined || next === '' ? undefined : Number(next),
      };
    },
  );
}
