import { s3VersionIdOf } from '@strata/metastore-core';
import { S3Error } from '@strata/s3-xml';
import type { LayerContext } from './internal/context.js';
import { loadObject } from './internal/load.js';
import { toObjectTags } from './tag-sets.js';
import type { PutObjectTaggingInput } from './types.js';

/** Tries before giving up on a key that is overwritten faster than it can be tagged. */
const MAX_ATTEMPTS = 5;

/**
 * PutObjectTagging: replaces the tags of the current version (an empty set removes them),
 * checked first ({@link toObjectTags}). The update names the version it read; when an overwrite
 * commits in between, the new current version is tagged instead, as if the request had come
 * after it. Resolves with the version tagged.
 *
 * @throws S3Error BadRequest, InvalidTag, NoSuchBucket, NoSuchKey, NoSuchVersion,
 *   NotImplemented (a noncurrent version by id); ConditionalRequestConflict when the key is
 *   overwritten on every try.
 */
export async function putObjectTagging(
  ctx: LayerContext,
  input: PutObjectTaggingInput,
): Promise<{ versionId: string }> {
  const tags = toObjectTags(input.tags);
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const record = await loadObject(ctx, input.bucket, input.key, input.versionId);
    if (await ctx.store.objects.setTags(input.bucket, input.key, record.versionId, tags)) {
      return { versionId: s3VersionIdOf(record) };
    }
    // A version named by id is not retargeted: it is noncurrent (now, or from the start).
    if (input.versionId !== undefined) throw noncurrentNotTaggable();
  }
  throw conflict();
}

/** Tags live on the current version's row; a noncurrent one keeps the tags it had. */
function noncurrentNotTaggable() {
  return new S3Error('NotImplemented', {
    message: 'Changing the tags of a noncurrent version is not supported.',
  });
}

function conflict() {
  return new S3Error('ConditionalRequestConflict', {
    message: 'The object was overwritten while its tags were being set. Please try again.',
  });
}
