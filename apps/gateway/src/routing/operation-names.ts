/**
 * The S3 operations the gateway serves, by their AWS API names: the vocabulary of `OPERATIONS`
 * (one row each, which a test checks). A module of its own, importing nothing, so the request
 * context (`env.ts`) can name an operation without importing every handler.
 */
export const OPERATION_NAMES = [
  'ListBuckets',
  'CreateBucket',
  'HeadBucket',
  'DeleteBucket',
  'GetBucketLocation',
  'GetBucketAcl',
  'GetBucketVersioning',
  'PutBucketVersioning',
  'GetBucketPolicy',
  'GetBucketCors',
  'PutBucketCors',
  'DeleteBucketCors',
  'GetBucketLifecycleConfiguration',
  'GetBucketEncryption',
  'PutBucketEncryption',
  'DeleteBucketEncryption',
  'GetBucketTagging',
  'PutBucketTagging',
  'DeleteBucketTagging',
  'GetBucketWebsite',
  'GetObjectLockConfiguration',
  'GetBucketOwnershipControls',
  'ListObjects',
  'ListObjectsV2',
  'ListObjectVersions',
  'ListMultipartUploads',
  'DeleteObjects',
  'PostObject',
  'PutObject',
  'CopyObject',
  'GetObject',
  'HeadObject',
  'GetObjectAcl',
  'GetObjectAttributes',
  'GetObjectTagging',
  'PutObjectTagging',
  'DeleteObjectTagging',
  'DeleteObject',
  'CreateMultipartUpload',
  'UploadPart',
  'UploadPartCopy',
  'CompleteMultipartUpload',
  'AbortMultipartUpload',
  'ListParts',
] as const;

/** One of {@link OPERATION_NAMES}. */
export type OperationName = (typeof OPERATION_NAMES)[number];
