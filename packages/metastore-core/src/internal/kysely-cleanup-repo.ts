import type { Selectable } from 'kysely';
import type { CleanupQueueTable } from '../database.js';
import type { CleanupClaim, CleanupRepo, CleanupRequest } from '../store.js';
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

  extendLease(ids: readonly number[], until: Date): Promise<void> {
    return this.#queue.extend(ids, until);
  }

  async claimDeletable(now: Date, limit: number, leaseMs: number): Promise<CleanupClaim> {
    const rows = await this.#queue.claim(now, limit, leaseMs);
    if (rows.length === 0) return { jobs: [], referenced: [] };
    const referenced = await this.#referencedIds(rows.map((row) => toNumber(row.id)));
    if (referenced.size > 0) {
      await this.#ctx.db
        .deleteFrom('cleanup_queue')
        .where('id', 'in', [...referenced])
        .execute();
    }
    const claim = { jobs: [] as CleanupJob[], referenced: [] as CleanupJob[] };
    for (const row of rows) {
      (referenced.has(toNumber(row.id)) ? claim.referenced : claim.jobs).push(toCleanupJob(row));
    }
    return claim;
  }

  /**
   * The ids among `ids` whose (backend, blob) an object copy or a write intent names. ONE
   * statement, so one snapshot on PostgreSQL (READ COMMITTED gives each statement its own): a
   * writer committing between two separate checks could move its reference from the intent to a
   * copy unseen by both. Either its intent is seen (not yet committed) or its copy is.
   */
  async #referencedIds(ids: readonly number[]): Promise<Set<number>> {
    const rows = await this.#ctx.db
      .selectFrom('cleanup_queue as job')
      .select('job.id')
      .where('job.id', 'in', ids)
      .where((eb) =>
        eb.or([
          eb.exists(
            eb
              .selectFrom('object_copies as copy')
              .select('copy.key')
              .whereRef('copy.backend', '=', 'job.backend')
              .whereRef('copy.blob', '=', 'job.blob'),
          ),
          eb.exists(
            eb
              .selectFrom('write_intents as intent')
              .select('intent.id')
              .whereRef('intent.backend', '=', 'job.backend')
              .whereRef('intent.blob', '=', 'job.blob'),
          ),
        ]),
      )
      .execute();
    return new Set(rows.map((row) => toNumber(row.id)));
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

  retryDead(ids?: readonly number[]): Promise<number> {
    return this.#queue.retryDead(ids);
  }

  purgeDead(ids?: readonly number[]): Promise<number> {
    return this.#queue.purgeDead(ids);
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
