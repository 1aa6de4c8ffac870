import type { ObjectBackend } from '@strata/backend-pool';
import type { CleanupJob, MetaStore } from '@strata/metastore-core';
import type { BackoffPolicy } from '../backoff.js';
import type { WorkerLogger } from '../job.js';
import { describeError, MAX_ERROR_CHARS } from './describe-error.js';

/** How one cleanup job ended. */
export type CleanupOutcome = 'deleted' | 'referenced' | 'retried' | 'dead' | 'errors' | 'aborted';

/** What {@link processCleanupJob} needs. */
export interface CleanupContext {
  readonly store: MetaStore;
  readonly resolve: (name: string) => ObjectBackend | undefined;
  readonly clock: () => Date;
  readonly logger: WorkerLogger | undefined;
  readonly maxAttempts: number;
  readonly backoff: BackoffPolicy;
}

/** Processes one claimed job; never rejects (every failure is recorded or logged). */
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
    // Last line of defence for invariant 2: a job must never delete bytes a committed object
    // points to, whatever enqueued it. Checked right before the delete.
    if (await ctx.store.objects.isBlobReferenced(job.backend, job.blob)) {
      ctx.logger?.warn(
        { job: 'cleanup-processor', id: job.id, backend: job.backend, blob: job.blob },
        'cleanup job names a referenced blob; dropped without deleting',
      );
      await ctx.store.cleanup.complete(job.id);
      return 'referenced';
    }
    await backend.delete(job.blob, { signal });
    await ctx.store.cleanup.complete(job.id);
    return 'deleted';
  } catch (err) {
    // Stopped by close(): not the job's fault, so no attempt is counted; the lease brings it back.
    if (signal.aborted) return 'aborted';
    return recordFailure(job, err, ctx);
  }
}

async function recordFailure(job: CleanupJob, err: unknown, ctx: CleanupContext) {
  const message = describeError(err).slice(0, MAX_ERROR_CHARS);
  const retryAt = new Date(ctx.clock().getTime() + ctx.backoff(job.attempts));
  try {
    const outcome = await ctx.store.cleanup.fail(job.id, message, retryAt, ctx.maxAttempts);
    const fields = { job: 'cleanup-processor', id: job.id, backend: job.backend, blob: job.blob };
    if (outcome === 'dead') {
      ctx.logger?.error({ ...fields, error: message }, 'cleanup job dead-lettered');
      return 'dead';
    }
    ctx.logger?.warn({ ...fields, error: message, retryAt }, 'cleanup job failed; will retry');
    return 'retried';
  } catch (recordError) {
    ctx.logger?.error(
      { job: 'cleanup-processor', id: job.id, err: recordError },
      'could not record a cleanup failure',
    );
    return 'errors';
  }
}
