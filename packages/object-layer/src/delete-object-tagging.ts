import type { LayerContext } from './internal/context.js';
import { setObjectTags } from './put-object-tagging.js';
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
  return setObjectTags(ctx, { ...input, tags: [] }, 's3:ObjectTagging:Delete');
}
