/**
 * The IAM actions (`s3:GetObject` …) that name what an S3 operation needs, as AWS's "Actions,
 * resources, and condition keys for Amazon S3" lists them. Each row of `OPERATIONS` names one;
 * several operations share one (GetObject and HeadObject both need `s3:GetObject`).
 */
export const S3_PERMISSIONS = [
  's3:ListAllMyBuckets',
  's3:CreateBucket',
  's3:ListBucket',
  's3:DeleteBucket',
  's3:GetBucketLocation',
  's3:GetBucketAcl',
  's3:GetBucketVersioning',
  's3:PutBucketVersioning',
  's3:ListBucketVersions',
  's3:GetBucketPolicy',
  's3:GetBucketCORS',
  's3:PutBucketCORS',
  's3:GetLifecycleConfiguration',
  's3:GetEncryptionConfiguration',
  's3:PutEncryptionConfiguration',
  's3:GetBucketTagging',
  's3:PutBucketTagging',
  's3:GetBucketWebsite',
  's3:GetBucketObjectLockConfiguration',
  's3:PutBucketObjectLockConfiguration',
  's3:GetBucketOwnershipControls',
  's3:ListBucketMultipartUploads',
  's3:PutObject',
  's3:GetObject',
  's3:GetObjectAcl',
  's3:GetObjectAttributes',
  's3:GetObjectTagging',
  's3:PutObjectTagging',
  's3:DeleteObjectTagging',
  's3:GetObjectRetention',
  's3:PutObjectRetention',
  's3:GetObjectLegalHold',
  's3:PutObjectLegalHold',
  's3:DeleteObject',
  's3:AbortMultipartUpload',
  's3:ListMultipartUploadParts',
] as const;

/** One of {@link S3_PERMISSIONS}. */
export type S3Permission = (typeof S3_PERMISSIONS)[number];
