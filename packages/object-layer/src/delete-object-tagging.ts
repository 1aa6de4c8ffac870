import type { LayerContext } from './internal/context.js';
import { putObjectTagging } from './put-object-tagging.js';
import type { ObjectTaggingInput } from './types.js';

/**
 * DeleteObjectTagging: removes every tag of the current version. Resolves with the version.
 *
 * @throws S3Error NoSuchBucket, NoSuchKey.
 */
export function deleteObjectTagging(
  ctx: LayerContext,
  input: ObjectTaggingInput,
): Promise<{ versionId: string }> {
  return putObjectTagging(ctx, { ...input, tags: [] });
}
