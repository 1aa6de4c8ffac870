import type { CallOptions } from '@strata/s3-client';
import type { DeleteFailure } from './delete-keys.js';
import type { FilterOptions } from './filter-options.js';
import type { FileListener, ProgressListener } from './progress.js';
import type { TransferFailure } from './tree-result.js';

/** How `sync` decides that a file and an object differ. */
export const SYNC_COMPARE_MODES = ['size-mtime', 'checksum'] as const;
/** One of {@link SYNC_COMPARE_MODES}. */
export type SyncCompareMode = (typeof SYNC_COMPARE_MODES)[number];

/**
 * What a sync does (or, with `dryRun`, would do) to one path: `copy` is a server-side copy
 * between two prefixes (`syncS3`).
 */
export const SYNC_ACTION_KINDS = [
  'upload',
  'download',
  'copy',
  'delete-remote',
  'delete-local',
] as const;
/** One of {@link SYNC_ACTION_KINDS}. */
export type SyncActionKind = (typeof SYNC_ACTION_KINDS)[number];

/** Why a path is transferred or deleted. */
export type SyncReason = 'missing' | 'size' | 'mtime' | 'checksum' | 'extra';

/** One decision of a sync, passed to `onAction` before it is carried out. */
export interface SyncAction {
  /** What is done. */
  kind: SyncActionKind;
  /** The object key (for a `copy` or a deletion by `syncS3`, the target's). */
  key: string;
  /** The local path (`''` for `syncS3`, which has none). */
  path: string;
  /** For a `copy`: the object copied. */
  source?: { bucket: string; key: string };
  /** Bytes to transfer (the source's size), or the size of what is deleted. */
  size: number;
  /** Why. */
  reason: SyncReason;
}

/** Options of `syncToS3`, `syncFromS3` and `syncS3`. */
export interface SyncOptions extends CallOptions, FilterOptions {
  /**
   * Delete what the source does not have (objects under the prefix, or files under the
   * directory). Excluded paths are never deleted. Default false.
   */
  delete?: boolean;
  /** Decide and report (`onAction`), change nothing. Default false. */
  dryRun?: boolean;
  /**
   * `size-mtime` (default): transfer when sizes differ or the source is newer (to the second:
   * S3's `LastModified` has no milliseconds). `checksum`: when sizes are equal, compare the
   * file's MD5 with the ETag (a multipart ETag: the MD5 of part MD5s, tried with the plausible
   * part sizes: this engine's, 8 MiB, 16 MiB, the smallest whole MiB), falling back to
   * `size-mtime` for an ETag that is no MD5 or no plausible part size explains. Between two
   * prefixes (`syncS3`), `checksum` compares the two ETags: equal is the same; two single-part
   * MD5s that differ is a difference; anything else falls back to `size-mtime`.
   */
  compare?: SyncCompareMode;
  /**
   * Go on with what an interrupted run left: an upload continues the key's multipart upload (as
   * `UploadFileOptions.resume`), a download its temporary file (as
   * `DownloadFileOptions.resume`); and this run leaves its own for the next when it fails.
   * Default false.
   */
  resume?: boolean;
  /** Called with every decision, before it is carried out (or instead, under `dryRun`). */
  onAction?: (action: SyncAction) => void;
  /** Aggregate progress of this call. */
  onProgress?: ProgressListener;
  /** Called after each file is uploaded, downloaded or copied (never under `dryRun`). */
  onFile?: FileListener;
}

/** Result of a sync. */
export interface SyncResult {
  /** Files uploaded, downloaded or copied (or that would be, under `dryRun`). */
  transferred: number;
  /** Bytes of those. */
  bytes: number;
  /** Objects or files deleted (or that would be). */
  deleted: number;
  /** Paths already the same on both sides. */
  unchanged: number;
  /** Transfers that failed. */
  failed: TransferFailure[];
  /** Deletions that failed, per key. */
  deleteErrors: DeleteFailure[];
}
