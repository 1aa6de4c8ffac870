import type { Context, Hono } from 'hono';
import type { DeadLetterActions, MetaStore } from '@strata/metastore-core';
import { adminErrorResponse } from './admin-errors.js';

/** The metastore's job queues, by the name the admin API gives them. */
export const ADMIN_QUEUES = ['cleanup', 'replication', 'outbox'] as const;
export type AdminQueueName = (typeof ADMIN_QUEUES)[number];

/** `GET /admin/v1/queues`. */
export interface AdminQueues {
  readonly queues: readonly {
    readonly name: AdminQueueName;
    readonly pending: number;
    readonly dead: number;
  }[];
  /** Bytes of blobs waiting in the cleanup queue (pending and dead) to be deleted. */
  readonly orphanBytes: number;
}

/** One dead letter: the job's own fields, as the queue holds them, with these always present. */
export interface AdminDeadLetter {
  readonly id: number;
  readonly attempts: number;
  /** Why its last attempt failed. */
  readonly lastError: string | null;
  readonly [field: string]: unknown;
}

/** Dead letters listed at most per request. */
const MAX_LIMIT = 1000;

/** A queue's repository: its dead letters and what can be done with them. */
type QueueRepo = DeadLetterActions & {
  deadLetters(limit: number): Promise<readonly { readonly lastError?: string | undefined }[]>;
};

/**
 * The queue routes: `GET /queues` (depths), `GET /queues/{name}/dead` (its dead letters, oldest
 * first, `?limit=` up to 1000), `POST /queues/{name}/dead/retry` (back to pending, due at once)
 * and `DELETE /queues/{name}/dead` (purged). The last two take every dead letter, or those of
 * `?ids=1,2,3`.
 */
export function addQueueRoutes(app: Hono, store: MetaStore): void {
  const repos: Record<AdminQueueName, QueueRepo> = {
    cleanup: store.cleanup,
    replication: store.replication,
    outbox: store.outbox,
  };
  const withQueue =
    (handler: (c: Context, name: AdminQueueName, repo: QueueRepo) => Promise<Response>) =>
    (c: Context) => {
      const name = c.req.param('name') ?? '';
      return isQueue(name)
        ? handler(c, name, repos[name])
        : adminErrorResponse('NotFound', `no queue ${name}: one of ${ADMIN_QUEUES.join(', ')}`);
    };

  app.get('/queues', async (c) => {
    // Read afresh (a metastore that does not answer is the app's 503): an operator checks
    // what a retry or purge just did.
    const [cleanup, replication, outbox] = await Promise.all([
      store.cleanup.stats(),
      store.replication.stats(),
      store.outbox.stats(),
    ]);
    const stats = { cleanup, replication, outbox };
    const body: AdminQueues = {
      queues: ADMIN_QUEUES.map((name) => ({
        name,
        pending: stats[name].pending,
        dead: stats[name].dead,
      })),
      orphanBytes: cleanup.orphanBytes,
    };
    return c.json(body);
  });

  app.get(
    '/queues/:name/dead',
    withQueue(async (c, name, repo) => {
      const raw = c.req.query('limit') ?? '100';
      const limit = Number(raw);
      if (!/^\d+$/.test(raw) || limit < 1 || limit > MAX_LIMIT) {
        return adminErrorResponse('BadRequest', `limit must be 1 to ${MAX_LIMIT}: ${raw}`);
      }
      const jobs = (await repo.deadLetters(limit)).map(
        (job) => ({ ...job, lastError: job.lastError ?? null }) as AdminDeadLetter,
      );
      return c.json({ queue: name, jobs });
    }),
  );

  app.post(
    '/queues/:name/dead/retry',
    withQueue(async (c, name, repo) => {
      const ids = idsOf(c);
      if (ids === 'invalid') return badIds();
      return c.json({ queue: name, retried: await repo.retryDead(ids) });
    }),
  );

  app.delete(
    '/queues/:name/dead',
    withQueue(async (c, name, repo) => {
      const ids = idsOf(c);
      if (ids === 'invalid') return badIds();
      return c.json({ queue: name, purged: await repo.purgeDead(ids) });
    }),
  );
}

function isQueue(name: string): name is AdminQueueName {
  return (ADMIN_QUEUES as readonly string[]).includes(name);
}

/** `?ids=1,2,3`: those job ids; absent, every dead letter (`undefined`). */
function idsOf(c: Context): number[] | undefined | 'invalid' {
  const raw = c.req.query('ids');
  if (raw === undefined) return undefined;
  const parts = raw.split(',');
  if (parts.length > MAX_LIMIT || !parts.every((p) => /^\d{1,15}$/.test(p))) return 'invalid';
  return parts.map(Number);
}

function badIds(): Response {
  return adminErrorResponse(
    'BadRequest',
    `ids must be up to ${MAX_LIMIT} job ids separated by commas, e.g. ids=4,7`,
  );
}
