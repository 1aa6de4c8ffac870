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
  'PutBucketPolicy',
  'DeleteBucketPolicy',
  'GetBucketPolicyStatus',
  'GetPublicAccessBlock',
  'PutPublicAccessBlock',
  'DeletePublicAccessBlock',
  'GetBucketCors',
  'PutBucketCors',
  'DeleteBucketCors',
  'GetBucketLifecycleConfiguration',
  'PutBucketLifecycleConfiguration',
  'DeleteBucketLifecycle',
  'GetBucketNotificationConfiguration',
  'PutBucketNotificationConfiguration',
  'GetBucketEncryption',
  'PutBucketEncryption',
  'DeleteBucketEncryption',
  'GetBucketTagging',
  'PutBucketTagging',
  'DeleteBucketTagging',
  'GetBucketWebsite',
  'GetObjectLockConfiguration',
  'PutObjectLockConfiguration',
  'GetBucketOwnershipControls',
  'PutBucketOwnershipControls',
  'DeleteBucketOwnershipControls',
  'PutBucketAcl',
  'PutObjectAcl',
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
  'GetObjectRetention',
  'PutObjectRetention',
  'GetObjectLegalHold',
  'PutObjectLegalHold',
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

/**
 * The operations that create an object from headers the client sets on it (its ACL, tags, Object
 * Lock): each of these headers is a permission, and an ACL a check, of its own.
 */
export const OBJECT_WRITES: ReadonlySet<OperationName> = new Set([
  'PutObject',
  'CopyObject',
  'CreateMultipartUpload',
]);
