/**
 * `@strata/s3-xml`: the S3 error table and `S3Error`, serializers for the XML bodies S3 returns,
 * and strict parsers for the XML bodies S3 accepts.
 *
 * Serializers take plain camelCase objects with `Date` times and unquoted ETags and return a
 * whole document string. Parsers take a body the caller has already read under a size cap and
 * throw `S3Error('MalformedXML')` for anything they cannot trust.
 *
 * @example
 * ```ts
 * import { S3Error, serializeError, parseDeleteObjects } from '@strata/s3-xml';
 *
 * const body = serializeError(new S3Error('NoSuchKey'), { resource: '/b/k', requestId: 'R1' });
 * const { objects } = parseDeleteObjects('<Delete><Object><Key>k</Key></Object></Delete>');
 * ```
 *
 * @module
 */
export { S3_ERRORS, S3_ERROR_CODES, isS3ErrorCode } from './s3-errors.js';
export type { S3ErrorCode } from './s3-errors.js';
export { S3Error, S3_ERROR_BRAND, isS3Error } from './s3-error.js';
export type { S3ErrorOptions } from './s3-error.js';
export { serializeError } from './serialize-error.js';
export type { ErrorContext } from './serialize-error.js';
export { escapeXml } from './escape-xml.js';
export { s3UrlEncode } from './internal/s3-url-encode.js';
export { CHECKSUM_ALGORITHMS, CHECKSUM_TYPES } from './types.js';
export type { ChecksumAlgorithm, ChecksumType, Checksums, EncodingType, Owner } from './types.js';
export type { ListedObject, ListedVersion } from './internal/list-entries.js';
export { serializeListBuckets } from './serialize-list-buckets.js';
export type { ListBucketsResult, ListedBucket } from './serialize-list-buckets.js';
export { serializeListObjectsV1 } from './serialize-list-objects-v1.js';
export type { ListObjectsV1Result } from './serialize-list-objects-v1.js';
export { serializeListObjectsV2 } from './serialize-list-objects-v2.js';
export type { ListObjectsV2Result } from './serialize-list-objects-v2.js';
export { serializeListObjectVersions } from './serialize-list-object-versions.js';
export type { ListObjectVersionsResult } from './serialize-list-object-versions.js';
export {
  serializeCopyObjectResult,
  serializeCopyPartResult,
} from './serialize-copy-object-result.js';
export type { CopyResult } from './serialize-copy-object-result.js';
export { serializeInitiateMultipartUploadResult } from './serialize-initiate-multipart-upload-result.js';
export type { InitiateMultipartUploadResult } from './serialize-initiate-multipart-upload-result.js';
export { serializeCompleteMultipartUploadResult } from './serialize-complete-multipart-upload-result.js';
export type { CompleteMultipartUploadResult } from './serialize-complete-multipart-upload-result.js';
export { serializeListParts } from './serialize-list-parts.js';
export type { ListPartsResult, ListedPart } from './serialize-list-parts.js';
export { serializeListMultipartUploads } from './serialize-list-multipart-uploads.js';
export type {
  ListMultipartUploadsResult,
  ListedUpload,
} from './serialize-list-multipart-uploads.js';
export { serializeDeleteResult } from './serialize-delete-result.js';
export type { DeleteResult, DeletedEntry, DeleteErrorEntry } from './serialize-delete-result.js';
export { serializeLocationConstraint } from './serialize-location-constraint.js';
export { serializeAccessControlPolicy } from './serialize-access-control-policy.js';
export {
  VERSIONING_STATUSES,
  serializeVersioningConfiguration,
} from './serialize-versioning-configuration.js';
export type { VersioningStatus } from './serialize-versioning-configuration.js';
export {
  MFA_DELETE_STATUSES,
  parseVersioningConfiguration,
} from './parse-versioning-configuration.js';
export type {
  MfaDeleteStatus,
  VersioningConfigurationXml,
} from './parse-versioning-configuration.js';
export { MAX_DELETE_OBJECTS, parseDeleteObjects } from './parse-delete-objects.js';
export type { DeleteObjectsEntry, DeleteObjectsRequest } from './parse-delete-objects.js';
export {
  MAX_PART_NUMBER,
  parseCompleteMultipartUpload,
} from './parse-complete-multipart-upload.js';
export type {
  CompleteMultipartUploadRequest,
  CompletedPart,
} from './parse-complete-multipart-upload.js';
export { parseCreateBucketConfiguration } from './parse-create-bucket-configuration.js';
export { parseCorsConfiguration } from './parse-cors-configuration.js';
export type { CorsRuleXml } from './parse-cors-configuration.js';
export { serializeCorsConfiguration } from './serialize-cors-configuration.js';
export type { CorsRuleInput } from './serialize-cors-configuration.js';
export { parseLifecycleConfiguration } from './parse-lifecycle-configuration.js';
export type {
  LifecycleExpirationXml,
  LifecycleFilterXml,
  LifecycleNoncurrentExpirationXml,
  LifecycleNoncurrentTransitionXml,
  LifecycleRuleXml,
  LifecycleTagXml,
  LifecycleTransitionXml,
} from './parse-lifecycle-configuration.js';
export { serializeLifecycleConfiguration } from './serialize-lifecycle-configuration.js';
export type {
  LifecycleFilterOutput,
  LifecycleRuleOutput,
} from './serialize-lifecycle-configuration.js';
export {
  SSE_ALGORITHMS,
  parseServerSideEncryptionConfiguration,
} from './parse-server-side-encryption-configuration.js';
export type {
  ServerSideEncryptionRuleXml,
  SseAlgorithm,
} from './parse-server-side-encryption-configuration.js';
export { serializeServerSideEncryptionConfiguration } from './serialize-server-side-encryption-configuration.js';
export type { ServerSideEncryptionRuleInput } from './serialize-server-side-encryption-configuration.js';
export { parseTagging } from './parse-tagging.js';
export type { Tag } from './parse-tagging.js';
export { serializeTagging } from './serialize-tagging.js';
export {
  MAX_DEFAULT_RETENTION_DAYS,
  MAX_DEFAULT_RETENTION_YEARS,
  OBJECT_LOCK_MODES,
  parseObjectLockConfiguration,
} from './parse-object-lock-configuration.js';
export type {
  DefaultRetentionXml,
  ObjectLockConfigurationXml,
  ObjectLockMode,
} from './parse-object-lock-configuration.js';
export { serializeObjectLockConfiguration } from './serialize-object-lock-configuration.js';
export { parseTimestamp } from './parse-timestamp.js';
export { parseObjectRetention } from './parse-object-retention.js';
export type { ObjectRetentionXml } from './parse-object-retention.js';
export { serializeObjectRetention } from './serialize-object-retention.js';
export type { ObjectRetentionInput } from './serialize-object-retention.js';
export { LEGAL_HOLD_STATUSES, parseObjectLegalHold } from './parse-object-legal-hold.js';
export type { LegalHoldStatus, ObjectLegalHoldXml } from './parse-object-legal-hold.js';
export { serializeObjectLegalHold } from './serialize-object-legal-hold.js';
export { OBJECT_OWNERSHIP_VALUES, parseOwnershipControls } from './parse-ownership-controls.js';
export type { ObjectOwnershipValue } from './parse-ownership-controls.js';
export { serializeOwnershipControls } from './serialize-ownership-controls.js';
export {
  NOTIFICATION_ELEMENTS,
  parseNotificationConfiguration,
} from './parse-notification-configuration.js';
export type {
  NotificationConfigurationXml,
  NotificationDestinationXml,
  NotificationFilterRuleXml,
  NotificationKind,
} from './parse-notification-configuration.js';
export { serializeNotificationConfiguration } from './serialize-notification-configuration.js';
export type { NotificationDestinationInput } from './serialize-notification-configuration.js';
export { parsePublicAccessBlockConfiguration } from './parse-public-access-block-configuration.js';
export type { PublicAccessBlockConfigurationXml } from './parse-public-access-block-configuration.js';
export { serializePublicAccessBlockConfiguration } from './serialize-public-access-block-configuration.js';
export { serializePolicyStatus } from './serialize-policy-status.js';
export type { PolicyStatusInput } from './serialize-policy-status.js';
export type { CreateBucketConfiguration } from './parse-create-bucket-configuration.js';
export {
  OBJECT_ATTRIBUTES,
  parseObjectAttributes,
  serializeGetObjectAttributes,
} from './serialize-get-object-attributes.js';
export type {
  GetObjectAttributesResult,
  ObjectAttribute,
  ObjectAttributesPart,
  ObjectAttributesParts,
} from './serialize-get-object-attributes.js';
export { serializePostResponse } from './serialize-post-response.js';
export type { PostResponse } from './serialize-post-response.js';
