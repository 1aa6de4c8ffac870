import type { ExitCode } from '../transfer/exit-codes.js';
import type { AdminOptions } from './admin-options.js';
import { formatSize, formatTable } from './format-table.js';
import { runAdminCommand } from './run-admin-command.js';

/** What `strata admin queues` reads of `GET /admin/v1/queues`. */
export interface QueuesBody {
  readonly queues: readonly {
    readonly name: string;
    readonly pending: number;
    readonly dead: number;
  }[];
  readonly orphanBytes: number;
}

/** What `strata admin dead-letters list` reads of `GET /admin/v1/queues/{name}/dead`. */
export interface DeadLettersBody {
  readonly queue: string;
  readonly jobs: readonly {
    readonly id: number;
    readonly attempts: number;
    readonly lastError: string | null;
    readonly [field: string]: unknown;
  }[];
}

/** Options of `strata admin dead-letters`. */
export interface DeadLetterOptions extends AdminOptions {
  /** `--ids 4,7`: only these jobs (retry, purge). */
  ids?: string;
  /** `--limit N`: how many to list. */
  limit?: string;
}

/** One row per queue: pending and dead jobs; then the cleanup queue's orphan bytes. */
export function renderQueues(body: QueuesBody): string {
  const table = formatTable(
    [{ header: 'queue' }, { header: 'pending', right: true }, { header: 'dead', right: true }],
    body.queues.map((q) => [q.name, String(q.pending), String(q.dead)]),
  );
  return `${table}orphaned bytes awaiting cleanup: ${formatSize(body.orphanBytes)}\n`;
}

/** What a dead letter was for, in a few words, by the queue's own fields. */
function subjectOf(queue: string, job: DeadLettersBody['jobs'][number]): string {
  const text = (name: string) => {
    const value = job[name];
    return typeof value === 'string' ? value : '';
  };
  if (queue === 'cleanup') return `${text('backend')}/${text('blob')}`;
  if (queue === 'replication') {
    return `${text('bucket')}/${text('key')} → ${text('targetBackend')}`;
  }
  return `${text('event')} ${text('bucket')}/${text('key')}`;
}

/** One row per dead letter: id, what it was for, attempts, last error. */
export function renderDeadLetters(body: DeadLettersBody): string {
  return formatTable(
    [
      { header: 'id', right: true },
      { header: 'job' },
      { header: 'attempts', right: true },
      { header: 'last error' },
    ],
    body.jobs.map((job) => [
      String(job.id),
      subjectOf(body.queue, job),
      String(job.attempts),
      job.lastError ?? '-',
    ]),
  );
}

/** `strata admin queues`: each queue's pending and dead jobs. */
export function runQueues(options: AdminOptions): Promise<ExitCode> {
  return runAdminCommand('/queues', options, renderQueues);
}

/** `strata admin dead-letters list|retry|purge <queue>`. */
export function runDeadLetters(
  action: 'list' | 'retry' | 'purge',
  queue: string,
  options: DeadLetterOptions,
): Promise<ExitCode> {
  const base = `/queues/${encodeURIComponent(queue)}/dead`;
  const ids = options.ids === undefined ? '' : `?ids=${encodeURIComponent(options.ids)}`;
  if (action === 'list') {
    const limit = options.limit === undefined ? '' : `?limit=${encodeURIComponent(options.limit)}`;
    return runAdminCommand(`${base}${limit}`, options, renderDeadLetters);
  }
  if (action === 'retry') {
    return runAdminCommand(
      { method: 'POST', path: `${base}/retry${ids}` },
      options,
      (body: { retried: number }) =>
        `${body.retried} dead letter(s) of ${queue} back in the queue\n`,
    );
  }
  return runAdminCommand(
    { method: 'DELETE', path: `${base}${ids}` },
    options,
    (body: { purged: number }) => `${body.purged} dead letter(s) of ${queue} purged\n`,
  );
}
