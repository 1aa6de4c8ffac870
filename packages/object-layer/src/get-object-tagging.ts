import { s3VersionIdOf } from '@strata/metastore-core';
import type { Tag } from '@strata/s3-xml';
import type { LayerContext } from './internal/context.js';
import { loadObject } from './internal/load.js';
import { toTagSet } from './tag-sets.js';
import type { ObjectTaggingInput } from './types.js';

/** What {@link getObjectTagging} answers. */
export interface GetObjectTaggingOutput {
  /** The version whose tags these are (`x-amz-version-id`). */
  readonly versionId: string;
  /** Its tags in the order they were set; empty when it has none. */
  readonly tags: Tag[];
}

/**
 * GetObjectTagging: the tags of the current version, or of `versionId`.
 *
 * @throws S3Error NoSuchBucket, NoSuchKey.
 */
export async function getObjectTagging(
  ctx: LayerContext,
  input: ObjectTaggingInput,
): Promise<GetObjectTaggingOutput> {
  const record = await loadObject(ctx, input.bucket, input.key, { versionId: input.versionId });
  return { versionId: s3VersionIdOf(record), tags: toTagSet(record.tags) };
}
