import type { ObjectRecord } from '@strata/metastore-core';
import { ObjectDataLostError } from '../errors.js';

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

/** A read that found every copy it tried missing: lost data, or a concurrent overwrite. */
function isBlobMissing(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ENOBLOB' || code === 'EDATA_LOST';
}

/**
 * Opens the bytes of an object's current version, for every read path (GetObject, CopyObject,
 * UploadPartCopy). A blob missing on every copy usually means a concurrent overwrite or
 * DeleteObject committed between reading the row and opening the blob, and its blob was
 * deleted right after: the row is then resolved once more and the new current version opened.
 * A key deleted meanwhile is the S3 answer `resolve` gives (NoSuchKey), never a backend error.
 * When the row still names the very version whose blobs are missing, the data is lost.
 *
 * @throws what `resolve` throws (S3Error NoSuchKey once the key is gone);
 *   {@link ObjectDataLostError} when the current row still names the version whose blobs are
 *   missing (a server fault, never NoSuchKey); any other error of `open` unchanged.
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
    if (retry.record.versionId === first.record.versionId) throw asDataLost(first.record, error);
    return { source: retry, opened: await steps.open(retry) };
  }
}

/**
 * `error` as an {@link ObjectDataLostError} of `record`: as is when it is one already, else (a
 * backend-side copy's `BlobNotFoundError`) naming the blob and backend it reports.
 */
function asDataLost(record: ObjectRecord, error: unknown): ObjectDataLostError {
  if (error instanceof ObjectDataLostError) return error;
  const { backend, blob } = error as { backend?: unknown; blob?: unknown };
  const copy = record.copies.find((c) => c.backend === backend && c.blob === blob);
  const lost = copy ? [copy] : record.copies;
  return new ObjectDataLostError(
    record,
    lost.map((c) => ({ backend: c.backend, blob: c.blob })),
    { cause: error },
  );
}
