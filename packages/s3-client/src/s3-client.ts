import type { Readable } from 'node:stream';
import { Agent } from 'undici';
import type { ClientContext } from './internal/client-context.js';
import { createRequestSigner } from './internal/sign-request.js';
import { createBucket, deleteBucket } from './operations/bucket.js';
import {
  copyObject,
  type CopyObjectOptions,
  type CopyResult,
  type CopySource,
} from './operations/copy-object.js';
import {
  deleteObject,
  type DeleteObjectOptions,
  type DeleteObjectResult,
} from './operations/delete-object.js';
import {
  deleteObjects,
  type DeleteObjectsOptions,
  type DeleteObjectsResult,
  type ObjectIdentifier,
} from './operations/delete-objects.js';
import { getObject, type GetObjectOptions, type GetObjectResult } from './operations/get-object.js';
import { headObject } from './operations/head-object.js';
import { listBuckets, type ListedBucket } from './operations/list-buckets.js';
import {
  listMultipartUploads,
  type ListMultipartUploadsOptions,
  type ListMultipartUploadsPage,
} from './operations/list-multipart-uploads.js';
import {
  listObjectsV2,
  listObjectsV2Pages,
  type ListObjectsV2Options,
  type ListObjectsV2Page,
} from './operations/list-objects-v2.js';
import { listParts, type ListPartsOptions, type ListPartsPage } from './operations/list-parts.js';
import {
  abortMultipartUpload,
  completeMultipartUpload,
  createMultipartUpload,
  type CompletedPartEntry,
  type CompleteMultipartUploadResult,
  type CreateMultipartUploadOptions,
} from './operations/multipart-upload.js';
import { putObject, type PutObjectOptions, type PutObjectResult } from './operations/put-object.js';
import {
  uploadPart,
  uploadPartCopy,
  type UploadPartCopyOptions,
  type UploadPartOptions,
} from './operations/upload-part.js';
import { upload, type UploadOptions, type UploadResult } from './operations/upload.js';
import { resolveS3ClientConfig, type S3ClientConfig } from './s3-client-config.js';
import type { CallOptions, ObjectHeaders } from './types.js';

/**
 * A lean S3 client: undici keep-alive pools per origin, SigV4 on every attempt, streaming bodies
 * with backpressure. Make one per endpoint and share it; `close()` it when done.
 *
 * Every method accepts `signal` (cancels the call, its retries and its backoff) and throws
 * `S3ClientError` for an error reply, `S3TransportError` when no reply came, or the signal's
 * reason. Retries: see the README, "Retries".
 */
export class S3Client {
  readonly #ctx: ClientContext;
  #closed: Promise<void> | undefined;

