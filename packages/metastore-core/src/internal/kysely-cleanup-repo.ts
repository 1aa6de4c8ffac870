import type { Selectable } from 'kysely';
import type { CleanupQueueTable } from '../database.js';
import { MetastoreNotFoundError } from '../errors.js';
import type { CleanupRepo, CleanupRequest } from '../store.js';
import type { CleanupJob } from '../types.js';
import { optional, toNumber } from './codec.js';
import type { RepoContext } from './repo-context.js';

/**
 * {@link CleanupRepo} over kysely. Orphan bytes are derived from the queue itself (the sum of the
 * sizes of pending and dead jobs), so they can never drift from the jobs that owe them.
 */
export class KyselyCleanupRepo implements CleanupRepo {
  readonly #ctx: RepoContext;

  constructor(ctx: RepoContext) {
    this.#ctx = ctx;
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
        attempts: 0,
        // Due at once unless a grace period was asked for: 0 is before any clock a worker uses.
        next_attempt_at: job.notBefore?.getTime() ?? 0,
        last_error: null,
        state: 'pending',
        enqueued_at: this.#ctx.now(),
      })
      .execute();
  }

  async claim(now: Date, limit: number, leaseMs: number): Promise<CleanupJob[]> {
    const { db, adapter } = this.#ctx;
    if (limit <= 0) return [];
    const rows = await adapter
      .claimRows(
        db
          .selectFrom('cleanup_queue')
          .selectAll()
          .where('state', '=', 'pending')
          .where('next_attempt_at', '<=', now.getTime())
          .orderBy('next_attempt_at')
          .orderBy('id')
          .limit(limit),
      )
      .execute();
    if (rows.length === 0) return [];
    // The lease: hidden from other claimers until it runs out; a worker that dies mid-job simply
    // lets the job come due again.
    await db
      .updateTable('cleanup_queue')
      .set({ next_attempt_at: now.getTime() + leaseMs })
      .where(
        'id',
        'in',
        rows.map((r) => r.id),
      )
      .execute();
    return rows.map(toCleanupJob);
  }

  async complete(id: number): Promise<void> {
    await this.#ctx.db.deleteFrom('cleanup_queue').where('id', '=', id).execute();
  }

  async fail(
    id: number,
    error: string,
    retryAt: Date,
    maxAttempts: number,
  ): Promise<'retry' | 'dead'> {
    const { db, adapter } = this.#ctx;
    // Locked so that two reports on one job (a worker whose lease ran out, and its successor)
    // count two attempts, not one.
    const row = await adapter
      .lockRows(db.selectFrom('cleanup_queue').select('attempts').where('id', '=', id), 'update')
      .executeTakeFirst();
    if (row === undefined) throw new MetastoreNotFoundError('cleanup-job', id);
    const attempts = toNumber(row.attempts) + 1;
    const outcome = attempts >= maxAttempts ? 'dead' : 'retry';
    await db
      .updateTable('cleanup_queue')
      .set({
        attempts,
        last_error: error,
        state: outcome === 'dead' ? 'dead' : 'pending',
        next_attempt_at: retryAt.getTime(),
      })
      .where('id', '=', id)
      .execute();
    return outcome;
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
    const rows = await this.#ctx.db
      .selectFrom('cleanup_queue')
      .selectAll()
      .where('state', '=', 'dead')
      .orderBy('id')
      .limit(Math.max(0, limit))
      .execute();
    return rows.map(toCleanupJob);
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
