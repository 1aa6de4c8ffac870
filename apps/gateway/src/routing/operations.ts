import { abortMultipartUpload } from '../handlers/abort-multipart-upload.js';
import { completeMultipartUpload } from '../handlers/complete-multipart-upload.js';
import { copyObject } from '../handlers/copy-object.js';
import { createBucket } from '../handlers/create-bucket.js';
import { createMultipartUpload } from '../handlers/create-multipart-upload.js';
import { deleteBucketCors } from '../handlers/delete-bucket-cors.js';
import { deleteBucketLifecycle } from '../handlers/delete-bucket-lifecycle.js';
import { deleteBucketEncryption } from '../handlers/delete-bucket-encryption.js';
import { deleteBucketOwnershipControls } from '../handlers/delete-bucket-ownership-controls.js';
import { deleteBucketPolicy } from '../handlers/delete-bucket-policy.js';
import { deleteBucketTagging } from '../handlers/delete-bucket-tagging.js';
import { deleteBucket } from '../handlers/delete-bucket.js';
import { deleteObjectTagging } from '../handlers/delete-object-tagging.js';
import { deleteObject } from '../handlers/delete-object.js';
import { deleteObjects } from '../handlers/delete-objects.js';
import { deletePublicAccessBlock } from '../handlers/delete-public-access-block.js';
import { getBucketAcl } from '../handlers/get-bucket-acl.js';
import { getBucketCors } from '../handlers/get-bucket-cors.js';
import { getBucketNotificationConfiguration } from '../handlers/get-bucket-notification-configuration.js';
import { getBucketEncryption } from '../handlers/get-bucket-encryption.js';
import { getBucketLifecycleConfiguration } from '../handlers/get-bucket-lifecycle-configuration.js';
import { getBucketLocation } from '../handlers/get-bucket-location.js';
import { getBucketOwnershipControls } from '../handlers/get-bucket-ownership-controls.js';
import { getBucketPolicyStatus } from '../handlers/get-bucket-policy-status.js';
import { getBucketPolicy } from '../handlers/get-bucket-policy.js';
import { getBucketTagging } from '../handlers/get-bucket-tagging.js';
import { getBucketVersioning } from '../handlers/get-bucket-versioning.js';
import { getBucketWebsite } from '../handlers/get-bucket-website.js';
import { getObjectAcl } from '../handlers/get-object-acl.js';
import { getObjectAttributes } from '../handlers/get-object-attributes.js';
import { getObjectLegalHold } from '../handlers/get-object-legal-hold.js';
import { getObjectLockConfiguration } from '../handlers/get-object-lock-configuration.js';
import { getObjectRetention } from '../handlers/get-object-retention.js';
import { getObjectTagging } from '../handlers/get-object-tagging.js';
import { getObject } from '../handlers/get-object.js';
import { getPublicAccessBlock } from '../handlers/get-public-access-block.js';
import { headBucket } from '../handlers/head-bucket.js';
import { headObject } from '../handlers/head-object.js';
import { listBuckets } from '../handlers/list-buckets.js';
import { listMultipartUploads } from '../handlers/list-multipart-uploads.js';
import { listObjectVersions } from '../handlers/list-object-versions.js';
import { listObjectsV2 } from '../handlers/list-objects-v2.js';
import { listObjects } from '../handlers/list-objects.js';
import { listParts } from '../handlers/list-parts.js';
import { postObject } from '../handlers/post-object.js';
import { putBucketAcl } from '../handlers/put-bucket-acl.js';
import { putBucketCors } from '../handlers/put-bucket-cors.js';
import { putBucketNotificationConfiguration } from '../handlers/put-bucket-notification-configuration.js';
import { putBucketLifecycleConfiguration } from '../handlers/put-bucket-lifecycle-configuration.js';
import { putBucketEncryption } from '../handlers/put-bucket-encryption.js';
import { putBucketOwnershipControls } from '../handlers/put-bucket-ownership-controls.js';
import { putBucketPolicy } from '../handlers/put-bucket-policy.js';
import { putBucketTagging } from '../handlers/put-bucket-tagging.js';
import { putBucketVersioning } from '../handlers/put-bucket-versioning.js';
import { putObjectAcl } from '../handlers/put-object-acl.js';
import { putObjectLegalHold } from '../handlers/put-object-legal-hold.js';
import { putObjectLockConfiguration } from '../handlers/put-object-lock-configuration.js';
import { putObjectRetention } from '../handlers/put-object-retention.js';
import { putObjectTagging } from '../handlers/put-object-tagging.js';
import { putObject } from '../handlers/put-object.js';
import { putPublicAccessBlock } from '../handlers/put-public-access-block.js';
import { uploadPartCopy } from '../handlers/upload-part-copy.js';
import { uploadPart } from '../handlers/upload-part.js';
import type { OperationName } from './operation-names.js';
import type { S3Operation } from './s3-operation.js';

