/** What an S3 action is checked against: the bucket ARN, an object ARN, or the account. */
export type S3ActionResource = 'bucket' | 'object' | 'account';

// From "Actions, resources, and condition keys for Amazon S3" (Service Authorization
// Reference): the actions whose resource type is `object` or `bucket`, and the account-wide
// ones a bucket policy may name but that never apply to a bucket's resources. Access point,
// Batch Operations, Storage Lens and Access Grants actions are left out: a bucket policy never
// grants them on `arn:aws:s3:::bucket`.
const OBJECT_ACTIONS = `AbortMultipartUpload BypassGovernanceRetention DeleteObject
  DeleteObjectTagging DeleteObjectVersion DeleteObjectVersionTagging GetObject GetObjectAcl
  GetObjectAttributes GetObjectLegalHold GetObjectRetention GetObjectTagging GetObjectTorrent
  GetObjectVersion GetObjectVersionAcl GetObjectVersionAttributes GetObjectVersionForReplication
  GetObjectVersionTagging GetObjectVersionTorrent InitiateReplication ListMultipartUploadParts
  ObjectOwnerOverrideToBucketOwner PutObject PutObjectAcl PutObjectLegalHold PutObjectRetention
  PutObjectTagging PutObjectVersionAcl PutObjectVersionTagging ReplicateDelete ReplicateObject
  ReplicateTags RestoreObject`;

const BUCKET_ACTIONS = `CreateBucket CreateBucketMetadataTableConfiguration DeleteBucket
  DeleteBucketMetadataTableConfiguration DeleteBucketPolicy
  DeleteBucketWebsite GetAccelerateConfiguration GetAnalyticsConfiguration GetBucketAcl
  GetBucketCORS GetBucketLocation GetBucketLogging GetBucketMetadataTableConfiguration
  GetBucketNotification GetBucketObjectLockConfiguration GetBucketOwnershipControls
  GetBucketPolicy GetBucketPolicyStatus GetBucketPublicAccessBlock GetBucketRequestPayment
  GetBucketTagging GetBucketVersioning GetBucketWebsite GetEncryptionConfiguration
  GetIntelligentTieringConfiguration GetInventoryConfiguration GetLifecycleConfiguration
  GetMetricsConfiguration GetReplicationConfiguration ListBucket ListBucketMultipartUploads
  ListBucketVersions PutAccelerateConfiguration PutAnalyticsConfiguration PutBucketAcl
  PutBucketCORS PutBucketLogging PutBucketNotification PutBucketObjectLockConfiguration
  PutBucketOwnershipControls PutBucketPolicy PutBucketPublicAccessBlock PutBucketRequestPayment
  PutBucketTagging PutBucketVersioning PutBucketWebsite PutEncryptionConfiguration
  PutIntelligentTieringConfiguration PutInventoryConfiguration PutLifecycleConfiguration
  PutMetricsConfiguration PutReplicationConfiguration`;

const ACCOUNT_ACTIONS = `GetAccountPublicAccessBlock ListAccessPoints ListAllMyBuckets ListJobs
  PutAccountPublicAccessBlock`;

const entries = (names: string, resource: S3ActionResource) =>
  names
    .trim()
    .split(/\s+/)
    .map((name) => [`s3:${name}`, resource] as const);

/**
 * Every S3 action the policy validator knows, by its canonical name (`s3:GetObject`), with the
 * resource it is checked against: the bucket (`arn:aws:s3:::bucket`), an object
 * (`arn:aws:s3:::bucket/key`), or the account (`s3:ListAllMyBuckets`: no bucket resource). An
 * `Action` pattern must match at least one of these (case-insensitively), and each must apply
 * to one of its statement's resources.
 */
export const S3_ACTIONS: ReadonlyMap<string, S3ActionResource> = new Map([
  ...entries(OBJECT_ACTIONS, 'object'),
  ...entries(BUCKET_ACTIONS, 'bucket'),
  ...entries(ACCOUNT_ACTIONS, 'account'),
]);
