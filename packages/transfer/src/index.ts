/**
 * `@strata/transfer`: a transfer engine for any S3 endpoint, on `@strata/s3-client`. Files up
 * (streamed from disk, multipart above a threshold, parts retried by reading them again) and
 * down (parallel ranges, positioned writes, temp file and rename, size and ETag checks), whole
 * trees, listing, batch delete, server-side copy and sync; every request with an adaptive
 * timeout sized from the measured bandwidth; progress per request and per call.
 *
 * @example
 * ```ts
 * import { createS3Client } from '@strata/s3-client';
 * import { createTransferEngine } from '@strata/transfer';
 *
 * await using s3 = createS3Client({ endpoint: 'http://127.0.0.1:9000', credentials });
 * const engine = createTransferEngine({ client: s3, concurrency: 8 });
 * await engine.uploadDirectory('./photos', 'backups', 'photos/');
 * const result = await engine.syncFromS3('backups', 'photos/', './restore', { delete: true });
 * ```
 *
 * @module
 */
export { TransferEngine, createTransferEngine } from './transfer-engine.js';
export { MAX_COPY_OBJECT_SIZE, resolveTransferEngineConfig } from './transfer-engine-config.js';
export type {
  ResolvedTransferEngineConfig,
  TransferEngineConfig,
  TransferRetry,
} from './transfer-engine-config.js';
export { AdaptiveTimeout, createAdaptiveTimeout } from './adaptive-timeout.js';
export type { AdaptiveTimeoutOptions } from './adaptive-timeout.js';
export {
  MAX_UPLOAD_PART_SIZE,
  MIN_DOWNLOAD_PART_SIZE,
  MIN_UPLOAD_PART_SIZE,
  chooseDownloadPartSize,
  chooseUploadPartSize,
  planParts,
} from './part-size.js';
export type { PartRange } from './part-size.js';
export { TRANSFER_ERROR_CODES, TransferError, isTransferError } from './transfer-error.js';
export type { TransferErrorCode } from './transfer-error.js';
export { TRANSFER_OPERATIONS } from './progress.js';
export type {
  FileEvent,
  FileListener,
  ProgressListener,
  RequestEvent,
  TransferOperation,
  TransferProgress,
} from './progress.js';
export type { UploadFileOptions, UploadFileResult } from './upload-file.js';
export type { DownloadFileOptions, DownloadFileResult } from './download-file.js';
export type { UploadDirectoryOptions } from './upload-directory.js';
export type { DownloadPrefixOptions } from './download-prefix.js';
export type { TransferFailure, TreeTransferResult } from './tree-result.js';
export type {
  DeleteFailure,
  DeleteKeysOptions,
  DeletePrefixOptions,
  DeleteResult,
} from './delete-keys.js';
export type { CopyPrefixOptions } from './copy-prefix.js';
export { SYNC_ACTION_KINDS, SYNC_COMPARE_MODES } from './sync-options.js';
export { prefixesOverlap } from './sync-s3.js';
export type { S3Prefix } from './sync-s3.js';
export type {
  SyncAction,
  SyncActionKind,
  SyncCompareMode,
  SyncOptions,
  SyncReason,
  SyncResult,
} from './sync-options.js';
export type { FilterOptions } from './filter-options.js';
