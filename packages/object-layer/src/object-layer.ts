import type {
  Bucket,
  ListObjectsPage,
  ListObjectsQuery,
  ListUploadsPage,
  ListUploadsQuery,
} from '@strata/metastore-core';
import * as buckets from './buckets.js';
import type { CreateBucketInput } from './buckets.js';
import { copyObject } from './copy-object.js';
import {
  deleteObject,
  deleteObjects,
  type DeleteObjectInput,
  type DeleteObjectsInput,
} from './delete-object.js';
import { getObject, headObject } from './get-object.js';
import { getObjectAttributes, type GetObjectAttributesOutput } from './get-object-attributes.js';
import { createLayerContext, type LayerContext } from './internal/context.js';
import { listObjects } from './list-objects.js';
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
import type {
  CompleteMultipartUploadInput,
  CopyObjectInput,
  CreateMultipartUploadInput,
  GetObjectAttributesInput,
  DeleteObjectsEntry,
  GetObjectInput,
  GetObjectOutput,
  HeadObjectOutput,
  ObjectLayerConfig,
  PutObjectInput,
  PutObjectResult,
  UploadPartCopyInput,
  UploadPartInput,
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

  /** @throws TypeError for an invalid config (duplicate backend names, non-positive TTL). */
  constructor(config: ObjectLayerConfig) {
    this.#ctx = createLayerContext(config);
  }

  /** CreateBucket. @throws S3Error InvalidBucketName, BucketAlreadyOwnedByYou, BucketAlreadyExists */
  createBucket(input: CreateBucketInput): Promise<Bucket> {
    return buckets.createBucket(this.#ctx, input);
  }

  /** HeadBucket. @throws S3Error NoSuchBucket */
  getBucket(name: string): Promise<Bucket> {
    return buckets.getBucket(this.#ctx, name);
  }

  /** ListBuckets of one owner, by name. */
  listBuckets(owner: string): Promise<Bucket[]> {
    return buckets.listBuckets(this.#ctx, owner);
  }

  /** DeleteBucket; in-progress uploads are aborted with it. @throws S3Error NoSuchBucket, BucketNotEmpty */
  deleteBucket(name: string): Promise<void> {
    return buckets.deleteBucket(this.#ctx, name);
  }

  /** PutObject (streams the body into a fresh blob, commits atomically). */
  putObject(input: PutObjectInput): Promise<PutObjectResult> {
    return putObject(this.#ctx, input);
  }

  /** HeadObject: metadata after preconditions, with the resolved range or part. */
  headObject(input: GetObjectInput): Promise<HeadObjectOutput> {
    return headObject(this.#ctx, input);
  }

  /** GetObject: as {@link ObjectLayer.headObject}, plus the body (consume or destroy it). */
  getObject(input: GetObjectInput): Promise<GetObjectOutput> {
    return getObject(this.#ctx, input);
  }

  /** GetObjectAttributes: requested attributes of the current version. @throws S3Error NoSuchBucket, NoSuchKey */
  getObjectAttributes(input: GetObjectAttributesInput): Promise<GetObjectAttributesOutput> {
    return getObjectAttributes(this.#ctx, input);
  }

  /** DeleteObject; a missing key succeeds. @throws S3Error NoSuchBucket */
  deleteObject(input: DeleteObjectInput): Promise<void> {
    return deleteObject(this.#ctx, input);
  }

  /** DeleteObjects: per-key outcomes in input order. @throws S3Error NoSuchBucket */
  deleteObjects(input: DeleteObjectsInput): Promise<DeleteObjectsEntry[]> {
    return deleteObjects(this.#ctx, input);
  }

  /** CopyObject into a fresh blob. */
  copyObject(input: CopyObjectInput): Promise<PutObjectResult> {
    return copyObject(this.#ctx, input);
  }

  /** One page of a listing. @throws S3Error NoSuchBucket */
  listObjects(bucket: string, query: ListObjectsQuery): Promise<ListObjectsPage> {
    return listObjects(this.#ctx, bucket, query);
  }

  /** CreateMultipartUpload. */
  createMultipartUpload(input: CreateMultipartUploadInput): Promise<CreateMultipartUploadResult> {
    return createMultipartUpload(this.#ctx, input);
  }

  /** UploadPart. */
  uploadPart(input: UploadPartInput): Promise<UploadPartResult> {
    return uploadPart(this.#ctx, input);
  }

  /** UploadPartCopy. */
  uploadPartCopy(input: UploadPartCopyInput): Promise<UploadPartCopyResult> {
    return uploadPartCopy(this.#ctx, input);
  }

  /** CompleteMultipartUpload; a retry of a completed upload answers the same record. */
  completeMultipartUpload(input: CompleteMultipartUploadInput): Promise<PutObjectResult> {
    return completeMultipartUpload(this.#ctx, input);
  }

  /** AbortMultipartUpload. @throws S3Error NoSuchUpload */
  abortMultipartUpload(input: UploadRef): Promise<void> {
    return abortMultipartUpload(this.#ctx, input);
  }

  /** ListParts (≤ 1000 a page). @throws S3Error NoSuchUpload */
  listParts(input: ListPartsInput): Promise<ListPartsOutput> {
    return listParts(this.#ctx, input);
  }

  /** ListMultipartUploads. @throws S3Error NoSuchBucket */
  listMultipartUploads(bucket: string, query: ListUploadsQuery): Promise<ListUploadsPage> {
    return listMultipartUploads(this.#ctx, bucket, query);
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
