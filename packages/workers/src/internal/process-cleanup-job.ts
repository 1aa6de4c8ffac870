import type { ObjectBackend } from '@strata/backend-pool';
import type { CleanupJob, MetaStore } from '@strata/metastore-core';
import type { BackoffPolicy } from '../backoff.js';
import type { WorkerLogger } from '../job.js';
import { recordFailure } from './record-failure.js';

/** How one claimed cleanup job ended. */
export type CleanupOutcome = 'deleted' | 'retried' | 'dead' | 'errors' | 'aborted';

/** What {@link processCleanupJob} needs. */
export interface CleanupContext {
  readonly store: MetaStore;
  readonly resolve: (name: string) => ObjectBackend | undefined;
  readonly clock: () => Date;
  readonly logger: WorkerLogger | undefined;
  readonly maxAttempts: number;
  readonly backoff: BackoffPolicy;
}

/**
 * Processes one job of `cleanup.claimDeletable`; never rejects (every failure is recorded or
 * logged). The blob is deleted without checking references again: the claim proved none, and a
 * check here would only reopen the window it closed (a reference could appear between the
 * check and the delete as well as before the check).
 *
 * Why the window between the claim and the delete is safe: a blob name is never written twice on
 * a backend. Every write and every copy (replica, evacuation) gets a fresh name, from a new write
 * id, under an intent recorded before its first byte (a multipart upload: under its upload row);
 * and a commit only references its blob while it still holds that intent (removing it is the
 * commit's fence against the reaper) or that row is still active (retiring an upload removes the
 * row as it queues the blob). The claim saw no copy and no intent naming this (backend, blob), so
 * nothing references it now and nothing can start to: no writer holds, or will ever take, an
 * intent for this name.
 */
export async function processCleanupJob(
  job: CleanupJob,
  ctx: CleanupContext,
  signal: AbortSignal,
): Promise<CleanupOutcome> {
  try {
    const backend = ctx.resolve(job.backend);
    if (backend === undefined) throw new Error(`unknown backend ${job.backend}`);
    if (job.backendUploadId !== undefined) {
      await backend.abortMultipart(job.blob, job.backendUploadId, { signal });
    }
    await backend.delete(job.blob, { signal });
    await ctx.store.cleanup.complete(job.id);
    return 'deleted';
  } catch (err) {
    // Stopped by close(): not the job's fault, so no attempt is counted; the lease brings it back.
    if (signal.aborted) return 'aborted';
    const fields = { job: 'cleanup-processor', id: job.id, backend: job.backend, blob: job.blob };
    return recordFailure(
      { ...ctx, fail: (...args) => ctx.store.cleanup.fail(...args), noun: 'cleanup job' },
      job,
      err,
      fields,
    );
  }
}
