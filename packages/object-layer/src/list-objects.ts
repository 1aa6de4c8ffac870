import type { ListObjectsPage, ListObjectsQuery } from '@strata/metastore-core';
import type { LayerContext } from './internal/context.js';
import { MAX_PAGE } from './internal/limits.js';
import { requireBucket } from './internal/load.js';

/**
 * ListObjects (V1 and V2 share it): one byte-ordered page from the store; `maxKeys` is clamped
 * to 0..1000. Markers and continuation tokens are the gateway's to encode.
 *
 * @throws S3Error NoSuchBucket.
 */
export async function listObjects(
  ctx: LayerContext,
  bucket: string,
  query: ListObjectsQuery,
): Promise<ListObjectsPage> {
  await requireBucket(ctx, bucket);
  const maxKeys = Math.max(0, Math.min(MAX_PAGE, Math.floor(query.maxKeys)));
  return ctx.store.objects.list(bucket, { ...query, maxKeys });
}
