import type { Selectable } from 'kysely';
import type { CleanupQueueTable } from '../database.js';
import type { CleanupRepo, CleanupRequest } from '../store.js';
import type { CleanupJob } from '../types.js';
import { optional, toNumber } from './codec.js';
import { JobQueue, newJobColumns } from './job-queue.js';
import type { RepoContext } from './repo-context.js';

/**
 * {@link CleanupRepo} over kysely. Orphan bytes are derived from the queue itself (the sum of the
 * sizes of pending and dead jobs), so they can never drift from the jobs that owe them.
 */
export class KyselyCleanupRepo implements CleanupRepo {
  readonly #ctx: RepoContext;
  readonly #queue: JobQueue<CleanupQueueTable>;

  constructor(ctx: RepoContext) {
    this.#ctx = ctx;
    this.#queue = new JobQueue(ctx, 'cleanup_queue', 'cleanup-job');
  }

  async enqueue(job: CleanupRequest): Promise<void> {
    await this.#ctx.db
      .insertInto('cleanup_queue')
      .values({
        backend: job.backend,
        blob: job.blob,
        size: job.size,
        reason: job.reason,
        backend_upload_id: job.backendUploadId ?? null,
        ...newJobColumns(job.notBefore),
        enqueued_at: this.#ctx.now(),
      })
      .execute();
  }

  async claim(now: Date, limit: number, leaseMs: number): Promise<CleanupJob[]> {
    return (await this.#queue.claim(now, limit, leaseMs)).map(toCleanupJob);
  }

  async complete(id: number): Promise<void> {
    await this.#queue.complete(id);
  }

  fail(id: number, error: string, retryAt: Date, maxAttempts: number): Promise<'retry' | 'dead'> {
    return this.#queue.fail(id, error, retryAt, maxAttempts);
  }

  async stats(): Promise<{
    pending: number;
    dead: number;
    orphanBytes: number;
    orphanBytesByBackend: Record<string, number>;
  }> {
    const rows = await this.#ctx.db
      .selectFrom('cleanup_queue')
      .select((eb) => [
        'backend',
        'state',
        eb.fn.countAll().as('jobs'),
        eb.fn.sum('size').as('bytes'),
      ])
      .groupBy(['backend', 'state'])
      .execute();
    const result = {
      pending: 0,
      dead: 0,
      orphanBytes: 0,
      orphanBytesByBackend: {} as Record<string, number>,
    };
    for (const row of rows) {
      const jobs = toNumber(row.jobs);
      const bytes = toNumber(row.bytes);
      if (row.state === 'dead') result.dead += jobs;
      else result.pending += jobs;
      result.orphanBytes += bytes;
      result.orphanBytesByBackend[row.backend] =
        (result.orphanBytesByBackend[row.backend] ?? 0) + bytes;
    }
    return result;
  }

  async deadLetters(limit: number): Promise<CleanupJob[]> {
    return (await this.#queue.deadLetters(limit)).map(toCleanupJob);
  }
}

function toCleanupJob(row: Selectable<CleanupQueueTable>): CleanupJob {
  return {
    id: toNumber(row.id),
    backend: row.backend,
    blob: row.blob,
    size: toNumber(row.size),
    reason: row.reason,
    attempts: toNumber(row.attempts),
    lastError: optional(row.last_error),
    backendUploadId: optional(row.backend_upload_id),
  };
}
