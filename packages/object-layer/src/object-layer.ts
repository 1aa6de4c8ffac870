import type {
  CorsRuleXml,
  LifecycleRuleXml,
  NotificationConfigurationXml,
  ServerSideEncryptionRuleXml,
  Tag,
  VersioningConfigurationXml,
} from '@strata/s3-xml';
import type { Readable } from 'node:stream';
import type {
  Bucket,
  BucketEncryption,
  BucketObjectLock,
  CorsRule,
  LifecycleRule,
  ListObjectsPage,
  ListObjectsQuery,
  ListUploadsPage,
  ListUploadsQuery,
  ListVersionsPage,
  ListVersionsQuery,
  NotificationRule,
  ObjectOwnership,
  ObjectRetention,
  PublicAccessBlock,
} from '@strata/metastore-core';
import * as buckets from './buckets.js';
import type { CreateBucketInput } from './buckets.js';
import { copyObject } from './copy-object.js';
import {
  deleteObject,
  deleteObjects,
  type DeleteObjectInput,
  type DeleteObjectOutput,
  type DeleteObjectsInput,
} from './delete-object.js';
import type { BackendPool } from '@strata/backend-pool';
import { evacuateCopy, type EvacuateCopyInput, type EvacuateCopyOutcome } from './evacuate-copy.js';
import { scrubCopy, type ScrubCopyInput, type ScrubCopyOutcome } from './scrub-copy.js';
import { trimCopy, type TrimCopyInput, type TrimCopyOutcome } from './trim-copy.js';
import { getObject, headObject } from './get-object.js';
import { degradedGet, degradedHead } from './internal/degraded-read.js';
import { isMetastoreDown } from './internal/metastore-health.js';
import {
  replicateCopy,
  type ReplicateCopyInput,
  type ReplicateCopyOutcome,
} from './replicate-copy.js';
import { getObjectAttributes, type GetObjectAttributesOutput } from './get-object-attributes.js';
import { createLayerContext, type LayerContext } from './internal/context.js';
import { listObjects } from './list-objects.js';
import { listObjectVersions } from './list-object-versions.js';
import { putBucketVersioning } from './bucket-versioning.js';
import { getObjectLockConfiguration, putObjectLockConfiguration } from './bucket-object-lock.js';
import { getObjectLegalHold, putObjectLegalHold } from './object-legal-hold.js';
import {
  getObjectRetention,
  putObjectRetention,
  type PutObjectRetentionInput,
} from './object-retention.js';
import { abortMultipartUpload } from './multipart/abort-upload.js';
import { completeMultipartUpload } from './multipart/complete-upload.js';
import {
  createMultipartUpload,
  type CreateMultipartUploadResult,
} from './multipart/create-upload.js';
import {
  listMultipartUploads,
  listParts,
  type ListPartsInput,
  type ListPartsOutput,
} from './multipart/list-uploads.js';
import type { UploadRef } from './multipart/load-upload.js';
import { uploadPartCopy, type UploadPartCopyResult } from './multipart/upload-part-copy.js';
import { uploadPart, type UploadPartResult } from './multipart/upload-part.js';
import { putObject } from './put-object.js';
import { rotateKeys, type RotateKeysOptions, type RotateKeysResult } from './rotate-keys.js';
import { deleteObjectTagging } from './delete-object-tagging.js';
import { deleteBucketTagging, getBucketTagging, putBucketTagging } from './bucket-tagging.js';
import { deleteBucketCors, getBucketCors, putBucketCors } from './bucket-cors.js';
import { getBucketNotification, putBucketNotification } from './bucket-notification.js';
import type { NotificationTargetResolver } from './notification-rules.js';
import {
  deleteBucketLifecycle,
  getBucketLifecycle,
  putBucketLifecycle,
} from './bucket-lifecycle.js';
import * as access from './bucket-access.js';
import {
  deleteBucketEncryption,
  getBucketEncryption,
  putBucketEncryption,
} from './bucket-encryption.js';
import { getObjectTagging, type GetObjectTaggingOutput } from './get-object-tagging.js';
import { putObjectTagging } from './put-object-tagging.js';
import type {
  CompleteMultipartUploadInput,
  CopyObjectInput,
  CreateMultipartUploadInput,
  GetObjectAttributesInput,
  DeleteObjectsEntry,
  ObjectTaggingInput,
  PutObjectTaggingInput,
  GetObjectInput,
  GetObjectOutput,
  HeadObjectOutput,
  ObjectLayerConfig,
  PutObjectInput,
  PutObjectResult,
  UploadPartCopyInput,
  UploadPartInput,
  LockTarget,
  PutObjectLegalHoldInput,
} from './types.js';

