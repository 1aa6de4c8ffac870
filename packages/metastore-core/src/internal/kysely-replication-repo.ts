import type { Selectable } from 'kysely';
import type { ReplicationQueueTable } from '../database.js';
import type {
  ReplicationJob,
  ReplicationRepo,
  ReplicationRequest,
  ReplicationStats,
} from '../replication-repo.js';
import { optional, toNumber } from './codec.js';
import { JobQueue, newJobColumns } from './job-queue.js';
import type { RepoContext } from './repo-context.js';

/** {@link ReplicationRepo} over kysely; claims and retries through the shared {@link JobQueue}. */
export class KyselyReplicationRepo implements ReplicationRepo {
  readonly #ctx: RepoContext;
  readonly #queue: JobQueue<ReplicationQueueTable>;

  constructor(ctx: RepoContext) {
    this.#ctx = ctx;
    this.#queue = new JobQueue(ctx, 'replication_queue', 'replication-job');
  }

  async enqueue(job: ReplicationRequest): Promise<boolean> {
    // ON CONFLICT DO NOTHING on the unique (bucket, key, version, target) index: concurrent
    // enqueuers of one copy, on any connection, leave exactly one job.
    const inserted = await this.#ctx.db
      .insertInto('replication_queue')
      .values({
        bucket: job.bucket,
        key: job.key,
        version_id: job.versionId,
        source_backend: job.sourceBackend,
        target_backend: job.targetBackend,
        ...newJobColumns(job.notBefore),
        enqueued_at: this.#ctx.now(),
      })
      .onConflict((oc) => oc.columns(['bucket', 'key', 'version_id', 'target_backend']).doNothing())
      .returning('id')
      .executeTakeFirst();
    return inserted !== undefined;
  }

  async claim(now: Date, limit: number, leaseMs: number): Promise<ReplicationJob[]> {
    return (await this.#queue.claim(now, limit, leaseMs)).map(toReplicationJob);
  }

  extendLease(ids: readonly number[], until: Date): Promise<void> {
    return this.#queue.extend(ids, until);
  }

  async complete(id: number): Promise<void> {
    await this.#queue.complete(id);
  }

  fail(id: number, error: string, retryAt: Date, maxAttempts: number): Promise<'retry' | 'dead'> {
    return this.#queue.fail(id, error, retryAt, maxAttempts);
  }

  async stats(): Promise<ReplicationStats> {
    const rows = await this.#ctx.db
      .selectFrom('replication_queue')
      .select((eb) => ['target_backend', 'state', eb.fn.countAll().as('jobs')])
      .groupBy(['target_backend', 'state'])
      .execute();
    let pending = 0;
    let dead = 0;
    const pendingByTarget: Record<string, number> = {};
    for (const row of rows) {
      const jobs = toNumber(row.jobs);
      if (row.state === 'dead') {
        dead += jobs;
      } else {
        pending += jobs;
        pendingByTarget[row.target_backend] = (pendingByTarget[row.target_backend] ?? 0) + jobs;
      }
    }
    return { pending, dead, pendingByTarget };
  }

  retryDead(ids?: readonly number[]): Promise<number> {
    return this.#queue.retryDead(ids);
  }

  purgeDead(ids?: readonly number[]): Promise<number> {
    return this.#queue.purgeDead(ids);
  }

  async deadLetters(limit: number): Promise<ReplicationJob[]> {
    return (await this.#queue.deadLetters(limit)).map(toReplicationJob);
  }
}

function toReplicationJob(row: Selectable<ReplicationQueueTable>): ReplicationJob {
  return {
    id: toNumber(row.id),
    bucket: row.bucket,
    key: row.key,
    versionId: row.version_id,
    sourceBackend: row.source_backend,
    targetBackend: row.target_backend,
    attempts: toNumber(row.attempts),
    lastError: optional(row.last_error),
    enqueuedAt: new Date(toNumber(row.enqueued_at)),
  };
}
