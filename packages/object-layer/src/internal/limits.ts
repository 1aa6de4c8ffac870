/** S3 size limits (https://docs.aws.amazon.com/AmazonS3/latest/userguide/qfacts.html). */

/** Largest single PUT, part, or copy source: 5 GiB. */
export const MAX_PUT_SIZE = 5 * 1024 ** 3;
/** Largest object: 5 TiB. */
export const MAX_OBJECT_SIZE = 5 * 1024 ** 4;
/** Largest part (UploadPart, UploadPartCopy): 5 GiB, the single-PUT limit. */
export const MAX_PART_SIZE = MAX_PUT_SIZE;
/** Smallest part except the last: 5 MiB. */
export const MIN_PART_SIZE = 5 * 1024 ** 2;
/** Part numbers are 1..10000. */
export const MAX_PART_NUMBER = 10_000;
/** Keys are at most 1024 bytes of UTF-8. */
export const MAX_KEY_BYTES = 1024;
/** User metadata (names + values, UTF-8 bytes) is at most 2 KB. */
export const MAX_USER_METADATA_BYTES = 2048;
/** Listing pages hold at most 1000 entries. */
export const MAX_PAGE = 1000;