const PART = { uploadId: true, partNumber: true } as const;
const UPLOAD = { uploadId: true } as const;

/**
 * Every S3 operation the gateway serves, one row each: how a request is recognised as it, the
 * IAM action it needs, and its handler. The router takes the first row a request matches, so
 * within one method and target the more specific rows come first (UploadPartCopy before
 * UploadPart before CopyObject before PutObject). A request no row matches is `501
 * NotImplemented`. `docs/compatibility.md` lists this table.
 */
// One row per line keeps the table readable as a table.
// prettier-ignore
export const OPERATIONS: readonly S3Operation[] = [
  { name: 'ListBuckets', method: 'GET', target: 'service', permission: 's3:ListAllMyBuckets', handler: listBuckets },
  // Bucket-level.
  { name: 'PutBucketCors', method: 'PUT', target: 'bucket', subresource: 'cors', permission: 's3:PutBucketCORS', handler: putBucketCors },
  { name: 'PutBucketNotificationConfiguration', method: 'PUT', target: 'bucket', subresource: 'notification', permission: 's3:PutBucketNotification', handler: putBucketNotificationConfiguration },
  { name: 'PutBucketLifecycleConfiguration', method: 'PUT', target: 'bucket', subresource: 'lifecycle', permission: 's3:PutLifecycleConfiguration', handler: putBucketLifecycleConfiguration },
  { name: 'PutBucketEncryption', method: 'PUT', target: 'bucket', subresource: 'encryption', permission: 's3:PutEncryptionConfiguration', handler: putBucketEncryption },
  { name: 'PutBucketTagging', method: 'PUT', target: 'bucket', subresource: 'tagging', permission: 's3:PutBucketTagging', handler: putBucketTagging },
  { name: 'PutBucketPolicy', method: 'PUT', target: 'bucket', subresource: 'policy', permission: 's3:PutBucketPolicy', handler: putBucketPolicy },
  { name: 'PutPublicAccessBlock', method: 'PUT', target: 'bucket', subresource: 'publicAccessBlock', permission: 's3:PutBucketPublicAccessBlock', handler: putPublicAccessBlock },
  { name: 'PutBucketOwnershipControls', method: 'PUT', target: 'bucket', subresource: 'ownershipControls', permission: 's3:PutBucketOwnershipControls', handler: putBucketOwnershipControls },
  { name: 'PutBucketAcl', method: 'PUT', target: 'bucket', subresource: 'acl', permission: 's3:PutBucketAcl', handler: putBucketAcl },
  { name: 'PutBucketVersioning', method: 'PUT', target: 'bucket', subresource: 'versioning', permission: 's3:PutBucketVersioning', handler: putBucketVersioning },
  { name: 'PutObjectLockConfiguration', method: 'PUT', target: 'bucket', subresource: 'object-lock', permission: 's3:PutBucketObjectLockConfiguration', handler: putObjectLockConfiguration },
  { name: 'CreateBucket', method: 'PUT', target: 'bucket', permission: 's3:CreateBucket', handler: createBucket },
  { name: 'HeadBucket', method: 'HEAD', target: 'bucket', permission: 's3:ListBucket', handler: headBucket },
  { name: 'DeleteBucketCors', method: 'DELETE', target: 'bucket', subresource: 'cors', permission: 's3:PutBucketCORS', handler: deleteBucketCors },
  { name: 'DeleteBucketLifecycle', method: 'DELETE', target: 'bucket', subresource: 'lifecycle', permission: 's3:PutLifecycleConfiguration', handler: deleteBucketLifecycle },
  { name: 'DeleteBucketEncryption', method: 'DELETE', target: 'bucket', subresource: 'encryption', permission: 's3:PutEncryptionConfiguration', handler: deleteBucketEncryption },
  { name: 'DeleteBucketPolicy', method: 'DELETE', target: 'bucket', subresource: 'policy', permission: 's3:DeleteBucketPolicy', handler: deleteBucketPolicy },
  { name: 'DeletePublicAccessBlock', method: 'DELETE', target: 'bucket', subresource: 'publicAccessBlock', permission: 's3:PutBucketPublicAccessBlock', handler: deletePublicAccessBlock },
  { name: 'DeleteBucketOwnershipControls', method: 'DELETE', target: 'bucket', subresource: 'ownershipControls', permission: 's3:PutBucketOwnershipControls', handler: deleteBucketOwnershipControls },
  { name: 'DeleteBucketTagging', method: 'DELETE', target: 'bucket', subresource: 'tagging', permission: 's3:PutBucketTagging', handler: deleteBucketTagging },
  { name: 'DeleteBucket', method: 'DELETE', target: 'bucket', permission: 's3:DeleteBucket', handler: deleteBucket },
  // Each key is authorized on its own, once the body names them (a denied key is an error entry).
  { name: 'DeleteObjects', method: 'POST', target: 'bucket', subresource: 'delete', permission: 's3:DeleteObject', authorizedBy: 'handler', handler: deleteObjects },
  // Reached only when sigv4Auth let a form upload through (`isPostObjectRequest`), or for a
  // signed POST of a bucket, which the form parser then refuses.
  { name: 'PostObject', method: 'POST', target: 'bucket', permission: 's3:PutObject', authorizedBy: 'handler', handler: postObject },
  { name: 'GetBucketLocation', method: 'GET', target: 'bucket', subresource: 'location', permission: 's3:GetBucketLocation', handler: getBucketLocation },
  { name: 'GetBucketAcl', method: 'GET', target: 'bucket', subresource: 'acl', permission: 's3:GetBucketAcl', handler: getBucketAcl },
  { name: 'GetBucketVersioning', method: 'GET', target: 'bucket', subresource: 'versioning', permission: 's3:GetBucketVersioning', handler: getBucketVersioning },
  { name: 'ListMultipartUploads', method: 'GET', target: 'bucket', subresource: 'uploads', permission: 's3:ListBucketMultipartUploads', handler: listMultipartUploads },
  { name: 'GetBucketPolicy', method: 'GET', target: 'bucket', subresource: 'policy', permission: 's3:GetBucketPolicy', handler: getBucketPolicy },
  { name: 'GetBucketPolicyStatus', method: 'GET', target: 'bucket', subresource: 'policyStatus', permission: 's3:GetBucketPolicyStatus', handler: getBucketPolicyStatus },
  { name: 'GetPublicAccessBlock', method: 'GET', target: 'bucket', subresource: 'publicAccessBlock', permission: 's3:GetBucketPublicAccessBlock', handler: getPublicAccessBlock },
  { name: 'GetBucketCors', method: 'GET', target: 'bucket', subresource: 'cors', permission: 's3:GetBucketCORS', handler: getBucketCors },
  { name: 'GetBucketNotificationConfiguration', method: 'GET', target: 'bucket', subresource: 'notification', permission: 's3:GetBucketNotification', handler: getBucketNotificationConfiguration },
  { name: 'GetBucketLifecycleConfiguration', method: 'GET', target: 'bucket', subresource: 'lifecycle', permission: 's3:GetLifecycleConfiguration', handler: getBucketLifecycleConfiguration },
  { name: 'GetBucketEncryption', method: 'GET', target: 'bucket', subresource: 'encryption', permission: 's3:GetEncryptionConfiguration', handler: getBucketEncryption },
  { name: 'GetBucketTagging', method: 'GET', target: 'bucket', subresource: 'tagging', permission: 's3:GetBucketTagging', handler: getBucketTagging },
  { name: 'GetBucketWebsite', method: 'GET', target: 'bucket', subresource: 'website', permission: 's3:GetBucketWebsite', handler: getBucketWebsite },
  { name: 'GetObjectLockConfiguration', method: 'GET', target: 'bucket', subresource: 'object-lock', permission: 's3:GetBucketObjectLockConfiguration', handler: getObjectLockConfiguration },
  { name: 'GetBucketOwnershipControls', method: 'GET', target: 'bucket', subresource: 'ownershipControls', permission: 's3:GetBucketOwnershipControls', handler: getBucketOwnershipControls },
  { name: 'ListObjectVersions', method: 'GET', target: 'bucket', subresource: 'versions', permission: 's3:ListBucketVersions', handler: listObjectVersions },
  { name: 'ListObjectsV2', method: 'GET', target: 'bucket', query: { 'list-type': '2' }, permission: 's3:ListBucket', handler: listObjectsV2 },
  { name: 'ListObjects', method: 'GET', target: 'bucket', permission: 's3:ListBucket', handler: listObjects },
  // Object-level.
  { name: 'UploadPartCopy', method: 'PUT', target: 'object', query: PART, copySource: true, encryption: 'part', permission: 's3:PutObject', sourcePermission: 's3:GetObject', handler: uploadPartCopy },
  { name: 'UploadPart', method: 'PUT', target: 'object', query: PART, encryption: 'part', permission: 's3:PutObject', handler: uploadPart },
  { name: 'CopyObject', method: 'PUT', target: 'object', copySource: true, encryption: 'write', permission: 's3:PutObject', sourcePermission: 's3:GetObject', handler: copyObject },
  { name: 'PutObjectTagging', method: 'PUT', target: 'object', subresource: 'tagging', versionId: true, permission: 's3:PutObjectTagging', handler: putObjectTagging },
  { name: 'PutObjectRetention', method: 'PUT', target: 'object', subresource: 'retention', versionId: true, permission: 's3:PutObjectRetention', handler: putObjectRetention },
  { name: 'PutObjectLegalHold', method: 'PUT', target: 'object', subresource: 'legal-hold', versionId: true, permission: 's3:PutObjectLegalHold', handler: putObjectLegalHold },
  { name: 'PutObjectAcl', method: 'PUT', target: 'object', subresource: 'acl', versionId: true, permission: 's3:PutObjectAcl', handler: putObjectAcl },
  { name: 'PutObject', method: 'PUT', target: 'object', encryption: 'write', permission: 's3:PutObject', handler: putObject },
  { name: 'GetObjectAcl', method: 'GET', target: 'object', subresource: 'acl', versionId: true, permission: 's3:GetObjectAcl', handler: getObjectAcl },
  { name: 'GetObjectAttributes', method: 'GET', target: 'object', subresource: 'attributes', encryption: 'read', versionId: true, permission: 's3:GetObjectAttributes', handler: getObjectAttributes },
  { name: 'GetObjectTagging', method: 'GET', target: 'object', subresource: 'tagging', versionId: true, permission: 's3:GetObjectTagging', handler: getObjectTagging },
  { name: 'GetObjectRetention', method: 'GET', target: 'object', subresource: 'retention', versionId: true, permission: 's3:GetObjectRetention', handler: getObjectRetention },
  { name: 'GetObjectLegalHold', method: 'GET', target: 'object', subresource: 'legal-hold', versionId: true, permission: 's3:GetObjectLegalHold', handler: getObjectLegalHold },
  { name: 'ListParts', method: 'GET', target: 'object', query: UPLOAD, permission: 's3:ListMultipartUploadParts', handler: listParts },
  { name: 'GetObject', method: 'GET', target: 'object', encryption: 'read', versionId: true, permission: 's3:GetObject', handler: getObject },
  { name: 'HeadObject', method: 'HEAD', target: 'object', encryption: 'read', versionId: true, permission: 's3:GetObject', handler: headObject },
  { name: 'AbortMultipartUpload', method: 'DELETE', target: 'object', query: UPLOAD, permission: 's3:AbortMultipartUpload', handler: abortMultipartUpload },
  { name: 'DeleteObjectTagging', method: 'DELETE', target: 'object', subresource: 'tagging', versionId: true, permission: 's3:DeleteObjectTagging', handler: deleteObjectTagging },
  { name: 'DeleteObject', method: 'DELETE', target: 'object', versionId: true, permission: 's3:DeleteObject', handler: deleteObject },
  { name: 'CreateMultipartUpload', method: 'POST', target: 'object', subresource: 'uploads', encryption: 'write', permission: 's3:PutObject', handler: createMultipartUpload },
  { name: 'CompleteMultipartUpload', method: 'POST', target: 'object', query: UPLOAD, permission: 's3:PutObject', handler: completeMultipartUpload },
];

const BY_NAME = new Map(OPERATIONS.map((operation) => [operation.name, operation]));

/**
 * The row of `name`.
 *
 * @throws Error when the table has no such row (a test keeps every name in it).
 */
export function operationNamed(name: OperationName): S3Operation {
  const operation = BY_NAME.get(name);
  if (!operation) throw new Error(`no operation ${name} in OPERATIONS`);
  return operation;
}
