import type { ExitCode } from '../transfer/exit-codes.js';
import { formatDate } from '../transfer/format-listing.js';
import type { AdminOptions } from './admin-options.js';
import { formatTable } from './format-table.js';
import { runAdminCommand } from './run-admin-command.js';

/** What `strata admin workers` reads of `GET /admin/v1/workers`. */
export interface WorkersBody {
  readonly enabled: boolean;
  readonly instanceId: string;
  readonly workers: readonly {
    readonly name: string;
    readonly runs: number;
    readonly running: boolean;
    readonly lastRunEndedAt: string | null;
    readonly lastResult: Readonly<Record<string, number>> | null;
    readonly lastError: string | null;
    readonly lease: { readonly held: boolean; readonly holder: string | null } | null;
  }[];
}

function outcome(worker: WorkersBody['workers'][number]): string {
  if (worker.lastError !== null) return `error: ${worker.lastError}`;
  if (worker.lastResult === null) return '-';
  // Only what the run did: a run that found nothing to do is just `ok`.
  const counts = Object.entries(worker.lastResult)
    .filter(([, n]) => n !== 0)
    .map(([name, n]) => `${name}=${n}`);
  return counts.length === 0 ? 'ok' : `ok ${counts.join(' ')}`;
}

function holder(worker: WorkersBody['workers'][number], self: string): string {
  const lease = worker.lease;
  if (lease === null) return '-';
  if (lease.holder === null) return '(none)';
  return lease.holder === self ? `${lease.holder} (this instance)` : lease.holder;
}

/** One row per worker: runs on this instance, when the last ended, its outcome, the lease holder. */
export function renderWorkers(body: WorkersBody): string {
  const table = formatTable(
    [
      { header: 'name' },
      { header: 'runs', right: true },
      { header: 'last run' },
      { header: 'last outcome' },
      { header: 'lease holder' },
    ],
    body.workers.map((w) => [
      w.running ? `${w.name} (running)` : w.name,
      String(w.runs),
      w.lastRunEndedAt === null ? '-' : formatDate(new Date(w.lastRunEndedAt)),
      outcome(w),
      holder(w, body.instanceId),
    ]),
  );
  return body.enabled ? table : `${table}(workers are disabled on this instance)\n`;
}

/** `strata admin workers`: every background worker's runs, last outcome and lease. */
export function runWorkers(options: AdminOptions): Promise<ExitCode> {
  return runAdminCommand('/workers', options, renderWorkers);
}
