import type { BackoffPolicy } from '../backoff.js';
import type { WorkerLogger } from '../job.js';
import { describeError, MAX_ERROR_CHARS } from './describe-error.js';

/** How a queue worker records a failed job (the queue's `fail`, its backoff and limit). */
export interface FailurePolicy {
  /** The queue's `fail` (`store.cleanup.fail`, `store.replication.fail`, `store.outbox.fail`). */
  readonly fail: (
    id: number,
    error: string,
    retryAt: Date,
    maxAttempts: number,
  ) => Promise<'retry' | 'dead'>;
  readonly clock: () => Date;
  readonly backoff: BackoffPolicy;
  readonly maxAttempts: number;
  readonly logger: WorkerLogger | undefined;
  /** What a job is called in log lines (`cleanup job`, `replication job`, `event`). */
  readonly noun: string;
}

/**
 * Records a failed attempt at a claimed job: retried after the policy's backoff, or
 * dead-lettered after its last attempt, and logged either way. Never rejects: a failure to
 * record it is logged (`errors`), and the job's lease brings it back.
 *
 * @param fields what identifies the job in log lines (worker, id, bucket, key…)
 */
export async function recordFailure(
  policy: FailurePolicy,
  job: { readonly id: number; readonly attempts: number },
  error: unknown,
  fields: Readonly<Record<string, unknown>>,
): Promise<'retried' | 'dead' | 'errors'> {
  const message = describeError(error).slice(0, MAX_ERROR_CHARS);
  const retryAt = new Date(policy.clock().getTime() + policy.backoff(job.attempts));
  try {
    const outcome = await policy.fail(job.id, message, retryAt, policy.maxAttempts);
    if (outcome === 'dead') {
      policy.logger?.error({ ...fields, error: message }, `${policy.noun} dead-lettered`);
      return 'dead';
    }
    policy.logger?.warn(
      { ...fields, error: message, retryAt },
      `${policy.noun} failed; will retry`,
    );
    return 'retried';
  } catch (recordError) {
    policy.logger?.error(
      { ...fields, err: recordError },
      `could not record a ${policy.noun} failure`,
    );
    return 'errors';
  }
}
