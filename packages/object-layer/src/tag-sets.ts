import type { ObjectRecord } from '@strata/metastore-core';
import { S3Error, type Tag } from '@strata/s3-xml';

/** Most tags one object version may carry. */
export const MAX_OBJECT_TAGS = 10;
/** Most tags one bucket may carry. */
export const MAX_BUCKET_TAGS = 50;
/** Longest tag key, in UTF-16 code units. */
export const MAX_TAG_KEY_LENGTH = 128;
/** Longest tag value, in UTF-16 code units. */
export const MAX_TAG_VALUE_LENGTH = 256;
/** The characters AWS allows in tag keys and values: letters, spaces, digits and `_.:/=+-@`. */
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

const invalidTag = (message: string) => new S3Error('InvalidTag', { message });

/**
 * The tags of an object version, checked as S3 checks them wherever an object gets tags
 * (PutObjectTagging, `x-amz-tagging` on PutObject, CopyObject and CreateMultipartUpload, a POST
 * form's `tagging` field), in S3's order: the count first, then each tag.
 *
 * @throws S3Error BadRequest (more than 10 tags), InvalidTag (an empty, too long or repeated key,
 *   a too long value, characters AWS does not allow).
 */
export function toObjectTags(tags: readonly Tag[]): Record<string, string> {
  if (tags.length > MAX_OBJECT_TAGS) {
    throw new S3Error('BadRequest', {
      message: `Object tags cannot be greater than ${MAX_OBJECT_TAGS}`,
    });
  }
  return checkTags(tags);
}

/**
 * The tag set of a bucket (PutBucketTagging), checked as S3 checks it: at most 50 tags, each as
 * an object's, and no key in the `aws:` namespace, which AWS keeps for its own tags.
 *
 * @throws S3Error BadRequest (more than 50 tags), InvalidTag (as {@link toObjectTags}, and an
 *   `aws:` key).
 */
export function toBucketTags(tags: readonly Tag[]): Record<string, string> {
  if (tags.length > MAX_BUCKET_TAGS) {
    throw new S3Error('BadRequest', {
      message: `Bucket tag count cannot be greater than ${MAX_BUCKET_TAGS}`,
    });
  }
  if (tags.some((tag) => tag.key.toLowerCase().startsWith('aws:'))) {
    throw invalidTag('System tags cannot be added/updated by requester');
  }
  return checkTags(tags);
}

function checkTags(tags: readonly Tag[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { key, value } of tags) {
    if (key.length === 0 || !TAG_TEXT.test(key)) {
      throw invalidTag('The TagKey you have provided is invalid');
    }
    if (key.length > MAX_TAG_KEY_LENGTH) {
      throw invalidTag(`The TagKey you have provided is too long, max ${MAX_TAG_KEY_LENGTH}`);
    }
    if (!TAG_TEXT.test(value)) throw invalidTag('The TagValue you have provided is invalid');
    if (value.length > MAX_TAG_VALUE_LENGTH) {
      throw invalidTag(`The TagValue you have provided is too long, max ${MAX_TAG_VALUE_LENGTH}`);
    }
    if (Object.hasOwn(out, key)) {
      throw invalidTag('Cannot provide multiple Tags with the same key');
    }
    out[key] = value;
  }
  return out;
}

/** `record` carrying `tags`: none (no `tags` field at all) when `tags` is empty. */
export function withTags<T extends ObjectRecord>(
  record: T,
  tags: Readonly<Record<string, string>>,
): T {
  const { tags: _old, ...rest } = record;
  return (Object.keys(tags).length > 0 ? { ...rest, tags: { ...tags } } : rest) as T;
}

/** A version's tags as a tag set, in the order they were given. */
export function toTagSet(tags: Readonly<Record<string, string>> | undefined): Tag[] {
  return Object.entries(tags ?? {}).map(([key, value]) => ({ key, value }));
}
