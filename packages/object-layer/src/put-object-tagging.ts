import { s3VersionIdOf } from '@strata/metastore-core';
import { S3Error } from '@strata/s3-xml';
import type { LayerContext } from './internal/context.js';
import { loadObject } from './internal/load.js';
import { toObjectTags } from './tag-sets.js';
import type { PutObjectTaggingInput } from './types.js';

/** Tries before giving up on a key that is overwritten faster than it can be tagged. */
const MAX_ATTEMPTS = 5;

/**
 * PutObjectTagging: replaces the tags of the current version, or of `versionId` (an empty set
 * removes them), checked first ({@link toObjectTags}). The update names the version it read;
 * without a version id, when an overwrite commits in between, the new current version is tagged
 * instead, as if the request had come after it. Resolves with the version tagged.
 *
 * @throws S3Error BadRequest, InvalidTag, NoSuchBucket, NoSuchKey, NoSuchVersion,
 *   MethodNotAllowed (a delete marker's id); ConditionalRequestConflict when the key is
 *   overwritten on every try.
 */
export async function putObjectTagging(
  ctx: LayerContext,
  input: PutObjectTaggingInput,
): Promise<{ versionId: string }> {
  const tags = toObjectTags(input.tags);
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const record = await loadObject(ctx, input.bucket, input.key, { versionId: input.versionId });
    if (await ctx.store.objects.setTags(input.bucket, input.key, record.versionId, tags)) {
      return { versionId: s3VersionIdOf(record) };
    }
    // Named by id, the version may be noncurrent (from the start, or displaced since it was
    // read): its tags live in the history. Without an id the new current version is retried.
    if (
      input.versionId !== undefined &&
      (await ctx.store.versions.setTags(input.bucket, input.key, record.versionId, tags))
    ) {
      return { versionId: s3VersionIdOf(record) };
    }
  }
  throw conflict();
}

function conflict() {
  return new S3Error('ConditionalRequestConflict', {
    message: 'The object was overwritten while its tags were being set. Please try again.',
  });
}
