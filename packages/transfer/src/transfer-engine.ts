import type { ListedObjectEntry } from '@strata/s3-client';
import { createAdaptiveTimeout } from './adaptive-timeout.js';
import { copyPrefix, type CopyPrefixOptions } from './copy-prefix.js';
import {
  deleteKeys,
  deletePrefix,
  type DeleteKeysOptions,
  type DeletePrefixOptions,
  type DeleteResult,
} from './delete-keys.js';
import {
  downloadFile,
  type DownloadFileOptions,
  type DownloadFileResult,
} from './download-file.js';
import { downloadPrefix, type DownloadPrefixOptions } from './download-prefix.js';
import type { EngineContext } from './internal/engine-context.js';
import { listKeys } from './internal/list-keys.js';
import { Semaphore } from './internal/semaphore.js';
import { syncFromS3 } from './sync-from-s3.js';
import type { SyncOptions, SyncResult } from './sync-options.js';
import { syncS3 } from './sync-s3.js';
import { syncToS3 } from './sync-to-s3.js';
import {
  resolveTransferEngineConfig,
  type TransferEngineConfig,
} from './transfer-engine-config.js';
import type { TreeTransferResult } from './tree-result.js';
import { uploadDirectory, type UploadDirectoryOptions } from './upload-directory.js';
import { uploadFile, type UploadFileOptions, type UploadFileResult } from './upload-file.js';

/**
 * Moves files and trees between local disk and any S3 endpoint through one `S3Client`. All the
 * calls of one engine share its request slots (`concurrency`), its upload byte budget
 * (`maxInFlightBytes`) and its bandwidth estimate (the adaptive timeouts).
 *
 * Every request is retried on timeouts, connection failures and retryable replies, each attempt
 * signed afresh through the client, with a timeout sized from the measured bandwidth and longer
 * on every retry. Every method accepts `signal`; aborting it rejects with its reason (and aborts
 * any multipart upload in progress).
 */
export class TransferEngine {
  readonly #ctx: EngineContext;