/**
 * S3 object semantics over a metastore and backends; no HTTP. Every S3 outcome is thrown as an
 * `S3Error` (from `@strata/s3-xml`); backend and metastore failures propagate unchanged for the
 * gateway to map to 503.
 *
 * The layer owns nothing: the caller opens and closes the store and the backends, so there is no
 * `close()`.
 */
export class ObjectLayer {
  readonly #ctx: LayerContext;

  /** @throws TypeError for an invalid config (neither or both of pool and backends, non-positive TTL). */
  constructor(config: ObjectLayerConfig) {
    this.#ctx = createLayerContext(config);
  }

  /** CreateBucket. @throws S3Error InvalidBucketName, BucketAlreadyOwnedByYou, BucketAlreadyExists */
  createBucket(input: CreateBucketInput): Promise<Bucket> {
    return this.#run(() => buckets.createBucket(this.#ctx, input));
  }

  /** HeadBucket. @throws S3Error NoSuchBucket */
  getBucket(name: string): Promise<Bucket> {
    return this.#run(() => buckets.getBucket(this.#ctx, name));
  }

  /** ListBuckets of one owner, by name. */
  listBuckets(owner: string): Promise<Bucket[]> {
    return this.#run(() => buckets.listBuckets(this.#ctx, owner));
  }

  /** DeleteBucket; in-progress uploads are aborted with it. @throws S3Error NoSuchBucket, BucketNotEmpty */
  deleteBucket(name: string): Promise<void> {
    return this.#run(() => buckets.deleteBucket(this.#ctx, name));
  }

  /** GetBucketCors. @throws S3Error NoSuchBucket, NoSuchCORSConfiguration */
  getBucketCors(bucket: string): Promise<readonly CorsRule[]> {
    return this.#run(() => getBucketCors(this.#ctx, bucket));
  }

  /** PutBucketCors: replaces the rules. @throws S3Error InvalidRequest, NoSuchBucket */
  putBucketCors(bucket: string, rules: readonly CorsRuleXml[]): Promise<void> {
    return this.#run(() => putBucketCors(this.#ctx, bucket, rules));
  }

  /** DeleteBucketCors. @throws S3Error NoSuchBucket */
  deleteBucketCors(bucket: string): Promise<void> {
    return this.#run(() => deleteBucketCors(this.#ctx, bucket));
  }

  /**
   * GetBucketLifecycleConfiguration.
   *
   * @throws S3Error NoSuchBucket, NoSuchLifecycleConfiguration
   */
  getBucketLifecycle(bucket: string): Promise<readonly LifecycleRule[]> {
    return this.#run(() => getBucketLifecycle(this.#ctx, bucket));
  }

  /**
   * PutBucketLifecycleConfiguration: replaces the rules, resolving them as stored (with the ids
   * S3 assigns to rules that had none).
   *
   * @throws S3Error MalformedXML, InvalidArgument, InvalidRequest, NotImplemented, NoSuchBucket
   */
  putBucketLifecycle(
    bucket: string,
    rules: readonly LifecycleRuleXml[],
  ): Promise<readonly LifecycleRule[]> {
    return this.#run(() => putBucketLifecycle(this.#ctx, bucket, rules));
  }

  /** DeleteBucketLifecycle. @throws S3Error NoSuchBucket */
  deleteBucketLifecycle(bucket: string): Promise<void> {
    return this.#run(() => deleteBucketLifecycle(this.#ctx, bucket));
  }

  /** GetBucketNotificationConfiguration (none is an empty list). @throws S3Error NoSuchBucket */
  getBucketNotification(bucket: string): Promise<readonly NotificationRule[]> {
    return this.#run(() => getBucketNotification(this.#ctx, bucket));
  }

