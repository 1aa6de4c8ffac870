import type { Tag } from '@strata/s3-xml';

/** The header a writer sends an object's tags in. */
export const TAGGING_HEADER = 'x-amz-tagging';

/**
 * The tags of `x-amz-tagging` (PutObject, CopyObject with `x-amz-tagging-directive: REPLACE`,
 * CreateMultipartUpload) or of a POST form's `tagging` field once parsed: the header is URL
 * query encoded (`k1=v1&k2=v2`), every pair kept in order, repeats included, so the object layer
 * can refuse a repeated key as S3 does. Absent: `undefined`.
 */
export function tagsFromHeader(value: string | undefined): Tag[] | undefined {
  if (value === undefined) return undefined;
  return [...new URLSearchParams(value)].map(([key, tagValue]) => ({ key, value: tagValue }));
}
