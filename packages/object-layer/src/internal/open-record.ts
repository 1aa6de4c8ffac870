import type { Readable } from 'node:stream';
import type { ByteRange } from '@strata/backend-pool';
import type { ObjectRecord } from '@strata/metastore-core';
import type { LayerContext } from './context.js';

/**
 * Opens a read stream over a committed object, trying its copies in order: a copy whose backend
 * fails before returning a stream (unavailable, breaker open, blob missing) is skipped for the
 * next one. Once a stream is returned, mid-stream errors are the caller's.
 *
 * @throws the last copy's error when every copy failed; an abort is rethrown at once.
 */
export async function openRecord(
  ctx: LayerContext,
  record: ObjectRecord,
  range: ByteRange | undefined,
  signal: AbortSignal | undefined,
): Promise<Readable> {
  let lastError: unknown = new Error(`object ${record.bucket}/${record.key} has no copies`);
  for (const copy of record.copies) {
    signal?.throwIfAborted();
    try {
      const backend = ctx.backend(copy.backend);
      return await backend.get(copy.blob, {
        ...(range ? { range } : {}),
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      lastError = error;
    }
  }
  throw lastError;
}
