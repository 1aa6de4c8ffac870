import { Readable } from 'node:stream';
import { isS3ClientError } from '@strata/s3-client';
import type { S3Client, S3ClientConfig, S3ClientRetry, S3ClientTimeouts } from '@strata/s3-client';
import { BackendIoError, BackendUnavailableError } from './errors.js';
import { assertByteRange } from './internal/byte-range.js';
import { resolveS3Backend } from './internal/s3-config.js';
import { copyBlob } from './internal/s3-copy.js';
import { toBackendError } from './internal/s3-errors.js';
import type { S3ErrorContext } from './internal/s3-errors.js';
import { listBlobs } from './internal/s3-list.js';
import {
  abortUpload,
  assertPartNumber,
  completeUpload,
  uploadPartTo,
} from './internal/s3-multipart.js';
import { putBlob } from './internal/s3-put.js';
import { keyOf } from './internal/s3-target.js';
import type { S3Target } from './internal/s3-target.js';
import type {
  BackendCallOptions,
  BackendListOptions,
  BackendGetOptions,
  BackendPart,
  BackendPutOptions,
  BlobInfo,
  CopyCapableBackend,
} from './object-backend.js';
import { guardStream } from './guard-stream.js';

/**
 * Configuration of {@link createS3Backend}: a bucket (and key prefix) plus either a ready
 * `client` or the options `createS3Client` needs (`endpoint`, `credentials`…), not both.
 */
export interface S3BackendConfig {
  /** The backend's configured name (appears in errors and metrics). */
  readonly name: string;
  /** The bucket that holds the blobs; it must exist. */
  readonly bucket: string;
  /** Key prefix inside the bucket, such as `'strata/'` (default none): key = prefix + blob. */
  readonly prefix?: string;
  /** A ready client (shared pools, tests); the backend never closes it. */
  readonly client?: S3Client;
  /** Service URL, for a client the backend creates (and closes). */
  readonly endpoint?: string;
  /** Signing region (default `us-east-1`). */
  readonly region?: string;
  /** Static credentials or a provider; required with `endpoint`. */
  readonly credentials?: S3ClientConfig['credentials'];
  /** Path-style URLs; default: path style for IP and `localhost` endpoints only. */
  readonly forcePathStyle?: boolean;
  /** Keep-alive connections per origin (default 16). */
  readonly connections?: number;
  /** Connect, first-byte and idle timeouts of the client (s3-client's defaults: 5 s, 30 s, 30 s). */
  readonly timeouts?: S3ClientTimeouts;
  /** Retry policy of the client (default 4 attempts, equal-jitter backoff from 100 ms). */
  readonly retry?: S3ClientRetry;
  /**
   * Part size when `put` must fall back to multipart (unknown size, or over 5 GiB): 5 MiB to
   * 5 GiB. Default: the client's (8 MiB grown for large known sizes; for an unknown size, the
   * largest whole MiB that fits 3 parts in `maxTransferMemory`: 21 MiB, so up to 205 GiB).
   */
  readonly partSize?: number;
  /**
   * Bytes of part buffers one such multipart put may hold (s3-client's `maxTransferMemory`, for
   * a client the backend creates): default 64 MiB, at least 5 MiB. Parts larger than this (known
   * sizes over 625 GiB by default) are streamed and not retried once sent; see s3-client.
   */
  readonly maxTransferMemory?: number;
  /**
   * Send `If-None-Match: *` on single-request puts, so that a put onto an existing blob fails
   * instead of replacing it (default true). Turn off only for a service that rejects the header.
   */
  readonly conditionalPut?: boolean;
}

/** A backend on one S3 bucket (+ prefix) of any S3-compatible service. */
export interface S3Backend extends CopyCapableBackend, AsyncDisposable {
  /** The bucket that holds the blobs. */
  readonly bucket: string;
  /** The configured key prefix ('' for none). */
  readonly prefix: string;
}

