import { s3VersionIdOf } from '@strata/metastore-core';
import { S3Error } from '@strata/s3-xml';
import type { LayerContext } from './internal/context.js';
import { loadObject } from './internal/load.js';
import { notify } from './internal/notify.js';
import { createWriteId } from './write-id.js';
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
export function putObjectTagging(
  ctx: LayerContext,
  input: PutObjectTaggingInput,
): Promise<{ versionId: string }> {
  return setObjectTags(ctx, input, 's3:ObjectTagging:Put');
}

/**
 * {@link putObjectTagging} with the event it reports (`s3:ObjectTagging:Delete` for
 * DeleteObjectTagging), appended in the transaction that changes the tags.
 */
export async function setObjectTags(
  ctx: LayerContext,
  input: PutObjectTaggingInput,
  event: 's3:ObjectTagging:Put' | 's3:ObjectTagging:Delete',
): Promise<{ versionId: string }> {
  const tags = toObjectTags(input.tags);
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const record = await loadObject(ctx, input.bucket, input.key, { versionId: input.versionId });
    const { bucket, key } = input;
    const tagged = await ctx.store.transaction(async (tx) => {
      // Named by id, the version may be noncurrent (from the start, or displaced since it was
      // read): its tags live in the history. Without an id the new current version is retried.
      const done =
        (await tx.objects.setTags(bucket, key, record.versionId, tags)) ||
        (input.versionId !== undefined &&
          (await tx.versions.setTags(bucket, key, record.versionId, tags)));
      const row = done ? await tx.buckets.get(bucket) : undefined;
      if (row?.notifications !== undefined) {
        await notify(tx, row, {
          name: event,
          key,
          versionId: row.versioning === 'Unversioned' ? undefined : s3VersionIdOf(record),
          writeId: createWriteId(ctx.now().getTime()),
          time: ctx.now(),
          origin: input.origin,
        });
      }
      return done;
    });
    if (tagged) return { versionId: s3VersionIdOf(record) };
  }
  throw conflict();
}

function conflict() {
  return new S3Error('ConditionalRequestConflict', {
    message: 'The object was overwritten while its tags were being set. Please try again.',
  });
}
