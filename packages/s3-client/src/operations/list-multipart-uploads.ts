import type { ClientContext } from '../internal/client-context.js';
import { readXml } from '../internal/read-xml.js';
import { send } from '../internal/send.js';
import { childText, childrenOf } from '../internal/xml.js';
import type { CallOptions } from '../types.js';

/** Options of `listMultipartUploads`. */
export interface ListMultipartUploadsOptions extends CallOptions {
  prefix?: string;
  keyMarker?: string;
  uploadIdMarker?: string;
  maxUploads?: number;
}

/** A page of ListMultipartUploads: the uploads in progress (each one billed for its parts). */
export interface ListMultipartUploadsPage {
  uploads: { key: string; uploadId: string; initiated: Date | undefined }[];
  isTruncated: boolean;
  nextKeyMarker: string | undefined;
  nextUploadIdMarker: string | undefined;
}

/** ListMultipartUploads: one page. */
export async function listMultipartUploads(
  ctx: ClientContext,
  bucket: string,
  options: ListMultipartUploadsOptions = {},
): Promise<ListMultipartUploadsPage> {
  const query: Record<string, string> = { uploads: '' };
  if (options.prefix !== undefined) query.prefix = options.prefix;
  if (options.keyMarker !== undefined) query['key-marker'] = options.keyMarker;
  if (options.uploadIdMarker !== undefined) query['upload-id-marker'] = options.uploadIdMarker;
  if (options.maxUploads !== undefined) query['max-uploads'] = String(options.maxUploads);
  return send(
    ctx,
    { method: 'GET', bucket, query, idempotent: true, signal: options.signal },
    async (res) => {
      const root = await readXml(res, 'ListMultipartUploadsResult');
      return {
        uploads: childrenOf(root, 'Upload').map((u) => {
          const initiated = childText(u, 'Initiated');
          return {
            key: childText(u, 'Key') ?? '',
            uploadId: childText(u, 'UploadId') ?? '',
            initiated: initiated === undefined ? undefined : new Date(initiated),
          };
        }),
        isTruncated: childText(root, 'IsTruncated') === 'true',
        nextKeyMarker: childText(root, 'NextKeyMarker') || undefined,
        nextUploadIdMarker: childText(root, 'NextUploadIdMarker') || undefined,
      };
    },
  );
}