/**
 * Creates a backend that stores each blob as the object `prefix + blob` in `config.bucket`, on
 * AWS S3 or any S3-compatible service (Ceph RGW, MinIO, Garage, B2, another Strata), through
 * `@strata/s3-client`.
 *
 * - `put` streams the body (never buffered whole) with one PutObject when `size` is known and at
 *   most 5 GiB, else with the client's multipart `upload`; it resolves with the bytes stored. A
 *   failed or aborted put stores nothing (an incomplete PutObject is discarded by the service,
 *   and an upload is aborted). Single-request puts carry `If-None-Match: *`.
 * - `get` rejects with `BlobNotFoundError` before any stream exists; a range past the end reads
 *   nothing (as on the fs driver, where S3 would answer 416).
 * - Multipart maps onto the service's: the part token is its ETag; parts must be listed in
 *   ascending order (S3 cannot assemble them otherwise).
 * - `copy` is server side: CopyObject up to 5 GiB, UploadPartCopy above.
 * - `list` pages lazily through ListObjectsV2, in byte order, names without the prefix.
 *
 * Errors are typed (`ENOBLOB`, `ENOUPLOAD`, `EINVALID_PART`, `EACCES`, `EBACKEND_IO`…, see the
 * README), with `backend` set and the client's error as `cause`; an aborted call rejects with
 * its signal's reason.
 *
 * @throws TypeError or RangeError for an invalid config (see {@link S3BackendConfig}).
 * @example
 * ```ts
 * await using backend = createBreaker(
 *   createS3Backend({
 *     name: 'rgw-1',
 *     endpoint: 'https://rgw.example.net',
 *     credentials: { accessKeyId: 'AK…', secretAccessKey: '…' },
 *     bucket: 'strata-data',
 *     prefix: 'blobs/',
 *   }),
 * );
 * const { size } = await backend.put('photos/cat.jpg@01J', createReadStream('cat.jpg'), {
 *   size: (await stat('cat.jpg')).size,
 * });
 * const head = await backend.get('photos/cat.jpg@01J', { range: { start: 0, end: 1023 } });
 * ```
 */
export function createS3Backend(config: S3BackendConfig): S3Backend {
  return new S3BucketBackend(config);
}

class S3BucketBackend implements S3Backend {
  readonly #target: S3Target;
  readonly #ownsClient: boolean;
  readonly #partSize: number | undefined;
  readonly #conditionalPut: boolean;
  #closing: Promise<void> | undefined;

  constructor(config: S3BackendConfig) {
    const resolved = resolveS3Backend(config);
    this.#target = resolved.target;
    this.#ownsClient = resolved.ownsClient;
    this.#partSize = resolved.partSize;
    this.#conditionalPut = resolved.conditionalPut;
  }

  get name(): string {
    return this.#target.name;
  }

  get bucket(): string {
    return this.#target.bucket;
  }

  get prefix(): string {
    return this.#target.prefix;
  }

