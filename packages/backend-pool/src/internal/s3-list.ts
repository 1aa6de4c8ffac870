import type { BlobInfo } from '../object-backend.js';
import { toBackendError } from './s3-errors.js';
import type { S3Target } from './s3-target.js';

/** How {@link listBlobs} pages. */
export interface ListPlan {
  readonly signal: AbortSignal | undefined;
  /** Keys per ListObjectsV2 page (S3's maximum, 1 000, by default). */
  readonly pageSize?: number;
  /** As `BackendListOptions.delimiter`: sent as is; the common prefixes are not reported. */
  readonly delimiter?: string | undefined;
}

/**
 * Lists the blobs whose names start with `prefix`, in the service's order (UTF-8 byte order on
 * S3), with the backend's key prefix removed. Pages are fetched one at a time as the caller
 * iterates, so memory is one page whatever the bucket holds.
 */
export async function* listBlobs(
  target: S3Target,
  prefix: string,
  plan: ListPlan,
): AsyncGenerator<BlobInfo, void, undefined> {
  const ctx = { backend: target.name, bucket: target.bucket, op: 'list', signal: plan.signal };
  const pages = target.client.listObjectsV2Pages(target.bucket, {
    prefix: target.prefix + prefix,
    ...(plan.delimiter ? { delimiter: plan.delimiter } : {}),
    ...(plan.pageSize === undefined ? {} : { maxKeys: plan.pageSize }),
    ...(plan.signal === undefined ? {} : { signal: plan.signal }),
  });
  try {
    for await (const page of pages) {
      for (const entry of page.contents) {
        // Always true for a conforming service; a key outside the prefix is not ours to report.
        if (!entry.key.startsWith(target.prefix)) continue;
        const lastModified = entry.lastModified ?? new Date(0);
        yield { blob: entry.key.slice(target.prefix.length), size: entry.size, lastModified };
      }
    }
  } catch (err) {
    throw toBackendError(err, ctx);
  }
}