  /**
   * PutBucketNotificationConfiguration: replaces the configurations, each destination ARN
   * resolved to a webhook target by `resolve`; resolves them as stored.
   *
   * @throws S3Error InvalidArgument, NotImplemented, NoSuchBucket
   */
  putBucketNotification(
    bucket: string,
    config: NotificationConfigurationXml,
    resolve: NotificationTargetResolver,
  ): Promise<readonly NotificationRule[]> {
    return this.#run(() => putBucketNotification(this.#ctx, bucket, config, resolve));
  }

  /** GetBucketPolicy: the document as put. @throws S3Error NoSuchBucket, NoSuchBucketPolicy */
  getBucketPolicy(bucket: string): Promise<string> {
    return this.#run(() => access.getBucketPolicy(this.#ctx, bucket));
  }

  /** GetBucketPolicyStatus. @throws S3Error NoSuchBucket, NoSuchBucketPolicy */
  getBucketPolicyStatus(bucket: string): Promise<{ isPublic: boolean }> {
    return this.#run(() => access.getBucketPolicyStatus(this.#ctx, bucket));
  }

  /** PutBucketPolicy, validated. @throws S3Error MalformedPolicy, AccessDenied, NoSuchBucket */
  putBucketPolicy(bucket: string, policy: string): Promise<void> {
    return this.#run(() => access.putBucketPolicy(this.#ctx, bucket, policy));
  }

  /** DeleteBucketPolicy. @throws S3Error NoSuchBucket */
  deleteBucketPolicy(bucket: string): Promise<void> {
    return this.#run(() => access.deleteBucketPolicy(this.#ctx, bucket));
  }

  /** GetPublicAccessBlock. @throws S3Error NoSuchBucket, NoSuchPublicAccessBlockConfiguration */
  getPublicAccessBlock(bucket: string): Promise<PublicAccessBlock> {
    return this.#run(() => access.getPublicAccessBlock(this.#ctx, bucket));
  }

  /** PutPublicAccessBlock, or (with `undefined`) DeletePublicAccessBlock. @throws S3Error NoSuchBucket */
  putPublicAccessBlock(bucket: string, block: PublicAccessBlock | undefined): Promise<void> {
    return this.#run(() => access.putPublicAccessBlock(this.#ctx, bucket, block));
  }

  /** GetBucketOwnershipControls. @throws S3Error NoSuchBucket, OwnershipControlsNotFoundError */
  getBucketOwnershipControls(bucket: string): Promise<ObjectOwnership> {
    return this.#run(() => access.getBucketOwnershipControls(this.#ctx, bucket));
  }

  /** Put (or, with `undefined`, Delete) BucketOwnershipControls. @throws S3Error NoSuchBucket */
  putBucketOwnershipControls(
    bucket: string,
    ownership: ObjectOwnership | undefined,
  ): Promise<void> {
    return this.#run(() => access.putBucketOwnershipControls(this.#ctx, bucket, ownership));
  }

  /**
   * GetBucketEncryption: the default encryption rule.
   *
   * @throws S3Error NoSuchBucket, ServerSideEncryptionConfigurationNotFoundError
   */
  getBucketEncryption(bucket: string): Promise<BucketEncryption> {
    return this.#run(() => getBucketEncryption(this.#ctx, bucket));
  }

  /**
   * PutBucketEncryption: replaces the default encryption rule.
   *
   * @throws S3Error NotImplemented (no keyring), InvalidArgument, NoSuchBucket
   */
  putBucketEncryption(bucket: string, rule: ServerSideEncryptionRuleXml): Promise<void> {
    return this.#run(() => putBucketEncryption(this.#ctx, bucket, rule));
  }

  /** DeleteBucketEncryption. @throws S3Error NoSuchBucket */
  deleteBucketEncryption(bucket: string): Promise<void> {
    return this.#run(() => deleteBucketEncryption(this.#ctx, bucket));
  }

  /** GetBucketTagging. @throws S3Error NoSuchBucket, NoSuchTagSet */
  getBucketTagging(bucket: string): Promise<Tag[]> {
    return this.#run(() => getBucketTagging(this.#ctx, bucket));
  }

