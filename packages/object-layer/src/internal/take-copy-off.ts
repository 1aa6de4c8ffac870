import type { MetaTx, ObjectCopy, ObjectRecord } from '@strata/metastore-core';

/**
 * Takes `record`'s copy on `backend` off its version, current or noncurrent
 * (`versions.removeCopy`, which never takes the last one), and queues its blob for deletion under
 * `cleanupReason`; without one the copy is only forgotten (its backend is gone). Resolves the copy
 * taken, or `undefined` when the version has none there. Inside the caller's transaction.
 */
export async function takeCopyOff(
  tx: MetaTx,
  record: ObjectRecord,
  backend: string,
  cleanupReason: string | undefined,
): Promise<ObjectCopy | undefined> {
  const copy = await tx.versions.removeCopy(record.bucket, record.key, record.versionId, backend);
  if (copy !== undefined && cleanupReason !== undefined) {
    await tx.cleanup.enqueue({
      backend,
      blob: copy.blob,
      size: record.size,
      reason: cleanupReason,
    });
  }
  return copy;
}