  /** Prefer {@link createTransferEngine}. */
  constructor(config: TransferEngineConfig) {
    const resolved = resolveTransferEngineConfig(config);
    this.#ctx = {
      client: config.client,
      config: resolved,
      requests: new Semaphore(resolved.concurrency),
      bytes: new Semaphore(resolved.maxInFlightBytes),
      timeouts: createAdaptiveTimeout(config.timeouts),
      onRequest: config.onRequest,
    };
  }

  /** The current bandwidth estimate per request, bytes per second. */
  get bytesPerSecond(): number {
    return this.#ctx.timeouts.bytesPerSecond;
  }

  /**
   * Uploads a local file to `bucket`/`key`, streamed from disk (never read whole): one PutObject
   * up to `multipartThreshold`, otherwise a multipart upload (`chooseUploadPartSize`) with parts
   * read afresh from disk on every attempt. The file's size and mtime are checked again at the
   * end: a file that changed is never committed as a multipart object (the upload is aborted),
   * and a single PUT of it is deleted again.
   *
   * @throws TransferError `ESOURCE_CHANGED`, `ENOT_FILE`, `ETIMEDOUT_REQUEST`; S3ClientError,
   *   S3TransportError; S3UploadAbortError when a failed multipart upload could not be aborted.
   */
  uploadFile(
    path: string,
    bucket: string,
    key: string,
    options?: UploadFileOptions,
  ): Promise<UploadFileResult> {
    return uploadFile(this.#ctx, path, bucket, key, options);
  }

  /**
   * Downloads `bucket`/`key` to a local file: parallel ranged GETs pinned to the object's ETag,
   * written at their offsets into a temporary file in the same directory (chunks gathered to
   * 512 KiB per write), checked (size; MD5 against a single-part ETag), given the object's
   * `LastModified` as mtime, then renamed over `path`. Missing folders are created.
   *
   * @throws TransferError `ESIZE_MISMATCH`, `EETAG_MISMATCH`, `ETIMEDOUT_REQUEST`; S3ClientError
   *   (404 for a missing key, 412 when the object was replaced during the download).
   */
  downloadFile(
    bucket: string,
    key: string,
    path: string,
    options?: DownloadFileOptions,
  ): Promise<DownloadFileResult> {
    return downloadFile(this.#ctx, bucket, key, path, options);
  }

  /**
   * Uploads every regular file under `root` to `prefix` + its `/`-separated path below `root`
   * (give `prefix` its trailing `/`), `fileConcurrency` files at a time, as the directory walk
   * finds them. A file that fails is reported in `failed`; the others go on.
   */
  uploadDirectory(
    root: string,
    bucket: string,
    prefix: string,
    options?: UploadDirectoryOptions,
  ): Promise<TreeTransferResult> {
    return uploadDirectory(this.#ctx, root, bucket, prefix, options);
  }

  /**
   * Downloads every object under `prefix` to `root` + the rest of its key, as the listing
   * arrives. Folder markers (keys ending in `/`) are skipped; keys that are no safe relative
   * path (`..`, empty segments) fail with `EUNSAFE_KEY` in `failed`.
   */
  downloadPrefix(
    bucket: string,
    prefix: string,
    root: string,
    options?: DownloadPrefixOptions,
  ): Promise<TreeTransferResult> {
    return downloadPrefix(this.#ctx, bucket, prefix, root, options);
  }

  /** Every object under `prefix`, page by page as it is consumed. */
  list(
    bucket: string,
    prefix = '',
    options?: { signal?: AbortSignal },
  ): AsyncGenerator<ListedObjectEntry, void, undefined> {
    return listKeys(this.#ctx, bucket, prefix, options?.signal);
  }

  /**
   * Deletes `keys` with DeleteObjects, 1 000 per request, several requests at once. Per-key
   * failures are returned in `errors`, never dropped; a batch whose request fails puts each of
   * its keys there with the request's error code.
   */
  deleteKeys(
    bucket: string,
    keys: AsyncIterable<string> | Iterable<string>,
    options?: DeleteKeysOptions,
  ): Promise<DeleteResult> {
    return deleteKeys(this.#ctx, bucket, keys, options);
  }

  /** Deletes every object under `prefix` (filtered by globs), as the listing arrives; see `deleteKeys`. */
  deletePrefix(
    bucket: string,
    prefix: string,
    options?: DeletePrefixOptions,
  ): Promise<DeleteResult> {
    return deletePrefix(this.#ctx, bucket, prefix, options);
  }

  /**
   * Copies every object under `source.prefix` to `target.prefix` + the rest of its key,
   * server-side: CopyObject up to `multipartCopyThreshold`, UploadPartCopy in parts above it
   * (every request pinned to the listed ETag, a failed multipart copy aborted). An object that
   * fails is reported in `failed`; the others go on.
   */
  copyPrefix(
    source: { bucket: string; prefix: string },
    target: { bucket: string; prefix: string },
    options?: CopyPrefixOptions,
  ): Promise<TreeTransferResult> {
    return copyPrefix(this.#ctx, source, target, options);
  }

  /**
   * Makes the objects under `prefix` match the files under `root`: uploads what is missing or
   * differs, and with `delete` removes objects with no file. Walk and listing are merged in key
   * order as they arrive (neither is held whole).
   *
   * @throws TransferError `EUNSORTED_LISTING` when the service lists out of byte order.
   */
  syncToS3(
    root: string,
    bucket: string,
    prefix: string,
    options?: SyncOptions,
  ): Promise<SyncResult> {
    return syncToS3(this.#ctx, root, bucket, prefix, options);
  }

  /**
   * Makes the files under `root` match the objects under `prefix`: downloads what is missing or
   * differs, and with `delete` removes files with no object.
   *
   * @throws TransferError `EUNSORTED_LISTING` when the service lists out of byte order.
   */
  syncFromS3(
    bucket: string,
    prefix: string,
    root: string,
    options?: SyncOptions,
  ): Promise<SyncResult> {
    return syncFromS3(this.#ctx, bucket, prefix, root, options);
  }

  /**
   * Makes the objects under `target.prefix` match those under `source.prefix` (the same
   * endpoint, any two buckets), server-side: copies what is missing or differs (as
   * {@link TransferEngine.copyPrefix} copies, pinned to the listed ETag), and with `delete`
   * removes target objects the source lacks. Both listings are merged in key order as they
   * arrive.
   *
   * @throws RangeError when the prefixes overlap in one bucket; TransferError
   *   `EUNSORTED_LISTING` when the service lists out of byte order.
   */
  syncS3(
    source: { bucket: string; prefix: string },
    target: { bucket: string; prefix: string },
    options?: SyncOptions,
  ): Promise<SyncResult> {
    return syncS3(this.#ctx, source, target, options);
  }
}

/**
 * Creates a {@link TransferEngine} over an `S3Client` (which it does not close).
 *
 * @throws RangeError for a count, size or time that is not a positive integer.
 * @example
 * ```ts
 * const engine = createTransferEngine({ client: s3, concurrency: 8 });
 * await engine.uploadFile('db.tar', 'backups', 'db.tar');
 * await engine.downloadFile('backups', 'db.tar', 'restore/db.tar');
 * ```
 */
export function createTransferEngine(config: TransferEngineConfig): TransferEngine {
  return new TransferEngine(config);
}