  async put(blob: string, body: Readable, options?: BackendPutOptions): Promise<{ size: number }> {
    this.#assertOpen(body);
    return putBlob(this.#target, blob, body, {
      size: options?.size,
      signal: options?.signal,
      partSize: this.#partSize,
      conditional: this.#conditionalPut,
    });
  }

  async get(blob: string, options?: BackendGetOptions): Promise<Readable> {
    this.#assertOpen();
    const { range, signal } = options ?? {};
    if (range) assertByteRange(range);
    try {
      const reply = await this.#target.client.getObject(this.bucket, this.#key(blob), {
        ...(range === undefined ? {} : { range }),
        ...(signal === undefined ? {} : { signal }),
      });
      return guardStream(reply.body);
    } catch (err) {
      // S3 answers a range that starts past the end with 416 InvalidRange (RFC 9110 §15.5.17);
      // the fs driver reads nothing there, and so does this one: a blob that exists, no bytes.
      if (range && isS3ClientError(err, 'InvalidRange') && signal?.aborted !== true) {
        return guardStream(emptyBody());
      }
      throw toBackendError(err, this.#context('get', signal, blob));
    }
  }

  async head(blob: string, options?: BackendCallOptions): Promise<BlobInfo | undefined> {
    this.#assertOpen();
    const signal = options?.signal;
    try {
      const reply = await this.#target.client.headObject(this.bucket, this.#key(blob), {
        ...(signal === undefined ? {} : { signal }),
      });
      if (reply.contentLength === undefined) {
        throw new BackendIoError('HeadObject reply without Content-Length', { backend: this.name });
      }
      return { blob, size: reply.contentLength, lastModified: reply.lastModified ?? new Date(0) };
    } catch (err) {
      // HEAD replies have no body, so a missing bucket is a 404 too: only get/put/list tell.
      if (isS3ClientError(err) && err.status === 404 && signal?.aborted !== true) return undefined;
      throw toBackendError(err, this.#context('head', signal, blob));
    }
  }

  async delete(blob: string, options?: BackendCallOptions): Promise<void> {
    this.#assertOpen();
    const signal = options?.signal;
    try {
      await this.#target.client.deleteObject(this.bucket, this.#key(blob), {
        ...(signal === undefined ? {} : { signal }),
      });
    } catch (err) {
      // S3 deletes a missing key with 204; some services say NoSuchKey. Either way: gone.
      if (isS3ClientError(err, 'NoSuchKey') && signal?.aborted !== true) return;
      throw toBackendError(err, this.#context('delete', signal, blob));
    }
  }

  async copy(
    sourceBlob: string,
    targetBlob: string,
    options?: BackendCallOptions,
  ): Promise<{ size: number }> {
    this.#assertOpen();
    return copyBlob(this.#target, sourceBlob, targetBlob, { signal: options?.signal });
  }

  async createMultipart(blob: string, options?: BackendCallOptions): Promise<{ uploadId: string }> {
    this.#assertOpen();
    const signal = options?.signal;
    try {
      const { uploadId } = await this.#target.client.createMultipartUpload(
        this.bucket,
        this.#key(blob),
        signal === undefined ? {} : { signal },
      );
      if (uploadId === '') {
        throw new BackendIoError('CreateMultipartUpload reply without an UploadId', {
          backend: this.name,
        });
      }
      return { uploadId };
    } catch (err) {
      throw toBackendError(err, this.#context('createMultipart', signal, blob));
    }
  }

  async uploadPart(
    blob: string,
    uploadId: string,
    partNumber: number,
    body: Readable,
    options?: BackendPutOptions,
  ): Promise<{ size: number; token: string }> {
    this.#assertOpen(body);
    try {
      assertPartNumber(partNumber);
    } catch (err) {
      body.destroy();
      throw err;
    }
    const call = { blob, uploadId, signal: options?.signal };
    return uploadPartTo(this.#target, call, partNumber, body, options?.size);
  }

  async completeMultipart(
    blob: string,
    uploadId: string,
    parts: readonly BackendPart[],
    options?: BackendCallOptions,
  ): Promise<void> {
    this.#assertOpen();
    await completeUpload(this.#target, { blob, uploadId, signal: options?.signal }, parts);
  }

  async abortMultipart(
    blob: string,
    uploadId: string,
    options?: BackendCallOptions,
  ): Promise<void> {
    this.#assertOpen();
    await abortUpload(this.#target, { blob, uploadId, signal: options?.signal });
  }

  async *list(prefix: string, options?: BackendListOptions): AsyncIterable<BlobInfo> {
    this.#assertOpen();
    yield* listBlobs(this.#target, prefix, {
      signal: options?.signal,
      delimiter: options?.delimiter,
    });
  }

  close(): Promise<void> {
    // A shared client belongs to whoever made it: only a client made here is closed here.
    this.#closing ??= this.#ownsClient ? this.#target.client.close() : Promise.resolve();
    return this.#closing;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  #key(blob: string): string {
    return keyOf(this.#target, blob);
  }

  #context(op: string, signal: AbortSignal | undefined, blob: string): S3ErrorContext {
    return { backend: this.name, bucket: this.bucket, op, blob, signal };
  }

  /** Rejects calls after `close()`, destroying a body handed to one (the driver contract). */
  #assertOpen(body?: Readable): void {
    if (this.#closing === undefined) return;
    body?.destroy();
    throw new BackendUnavailableError(`backend ${this.name} is closed`, { backend: this.name });
  }
}

/** A byte stream (not object mode, unlike `Readable.from([])`) that ends at once. */
function emptyBody(): Readable {
  const body = new Readable({ read: () => undefined });
  body.push(null);
  return body;
}
