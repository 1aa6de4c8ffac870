import type { ListVersionsPage, ListVersionsQuery } from '@strata/metastore-core';
import { S3Error } from '@strata/s3-xml';
import type { LayerContext } from './internal/context.js';
import { MAX_PAGE } from './internal/limits.js';
import { requireBucket } from './internal/load.js';
import { assertVersionId } from './internal/versions.js';

/**
 * ListObjectVersions: one page of every version and delete marker, keys in byte order and each
 * key's versions newest first; `maxKeys` is clamped to 0..1000. An unversioned bucket lists
 * its objects as `null` versions.
 *
 * @throws S3Error NoSuchBucket; InvalidArgument for a `version-id-marker` without a
 *   `key-marker`, or one that is not a version id.
 */
export async function listObjectVersions(
  ctx: LayerContext,
  bucket: string,
  query: ListVersionsQuery,
): Promise<ListVersionsPage> {
  if (query.versionIdMarker !== undefined) {
    if (query.keyMarker === undefined) {
      throw new S3Error('InvalidArgument', {
        message: 'A version-id marker cannot be specified without a key marker.',
        extra: { ArgumentName: 'version-id-marker', ArgumentValue: query.versionIdMarker },
      });
    }
    assertVersionId(query.versionIdMarker);
  }
  await requireBucket(ctx, bucket);
  const maxKeys = Math.max(0, Math.min(MAX_PAGE, Math.floor(query.maxKeys)));
  return ctx.store.versions.list(bucket, { ...query, maxKeys });
}
