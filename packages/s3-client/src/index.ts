/**
 * `@strata/s3-client`: a lean S3 client on undici and `@smithy/signature-v4`. Keep-alive pools
 * per origin, streaming bodies with backpressure, every retry re-signed, equal-jitter backoff,
 * retries only where safe, per-call `AbortSignal`, first-byte and idle timeouts, multipart with
 * an abort guard, and typed errors.
 *
 * @example
 * ```ts
 * import { createS3Client, isS3ClientError } from '@strata/s3-client';
 *
 * await using s3 = createS3Client({
 *   endpoint: 'http://127.0.0.1:9000',
 *   credentials: { accessKeyId: 'AK', secretAccessKey: 'SK' },
 * });
 * await s3.upload('backups', 'db.tar', createReadStream('db.tar'), { concurrency: 4 });
 * try {
 *   await s3.headObject('backups', 'missing');
 * } catch (err) {
 *   if (!isS3ClientError(err) || err.status !== 404) throw err;
 * }
 * ```
 *
 * @module
 */
export { S3Client, createS3Client } from './s3-client.js';
export { DEFAULT_MAX_TRANSFER_MEMORY, resolveS3ClientConfig } from './s3-client-config.js';
export type {
  ResolvedS3ClientConfig,
  S3ClientConfig,
  S3ClientRetry,
  S3ClientTimeouts,
  S3Credentials,
} from './s3-client-config.js';
export { S3ClientError, isS3ClientError } from './s3-client-error.js';
export type { S3ClientErrorCode, S3ClientErrorInit } from './s3-client-error.js';
export {
  S3TransportError,
  S3_TRANSPORT_ERROR_CODES,
  isS3TransportError,
} from './s3-transport-error.js';
export type { S3TransportErrorCode } from './s3-transport-error.js';
export { S3UploadAbortError, isS3UploadAbortError } from './s3-upload-abort-error.js';
export { S3PartLimitError, isS3PartLimitError } from './s3-part-limit-error.js';
export type { PartSizeSetting } from './s3-part-limit-error.js';
export type { CallOptions, ChecksumValue, ObjectHeaders } from './types.js';
export type { PutObjectOptions, PutObjectResult } from './operations/put-object.js';
export type { ByteRange, GetObjectOptions, GetObjectResult } from './operations/get-object.js';
export type { ListedBucket } from './operations/list-buckets.js';
export type { DeleteObjectOptions, DeleteObjectResult } from './operations/delete-object.js';
export { MAX_KEYS_PER_DELETE } from './operations/delete-objects.js';
export type {
  DeleteObjectsOptions,
  DeleteObjectsResult,
  ObjectIdentifier,
} from './operations/delete-objects.js';
export type { CopyObjectOptions, CopyResult, CopySource } from './operations/copy-object.js';
export type {
  ListObjectsV2Options,
  ListObjectsV2Page,
  ListedObjectEntry,
} from './operations/list-objects-v2.js';
export type {
  CompleteMultipartUploadResult,
  CompletedPartEntry,
  CreateMultipartUploadOptions,
} from './operations/multipart-upload.js';
export type { UploadPartCopyOptions, UploadPartOptions } from './operations/upload-part.js';
export type { ListPartsOptions, ListPartsPage, ListedPartEntry } from './operations/list-parts.js';
export type {
  ListMultipartUploadsOptions,
  ListMultipartUploadsPage,
} from './operations/list-multipart-uploads.js';
export type { UploadOptions, UploadResult, UploadStats } from './operations/upload.js';
export {
  DEFAULT_PART_SIZE,
  MAX_PARTS,
  MAX_PART_SIZE,
  MIN_PART_SIZE,
  choosePartSize,
} from './part-size.js';
export { backoffMs, isRetryable } from './retry-policy.js';
