import type { ObjectRecord } from '@strata/metastore-core';

/** A resolved read of an object's current version: at least its row. */
export interface CurrentVersion {
  readonly record: ObjectRecord;
}

/** How {@link openCurrent} resolves and opens an object's current version. */
export interface OpenCurrentSteps<S extends CurrentVersion, R> {
  /**
   * Loads the current version and checks whatever the operation requires of it (preconditions,
   * ranges). Throws S3Error NoSuchKey when the key is gone.
   */
  readonly resolve: () => Promise<S>;
  /** Reads the version's bytes (opens a stream, or has the backend copy them). */
  readonly open: (source: S) => Promise<R>;
  /** A resolution the caller already made; `resolve` is then only called for the retry. */
  readonly resolved?: S | undefined;
}

/** What {@link openCurrent} opened, and the version it belongs to (use it, not an older row). */
export interface OpenedCurrent<S extends CurrentVersion, R> {
  readonly source: S;
  readonly opened: R;
}

function isBlobMissing(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'ENOBLOB';
}

/**
 * Opens the bytes of an object's current version, for every read path (GetObject, CopyObject,
 * UploadPartCopy). A blob missing on every copy (`ENOBLOB`) usually means a concurrent overwrite
 * or DeleteObject committed between reading the row and opening the blob, and its blob was
 * deleted right after: the row is then resolved once more and the new current version opened.
 * A key deleted meanwhile is the S3 answer `resolve` gives (NoSuchKey), never a backend error.
 *
 * @throws what `resolve` throws (S3Error NoSuchKey once the key is gone); the original
 *   BlobNotFoundError when the row still names the very blob that is missing (a real fault);
 *   any other error of `open` unchanged.
 */
export async function openCurrent<S extends CurrentVersion, R>(
  steps: OpenCurrentSteps<S, R>,
): Promise<OpenedCurrent<S, R>> {
  const first = steps.resolved ?? (await steps.resolve());
  try {
    return { source: first, opened: await steps.open(first) };
  } catch (error) {
    if (!isBlobMissing(error)) throw error;
    const retry = await steps.resolve();
    if (retry.record.versionId === first.record.versionId) throw error;
    return { source: retry, opened: await steps.open(retry) };
  }
}