  /** Prefer {@link createS3Client}. */
  constructor(config: S3ClientConfig) {
    const resolved = resolveS3ClientConfig(config);
    const agent = new Agent({
      connections: resolved.connections,
      // S3 is HTTP/1.1; Nagle plus delayed ACK would stall every streamed write by ~40 ms.
      connect: { timeout: resolved.timeouts.connectMs, noDelay: true },
      keepAliveTimeout: 4_000,
      headersTimeout: resolved.timeouts.firstByteMs,
      bodyTimeout: resolved.timeouts.idleMs,
    });
    this.#ctx = {
      config: resolved,
      agent,
      sign: createRequestSigner(resolved.region, resolved.credentials),
    };
  }

  /** PutObject. A `Readable` is streamed with backpressure (give `contentLength` for AWS). */
  putObject(
    bucket: string,
    key: string,
    body: Readable | Buffer,
    options?: PutObjectOptions,
  ): Promise<PutObjectResult> {
    return putObject(this.#ctx, bucket, key, body, options);
  }

  /** GetObject; resolves at the headers. Always consume or destroy `body`. */
  getObject(bucket: string, key: string, options?: GetObjectOptions): Promise<GetObjectResult> {
    return getObject(this.#ctx, bucket, key, options);
  }

  /** HeadObject; a missing key is `S3ClientError` 404 `NotFound`. */
  headObject(bucket: string, key: string, options?: GetObjectOptions): Promise<ObjectHeaders> {
    return headObject(this.#ctx, bucket, key, options);
  }

  /** DeleteObject. */
  deleteObject(
    bucket: string,
    key: string,
    options?: DeleteObjectOptions,
  ): Promise<DeleteObjectResult> {
    return deleteObject(this.#ctx, bucket, key, options);
  }

  /** DeleteObjects, batched by 1 000 keys. Per-key failures are in `errors`, not thrown. */
  deleteObjects(
    bucket: string,
    objects: readonly (string | ObjectIdentifier)[],
    options?: DeleteObjectsOptions,
  ): Promise<DeleteObjectsResult> {
    return deleteObjects(this.#ctx, bucket, objects, options);
  }

  /** CopyObject (server side, up to 5 GiB). */
  copyObject(
    source: CopySource,
    bucket: string,
    key: string,
    options?: CopyObjectOptions,
  ): Promise<CopyResult> {
    return copyObject(this.#ctx, source, bucket, key, options);
  }

  /** ListObjectsV2: one page. */
  listObjectsV2(bucket: string, options?: ListObjectsV2Options): Promise<ListObjectsV2Page> {
    return listObjectsV2(this.#ctx, bucket, options);
  }

  /** Every page of ListObjectsV2, following continuation tokens. */
  listObjectsV2Pages(
    bucket: string,
    options?: Omit<ListObjectsV2Options, 'continuationToken'>,
  ): AsyncGenerator<ListObjectsV2Page, void, undefined> {
    return listObjectsV2Pages(this.#ctx, bucket, options);
  }

  /** CreateMultipartUpload. */
  createMultipartUpload(
    bucket: string,
    key: string,
    options?: CreateMultipartUploadOptions,
  ): Promise<{ uploadId: string }> {
    return createMultipartUpload(this.#ctx, bucket, key, options);
  }

  /** UploadPart. */
  uploadPart(
    bucket: string,
    key: string,
    uploadId: string,
    partNumber: number,
    body: Readable | Buffer,
    options?: UploadPartOptions,
  ): Promise<{ etag: string }> {
    return uploadPart(this.#ctx, bucket, key, uploadId, partNumber, body, options);
  }

  /** UploadPartCopy. */
  uploadPartCopy(
    bucket: string,
    key: string,
    uploadId: string,
    partNumber: number,
    source: CopySource,
    options?: UploadPartCopyOptions,
  ): Promise<CopyResult> {
    return uploadPartCopy(this.#ctx, bucket, key, uploadId, partNumber, source, options);
  }

  /** CompleteMultipartUpload (an `<Error>` inside a 200 reply is thrown). */
  completeMultipartUpload(
    bucket: string,
    key: string,
    uploadId: string,
    parts: readonly CompletedPartEntry[],
    options?: CallOptions,
  ): Promise<CompleteMultipartUploadResult> {
    return completeMultipartUpload(this.#ctx, bucket, key, uploadId, parts, options);
  }

  /** AbortMultipartUpload. */
  abortMultipartUpload(
    bucket: string,
    key: string,
    uploadId: string,
    options?: CallOptions,
  ): Promise<void> {
    return abortMultipartUpload(this.#ctx, bucket, key, uploadId, options);
  }

  /** ListParts: one page. */
  listParts(
    bucket: string,
    key: string,
    uploadId: string,
    options?: ListPartsOptions,
  ): Promise<ListPartsPage> {
    return listParts(this.#ctx, bucket, key, uploadId, options);
  }

  /** ListMultipartUploads: one page of the uploads in progress. */
  listMultipartUploads(
    bucket: string,
    options?: ListMultipartUploadsOptions,
  ): Promise<ListMultipartUploadsPage> {
    return listMultipartUploads(this.#ctx, bucket, options);
  }

  /**
   * Uploads a body of any size: one PutObject when it fits in one part, otherwise a multipart
   * upload with `concurrency` parts in flight, read from `body` only as fast as they are sent.
   * A stream's parts are held in a fixed pool of buffers that never exceeds the client's
   * `maxTransferMemory` (see there for part sizes, parts too large to buffer, and the largest
   * body of unknown size); `stats` in the result says what was used.
   * If anything fails (a part, the body stream, Complete, or `signal`), the multipart upload is
   * aborted before this rejects, so no parts are left billing; if that abort fails too, it
   * rejects with `S3UploadAbortError` naming the upload id.
   *
   * @throws S3PartLimitError when a stream of unknown size needs more than 10 000 parts;
   *   RangeError for a bad `partSize` or `concurrency`, or a stream that is not `contentLength`
   *   bytes long.
   */
  upload(
    bucket: string,
    key: string,
    body: Readable | Buffer,
    options?: UploadOptions,
  ): Promise<UploadResult> {
    return upload(this.#ctx, bucket, key, body, options);
  }

  /** CreateBucket (in the client's region). */
  createBucket(bucket: string, options?: CallOptions): Promise<void> {
    return createBucket(this.#ctx, bucket, options);
  }

  /** ListBuckets: the buckets these credentials own. */
  listBuckets(options?: CallOptions): Promise<ListedBucket[]> {
    return listBuckets(this.#ctx, options);
  }

  /** DeleteBucket. */
  deleteBucket(bucket: string, options?: CallOptions): Promise<void> {
    return deleteBucket(this.#ctx, bucket, options);
  }

  /** Closes the connection pools after the requests in flight. Idempotent. */
  close(): Promise<void> {
    this.#closed ??= this.#ctx.agent.close();
    return this.#closed;
  }

  /** Same as {@link S3Client.close}, for `await using`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

/**
 * Creates an {@link S3Client}.
 *
 * @throws TypeError for an endpoint that is not http(s); RangeError for a non-positive count or time.
 * @example
 * ```ts
 * const s3 = createS3Client({
 *   endpoint: 'http://127.0.0.1:9000',
 *   credentials: { accessKeyId: 'AK', secretAccessKey: 'SK' },
 * });
 * await s3.putObject('photos', 'cat.jpg', createReadStream('cat.jpg'), { contentLength: size });
 * const { body } = await s3.getObject('photos', 'cat.jpg', { range: { start: 0, end: 99 } });
 * await pipeline(body, createWriteStream('head.bin'));
 * await s3.close();
 * ```
 */
export function createS3Client(config: S3ClientConfig): S3Client {
  return new S3Client(config);
}
