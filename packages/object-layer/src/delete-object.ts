import type { ObjectRecord } from '@strata/metastore-core';
import type { LayerContext } from './internal/context.js';
import { requireBucket } from './internal/load.js';
import { isS3Error } from '@strata/s3-xml';
import type { DeleteObjectsEntry } from './types.js';

/** Input of {@link deleteObject}. */
export interface DeleteObjectInput {
  readonly bucket: string;
  readonly key: string;
}

/** Input of {@link deleteObjects}. */
export interface DeleteObjectsInput {
  readonly bucket: string;
  readonly keys: readonly string[];
}

/** How many keys of one DeleteObjects request are deleted at a time. */
const DELETE_PARALLELISM = 8;

async function removeObject(
  ctx: LayerContext,
  bucket: string,
  key: string,
): Promise<ObjectRecord | undefined> {
  // Row removal and cleanup jobs commit together: the blobs are owed to the cleanup queue the
  // moment no row points at them.
  const removed = await ctx.store.transaction(async (tx) => {
    const record = await tx.objects.delete(bucket, key);
    for (const copy of record?.copies ?? []) {
      await tx.cleanup.enqueue({
        backend: copy.backend,
        blob: copy.blob,
        size: record!.size,
        reason: 'deleted',
      });
    }
    return record;
  });
  if (removed) {
    // Delete right away to free space early; the queued job then finds nothing to do (deleting a
    // missing blob succeeds), and if this fails the cleanup worker retries.
    await Promise.allSettled(
      removed.copies.map(async (copy) => ctx.backend(copy.backend).delete(copy.blob)),
    );
  }
  return removed;
}

/**
 * DeleteObject. Deleting a missing key succeeds (S3 answers 204 either way).
 *
 * @throws S3Error NoSuchBucket; metastore errors unchanged.
 */
export async function deleteObject(ctx: LayerContext, input: DeleteObjectInput): Promise<void> {
  await requireBucket(ctx, input.bucket);
  await removeObject(ctx, input.bucket, input.key);
}

/**
 * DeleteObjects: deletes each key (at most 8 at a time) and reports per-key outcomes in input
 * order; a key that fails gets an `error` entry (its S3 code, or InternalError).
 *
 * @throws S3Error NoSuchBucket (for the whole request).
 */
export async function deleteObjects(
  ctx: LayerContext,
  input: DeleteObjectsInput,
): Promise<DeleteObjectsEntry[]> {
  await requireBucket(ctx, input.bucket);
  const entries: DeleteObjectsEntry[] = new Array<DeleteObjectsEntry>(input.keys.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < input.keys.length) {
      const index = next++;
      const key = input.keys[index]!;
      try {
        await removeObject(ctx, input.bucket, key);
        entries[index] = { key };
      } catch (error) {
        entries[index] = { key, error: toEntryError(error) };
      }
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(DELETE_PARALLELISM, input.keys.length) }, worker),
  );
  return entries;
}

function toEntryError(error: unknown): { code: string; message: string } {
  if (isS3Error(error)) return { code: error.code, message: error.message };
  return { code: 'InternalError', message: 'We encountered an internal error. Please try again.' };
}