  /** PutBucketTagging: replaces the tag set. @throws S3Error BadRequest, InvalidTag, NoSuchBucket */
  putBucketTagging(bucket: string, tags: readonly Tag[]): Promise<void> {
    return this.#run(() => putBucketTagging(this.#ctx, bucket, tags));
  }

  /** DeleteBucketTagging. @throws S3Error NoSuchBucket */
  deleteBucketTagging(bucket: string): Promise<void> {
    return this.#run(() => deleteBucketTagging(this.#ctx, bucket));
  }

  /** PutObject (streams the body into a fresh blob, commits atomically). */
  putObject(input: PutObjectInput): Promise<PutObjectResult> {
    return this.#withBody(input.body, () => putObject(this.#ctx, input));
  }

  /**
   * HeadObject: metadata after preconditions, with the resolved range or part. While the
   * metastore does not answer, it is answered from the backends (degraded mode, `degraded: true`).
   */
  headObject(input: GetObjectInput): Promise<HeadObjectOutput> {
    return this.#read(
      () => headObject(this.#ctx, input),
      () => degradedHead(this.#ctx, input),
    );
  }

  /**
   * GetObject: as {@link ObjectLayer.headObject}, plus the body (consume or destroy it). Reads fail
   * over between copies, also mid-stream; in degraded mode the newest blob of the key is served.
   */
  getObject(input: GetObjectInput): Promise<GetObjectOutput> {
    return this.#read(
      () => getObject(this.#ctx, input),
      () => degradedGet(this.#ctx, input),
    );
  }

  /** GetObjectAttributes: requested attributes of the current version. @throws S3Error NoSuchBucket, NoSuchKey */
  getObjectAttributes(input: GetObjectAttributesInput): Promise<GetObjectAttributesOutput> {
    return this.#run(() => getObjectAttributes(this.#ctx, input));
  }

  /** GetObjectTagging: the current version's tags. @throws S3Error NoSuchBucket, NoSuchKey */
  getObjectTagging(input: ObjectTaggingInput): Promise<GetObjectTaggingOutput> {
    return this.#run(() => getObjectTagging(this.#ctx, input));
  }

  /**
   * PutObjectTagging: replaces the current version's tags.
   * @throws S3Error BadRequest, InvalidTag, NoSuchBucket, NoSuchKey
   */
  putObjectTagging(input: PutObjectTaggingInput): Promise<{ versionId: string }> {
    return this.#run(() => putObjectTagging(this.#ctx, input));
  }

  /** DeleteObjectTagging: removes the current version's tags. @throws S3Error NoSuchBucket, NoSuchKey */
  deleteObjectTagging(input: ObjectTaggingInput): Promise<{ versionId: string }> {
    return this.#run(() => deleteObjectTagging(this.#ctx, input));
  }

  /**
   * DeleteObject: the key, or in a versioned bucket a new delete marker, or with `versionId`
   * that version for good; a missing key or version succeeds.
   *
   * @throws S3Error NoSuchBucket, InvalidArgument (a malformed version id)
   */
  deleteObject(input: DeleteObjectInput): Promise<DeleteObjectOutput> {
    return this.#run(() => deleteObject(this.#ctx, input));
  }

  /** DeleteObjects: per-key outcomes in input order. @throws S3Error NoSuchBucket */
  deleteObjects(input: DeleteObjectsInput): Promise<DeleteObjectsEntry[]> {
    return this.#run(() => deleteObjects(this.#ctx, input));
  }

  /** CopyObject into a fresh blob. */
  copyObject(input: CopyObjectInput): Promise<PutObjectResult> {
    return this.#run(() => copyObject(this.#ctx, input));
  }

  /** One page of a listing. @throws S3Error NoSuchBucket */
  listObjects(bucket: string, query: ListObjectsQuery): Promise<ListObjectsPage> {
    return this.#run(() => listObjects(this.#ctx, bucket, query));
  }

  /**
   * ListObjectVersions: one page of versions and delete markers.
   *
   * @throws S3Error NoSuchBucket, InvalidArgument (markers)
   */
  listObjectVersions(bucket: string, query: ListVersionsQuery): Promise<ListVersionsPage> {
    return this.#run(() => listObjectVersions(this.#ctx, bucket, query));
  }

  /** GetBucketVersioning is {@link ObjectLayer.getBucket}'s `versioning`; this sets it. */
  putBucketVersioning(bucket: string, config: VersioningConfigurationXml): Promise<void> {
    return this.#run(() => putBucketVersioning(this.#ctx, bucket, config));
  }

  /**
   * PutObjectLockConfiguration: enables Object Lock on a versioned bucket, or replaces its
   * default retention.
   *
   * @throws S3Error NoSuchBucket, InvalidBucketState (versioning not `Enabled`)
   */
  putObjectLockConfiguration(bucket: string, config: BucketObjectLock): Promise<void> {
    return this.#run(() => putObjectLockConfiguration(this.#ctx, bucket, config));
  }

  /**
   * GetObjectLockConfiguration.
   *
   * @throws S3Error NoSuchBucket, ObjectLockConfigurationNotFoundError
   */
  getObjectLockConfiguration(bucket: string): Promise<BucketObjectLock> {
    return this.#run(() => getObjectLockConfiguration(this.#ctx, bucket));
  }

  /**
   * PutObjectRetention: sets, extends or (with the GOVERNANCE bypass) shortens or removes a
   * version's retention.
   *
   * @throws S3Error InvalidRequest (no Object Lock), InvalidArgument, AccessDenied, NoSuchKey,
   *   NoSuchVersion, MethodNotAllowed
   */
  putObjectRetention(input: PutObjectRetentionInput): Promise<{ versionId: string }> {
    return this.#run(() => putObjectRetention(this.#ctx, input));
  }

  /**
   * GetObjectRetention.
   *
   * @throws S3Error InvalidRequest (no Object Lock), NoSuchObjectLockConfiguration, NoSuchKey,
   *   NoSuchVersion, MethodNotAllowed
   */
  getObjectRetention(
    target: LockTarget,
  ): Promise<{ versionId: string; retention: ObjectRetention }> {
    return this.#run(() => getObjectRetention(this.#ctx, target));
  }

  /**
   * PutObjectLegalHold: turns a version's legal hold on or off.
   *
   * @throws S3Error InvalidRequest (no Object Lock), NoSuchKey, NoSuchVersion, MethodNotAllowed
   */
  putObjectLegalHold(input: PutObjectLegalHoldInput): Promise<{ versionId: string }> {
    return this.#run(() => putObjectLegalHold(this.#ctx, input));
  }

  /**
   * GetObjectLegalHold.
   *
   * @throws S3Error InvalidRequest (no Object Lock), NoSuchObjectLockConfiguration, NoSuchKey,
   *   NoSuchVersion, MethodNotAllowed
   */
  getObjectLegalHold(target: LockTarget): Promise<{ versionId: string; on: boolean }> {
    return this.#run(() => getObjectLegalHold(this.#ctx, target));
  }

  /** CreateMultipartUpload. */
  createMultipartUpload(input: CreateMultipartUploadInput): Promise<CreateMultipartUploadResult> {
    return this.#run(() => createMultipartUpload(this.#ctx, input));
  }

  /** UploadPart. */
  uploadPart(input: UploadPartInput): Promise<UploadPartResult> {
    return this.#withBody(input.body, () => uploadPart(this.#ctx, input));
  }

  /** UploadPartCopy. */
  uploadPartCopy(input: UploadPartCopyInput): Promise<UploadPartCopyResult> {
    return this.#run(() => uploadPartCopy(this.#ctx, input));
  }

  /** CompleteMultipartUpload; a retry of a completed upload answers the same record. */
  completeMultipartUpload(input: CompleteMultipartUploadInput): Promise<PutObjectResult> {
    return this.#run(() => completeMultipartUpload(this.#ctx, input));
  }

  /** AbortMultipartUpload. @throws S3Error NoSuchUpload */
  abortMultipartUpload(input: UploadRef): Promise<void> {
    return this.#run(() => abortMultipartUpload(this.#ctx, input));
  }

  /** ListParts (≤ 1000 a page). @throws S3Error NoSuchUpload */
  listParts(input: ListPartsInput): Promise<ListPartsOutput> {
    return this.#run(() => listParts(this.#ctx, input));
  }

  /** ListMultipartUploads. @throws S3Error NoSuchBucket */
  listMultipartUploads(bucket: string, query: ListUploadsQuery): Promise<ListUploadsPage> {
    return this.#run(() => listMultipartUploads(this.#ctx, bucket, query));
  }

  /**
   * Makes one more copy of a version on another backend (what a replication job owes); a no-op
   * when the version is gone or already has the copy. See `replicateCopy`.
   */
  replicateCopy(input: ReplicateCopyInput): Promise<ReplicateCopyOutcome> {
    return this.#run(() => replicateCopy(this.#ctx, input));
  }

  /**
   * Takes one copy of a version off a backend (draining it), making a replacement first when
   * the others are fewer than the bucket's factor. See `evacuateCopy`.
   */
  evacuateCopy(input: EvacuateCopyInput): Promise<EvacuateCopyOutcome> {
    return this.#run(() => evacuateCopy(this.#ctx, input));
  }

  /**
   * Checks one copy of a current version against its row (size, MD5s of a plaintext version)
   * and repairs a bad one from a copy that checks good. See `scrubCopy`.
   */
  scrubCopy(input: ScrubCopyInput): Promise<ScrubCopyOutcome> {
    return this.#run(() => scrubCopy(this.#ctx, input));
  }

  /**
   * Takes a version's copy on a backend off when it is one more than the bucket's factor, once
   * the copies that stay are found on their backends. See `trimCopy`.
   */
  trimCopy(input: TrimCopyInput): Promise<TrimCopyOutcome> {
    return this.#run(() => trimCopy(this.#ctx, input));
  }

  /**
   * Key rotation: rewraps, under the keyring's current key, the data key of every current object
   * version wrapped with another master key; the data itself is not rewritten (so keep retired
   * keys for recovery from the backends' bytes alone). Idempotent and resumable. See `rotateKeys`.
   *
   * @throws NoKeyringError without a keyring; S3Error NoSuchBucket for an unknown `bucket`.
   */
  rotateKeys(options: RotateKeysOptions = {}): Promise<RotateKeysResult> {
    return this.#run(() => rotateKeys(this.#ctx, options));
  }

  /** The backends this layer writes to and reads from. */
  get pool(): BackendPool {
    return this.#ctx.pool;
  }

  /** True while the metastore is considered unreachable (reads are degraded, writes refused). */
  get degraded(): boolean {
    return this.#ctx.metastore.down;
  }

  /** Runs an operation through the metastore breaker (refused at once while it is open). */
  #run<T>(operation: () => Promise<T>): Promise<T> {
    return this.#ctx.metastore.run(operation);
  }

  /** {@link ObjectLayer.#run} for an operation that owns a body: a refusal destroys it too. */
  async #withBody<T>(body: Readable, operation: () => Promise<T>): Promise<T> {
    // Listen from the moment the body is ours: it may fail (a checksum mismatch, a client abort)
    // while the write still awaits the metastore, long before hashInto pipes it. The error is
    // not lost: pipeline() reports an already-errored stream to whoever reads it.
    body.on('error', ignoreUntilRead);
    try {
      return await this.#run(operation);
    } finally {
      // The contract of every write: the body is consumed or destroyed (a no-op once consumed).
      body.destroy();
    }
  }

  /** A read: normally, or from the backends while the metastore does not answer. */
  async #read<T>(normal: () => Promise<T>, degraded: () => Promise<T>): Promise<T> {
    if (this.#ctx.metastore.down) return degraded();
    try {
      return await this.#ctx.metastore.run(normal);
    } catch (error) {
      if (isMetastoreDown(error)) return degraded();
      throw error;
    }
  }
}

/**
 * Creates an {@link ObjectLayer}.
 *
 * @example
 * ```ts
 * const layer = createObjectLayer({ store, backends: [disk], region: 'us-east-1' });
 * await layer.createBucket({ name: 'photos', owner: 'tenant-1' });
 * const { record } = await layer.putObject({ bucket: 'photos', key: 'a.jpg', body, contentLength });
 * ```
 */
export function createObjectLayer(config: ObjectLayerConfig): ObjectLayer {
  return new ObjectLayer(config);
}

/** The placeholder listener of a body that is not read yet (see `ObjectLayer.#withBody`). */
function ignoreUntilRead(): void {}
