/**
 * @module @strata/object-layer
 *
 * S3 object semantics (buckets, PUT/GET/HEAD/DELETE, copy, conditional requests, ranges,
 * multipart uploads, listings) over a `@strata/metastore-core` store and `@strata/backend-pool`
 * backends. No HTTP: the gateway parses requests, calls this layer and renders the `S3Error`s
 * it throws.
 *
 * @example
 * ```ts
 * import { createObjectLayer } from '@strata/object-layer';
 *
 * const layer = createObjectLayer({ store, backends: [backend], region: 'us-east-1' });
 * await layer.createBucket({ name: 'photos', owner: 'tenant-1' });
 * await layer.putObject({ bucket: 'photos', key: 'cat.jpg', body, contentLength: 1234 });
 * const { body: read } = await layer.getObject({ bucket: 'photos', key: 'cat.jpg' });
 * ```
 */
export { ObjectLayer, createObjectLayer } from './object-layer.js';
export { createWriteId, parseWriteIdTime, WRITE_ID_LENGTH, writeIdHex } from './write-id.js';
export { parseRange, resolveRange, serializeRange } from './range.js';
export { isValidBucketName, assertValidBucketName } from './bucket-name.js';
export { DEFAULT_PUBLIC_ACCESS_BLOCK } from './bucket-access.js';
export {
  evaluateReadConditions,
  assertReadConditions,
  assertCopySourceConditions,
  etagListMatches,
  normalizeEtag,
} from './conditions.js';
export type { ReadConditionOutcome } from './conditions.js';
export { HashingStream } from './hashing-stream.js';
export type { HashingStreamOptions } from './hashing-stream.js';
export { multipartEtag } from './multipart/multipart-etag.js';
export { MAX_PART_NUMBER, MAX_PART_SIZE, MIN_PART_SIZE } from './internal/limits.js';
export { invalidVersionId } from './internal/versions.js';
export {
  NoWritableBackendError,
  NoCapacityError,
  MetastoreDownError,
  IntentExpiredError,
  UnknownBackendError,
  ObjectDataLostError,
  NoKeyringError,
  s3ErrorCodeOf,
} from './errors.js';
export type { LostCopy } from './errors.js';
export { PLACEMENT_STRATEGIES, REPLICATION_MODES } from './types.js';
export type { CreateBucketInput } from './buckets.js';
export type { ReplicateCopyInput, ReplicateCopyOutcome } from './replicate-copy.js';
export type { EvacuateCopyInput, EvacuateCopyOutcome } from './evacuate-copy.js';
export { MAX_REPORTED_FAILURES, ROTATE_KEYS_PAGE_SIZE, rotateKeys } from './rotate-keys.js';
export type {
  RotateKeysContext,
  RotateKeysCounts,
  RotateKeysCursor,
  RotateKeysFailure,
  RotateKeysOptions,
  RotateKeysProgress,
  RotateKeysResult,
} from './rotate-keys.js';
export type { CopyProblem, ScrubCopyInput, ScrubCopyOutcome } from './scrub-copy.js';
export type { TrimCopyInput, TrimCopyOutcome } from './trim-copy.js';
export type { DeleteObjectInput, DeleteObjectOutput, DeleteObjectsInput } from './delete-object.js';
export type { CreateMultipartUploadResult } from './multipart/create-upload.js';
export type { UploadPartResult } from './multipart/upload-part.js';
export type { UploadPartCopyResult } from './multipart/upload-part-copy.js';
export type { ListPartsInput, ListPartsOutput } from './multipart/list-uploads.js';
export { openReadCache } from './read-cache/read-cache.js';
export type {
  BucketCacheStats,
  ReadCache,
  ReadCacheOptions,
  ReadCacheStats,
} from './read-cache/read-cache.js';
export type { CachedBlob } from './read-cache/cached-blob.js';
export type { DiskTierStats } from './read-cache/disk-tier.js';
export { toObjectAttributes } from './get-object-attributes.js';
export type { GetObjectTaggingOutput } from './get-object-tagging.js';
export type { PutObjectRetentionInput } from './object-retention.js';
export { CORS_METHODS, MAX_CORS_RULES, toCorsRules } from './cors-rules.js';
export { MAX_LIFECYCLE_RULES, toLifecycleRules } from './lifecycle-rules.js';
export { NOTIFICATION_EVENT_FAMILIES, toNotificationRules } from './notification-rules.js';
export type { NotificationTargetResolver } from './notification-rules.js';
export type { RequestOrigin, WithOrigin } from './request-origin.js';
export {
  LIFECYCLE_DAY_MS,
  abortDateOf,
  expirationHeader,
  expiryOf,
  lifecycleDueDate,
  matchesLifecycleFilter,
  rulesFor,
} from './lifecycle-expiry.js';
export type { LifecycleSubject, ObjectExpiry } from './lifecycle-expiry.js';
export { toBucketEncryption } from './bucket-encryption.js';
export type { BucketEncryption, ObjectEncryption } from '@strata/metastore-core';
export {
  MAX_BUCKET_TAGS,
  toBucketTags,
  MAX_OBJECT_TAGS,
  MAX_TAG_KEY_LENGTH,
  MAX_TAG_VALUE_LENGTH,
  toObjectTags,
  toTagSet,
} from './tag-sets.js';
export type { GetObjectAttributesOutput } from './get-object-attributes.js';
export { resolveChecksumType } from './multipart/multipart-checksum.js';
export type { UploadRef } from './multipart/load-upload.js';
export type {
  ObjectLayerConfig,
  MissingCopyEvent,
  BucketPolicy,
  CachePolicy,
  PlacementStrategy,
  ReplicationMode,
  ReplicationPolicy,
  GetObjectAttributesInput,
  ObjectTaggingInput,
  PutObjectTaggingInput,
  RangeSpec,
  ReadConditions,
  WriteConditions,
  ObjectMetadataInput,
  PutObjectInput,
  PutObjectResult,
  GetObjectInput,
  HeadObjectOutput,
  GetObjectOutput,
  CopyObjectInput,
  DeleteObjectsEntry,
  CreateMultipartUploadInput,
  UploadPartInput,
  UploadPartCopyInput,
  CompletePartInput,
  CompleteMultipartUploadInput,
  CustomerKey,
  WriteEncryption,
  WriteLockInput,
  LockTarget,
  PutObjectLegalHoldInput,
  Bucket,
  CorsRule,
  LifecycleRule,
  ListObjectsPage,
  ListPartsPage,
  ListUploadsPage,
  ObjectRecord,
} from './types.js';
