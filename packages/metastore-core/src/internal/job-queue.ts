import type { Kysely, Selectable } from 'kysely';
import type { QueueColumns } from '../database.js';
import { MetastoreNotFoundError } from '../errors.js';
import type { MetastoreEntity } from '../errors.js';
import { toNumber } from './codec.js';
import type { RepoContext } from './repo-context.js';
import type { DeadLetterActions } from '../dead-letter-actions.js';

/** The tables that hold job queues; each has the {@link QueueColumns}. */
export type QueueTable = 'cleanup_queue' | 'replication_queue' | 'event_outbox';

/** The helper's view of a queue table: only the job columns, under one name. */
interface QueueView {
  queue: QueueColumns;
}

/** Job states: claimable (`pending`, due or leased) or given up on (`dead`). */
const PENDING = 'pending';
const DEAD = 'dead';

/** The job columns of a freshly enqueued job, due at `notBefore` (default: at once). */
export function newJobColumns(notBefore?: Date): {
  attempts: number;
  next_attempt_at: number;
  last_error: null;
  state: string;
} {
  // 0 is before any clock a worker passes to claim().
  return {
    attempts: 0,
    next_attempt_at: notBefore?.getTime() ?? 0,
    last_error: null,
    state: PENDING,
  };
}

/**
 * The claim / complete / fail / dead-letter logic shared by every queue (cleanup, replication,
 * outbox), so that the three cannot drift apart. A claim hides a job for a lease by moving its due
 * time forward (a worker that dies lets the job come due again); a failure counts an attempt and
 * reschedules the job, or moves it to the `dead` state once `maxAttempts` is reached.
 *
 * `Row` is the table's full row type: the queries are typed against the job columns only, and
 * `selectAll()` returns every column of the real table at run time.
 */
export class JobQueue<Row extends QueueColumns> implements DeadLetterActions {
  readonly #ctx: RepoContext;
  // At run time the real table name; typed as the view's single table.
  readonly #table: 'queue';
  readonly #entity: MetastoreEntity;

  constructor(ctx: RepoContext, table: QueueTable, entity: MetastoreEntity) {
    this.#ctx = ctx;
    this.#table = table as unknown as 'queue';
    this.#entity = entity;
  }

  get #db(): Kysely<QueueView> {
    return this.#ctx.db as unknown as Kysely<QueueView>;
  }

  /**
   * Claims up to `limit` due pending jobs (longest due first, then in enqueue order) and hides
   * them until `now + leaseMs`. Concurrent claimers never get the same job: the select claims its
   * rows (`FOR UPDATE SKIP LOCKED` on PostgreSQL; SQLite has one writer at a time).
   */
  async claim(now: Date, limit: number, leaseMs: number): Promise<Selectable<Row>[]> {
    if (limit <= 0) return [];
    const rows = await this.#ctx.adapter
      .claimRows(
        this.#db
          .selectFrom(this.#table)
          .selectAll()
          .where('state', '=', PENDING)
          .where('next_attempt_at', '<=', now.getTime())
          .orderBy('next_attempt_at')
          .orderBy('id')
          .limit(Math.floor(limit)),
      )
      .execute();
    if (rows.length === 0) return [];
    await this.#db
      .updateTable(this.#table)
      .set({ next_attempt_at: now.getTime() + leaseMs })
      .where(
        'id',
        'in',
        rows.map((r) => r.id),
      )
      .execute();
    return rows as Selectable<Row>[];
  }

  /**
   * Keeps claimed jobs hidden until `until`: the heartbeat of a claimer still working them, so
   * that a lease can be short (a killed claimer's jobs come back soon) and a long job still keeps
   * its claim. Only pending jobs move; one completed or dead-lettered meanwhile is left alone.
   */
  async extend(ids: readonly number[], until: Date): Promise<void> {
    if (ids.length === 0) return;
    await this.#db
      .updateTable(this.#table)
      .set({ next_attempt_at: until.getTime() })
      .where('id', 'in', [...ids])
      .where('state', '=', PENDING)
      .execute();
  }

  /** The job succeeded: removes it. Resolves false when it was already gone. */
  async complete(id: number): Promise<boolean> {
    const result = await this.#db.deleteFrom(this.#table).where('id', '=', id).executeTakeFirst();
    return toNumber(result.numDeletedRows) > 0;
  }

  /**
   * The job failed: counts the attempt and schedules it at `retryAt`, or dead-letters it when
   * `attempts + 1 >= maxAttempts`.
   *
   * @throws {@link MetastoreNotFoundError} when no job has this id.
   */
  async fail(
    id: number,
    error: string,
    retryAt: Date,
    maxAttempts: number,
  ): Promise<'retry' | 'dead'> {
    // Locked so that two reports on one job (a worker whose lease ran out, and its successor)
    // count two attempts, not one.
    const row = await this.#ctx.adapter
      .lockRows(this.#db.selectFrom(this.#table).select('attempts').where('id', '=', id), 'update')
      .executeTakeFirst();
    if (row === undefined) throw new MetastoreNotFoundError(this.#entity, id);
    const attempts = toNumber(row.attempts) + 1;
    const outcome = attempts >= maxAttempts ? 'dead' : 'retry';
    await this.#db
      .updateTable(this.#table)
      .set({
        attempts,
        last_error: error,
        state: outcome === 'dead' ? DEAD : PENDING,
        next_attempt_at: retryAt.getTime(),
      })
      .where('id', '=', id)
      .execute();
    return outcome;
  }

  /** Jobs per state. */
  async counts(): Promise<{ pending: number; dead: number }> {
    const rows = await this.#db
      .selectFrom(this.#table)
      .select((eb) => ['state', eb.fn.countAll().as('jobs')])
      .groupBy('state')
      .execute();
    const counts = { pending: 0, dead: 0 };
    for (const row of rows) {
      if (row.state === DEAD) counts.dead += toNumber(row.jobs);
      else counts.pending += toNumber(row.jobs);
    }
    return counts;
  }

  /** See {@link DeadLetterActions.retryDead}. */
  async retryDead(ids?: readonly number[]): Promise<number> {
    if (ids?.length === 0) return 0;
    let query = this.#db
      .updateTable(this.#table)
      .set({ state: PENDING, attempts: 0, next_attempt_at: 0 })
      .where('state', '=', DEAD);
    if (ids !== undefined) query = query.where('id', 'in', [...ids]);
    const result = await query.executeTakeFirst();
    return toNumber(result.numUpdatedRows);
  }

  /** See {@link DeadLetterActions.purgeDead}. */
  async purgeDead(ids?: readonly number[]): Promise<number> {
    if (ids?.length === 0) return 0;
    let query = this.#db.deleteFrom(this.#table).where('state', '=', DEAD);
    if (ids !== undefined) query = query.where('id', 'in', [...ids]);
    const result = await query.executeTakeFirst();
    return toNumber(result.numDeletedRows);
  }

  /** Dead-lettered jobs, oldest first. */
  async deadLetters(limit: number): Promise<Selectable<Row>[]> {
    const rows = await this.#db
      .selectFrom(this.#table)
      .selectAll()
      .where('state', '=', DEAD)
      .orderBy('id')
      .limit(Math.max(0, Math.floor(limit)))
      .execute();
    return rows as Selectable<Row>[];
  }
}
