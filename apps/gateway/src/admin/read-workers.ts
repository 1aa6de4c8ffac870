import type { JobRunResult, JobStatus } from '@strata/workers';
import type { AdminSources } from './admin-sources.js';

/** The lease of one worker, as this instance sees it. */
export interface AdminWorkerLease {
  readonly name: string;
  /** Whether this instance holds it (and runs the worker periodically). */
  readonly held: boolean;
  /** Who holds it (an instance id); `null` when nobody does or the lookup failed. */
  readonly holder: string | null;
  readonly expiresAt: string | null;
  readonly lastError: string | null;
}

/** One worker of `GET /admin/v1/workers`. */
export interface AdminWorker {
  readonly name: string;
  /** Runs started by this instance. */
  readonly runs: number;
  readonly running: boolean;
  readonly lastRunStartedAt: string | null;
  readonly lastRunEndedAt: string | null;
  /** What the last successful run did (counts by name). */
  readonly lastResult: JobRunResult | null;
  /** Why the last finished run failed; `null` when it succeeded. */
  readonly lastError: string | null;
  readonly lease: AdminWorkerLease | null;
}

/** `GET /admin/v1/workers`. */
export interface AdminWorkers {
  /** Whether this instance runs workers at all (`workers.enabled`). */
  readonly enabled: boolean;
  readonly instanceId: string;
  readonly workers: readonly AdminWorker[];
}

const iso = (date: Date | undefined): string | null => date?.toISOString() ?? null;

function toAdminWorker(job: JobStatus): AdminWorker {
  const { lease } = job;
  return {
    name: job.name,
    runs: job.runs,
    running: job.running,
    lastRunStartedAt: iso(job.lastRunStartedAt),
    lastRunEndedAt: iso(job.lastRunEndedAt),
    lastResult: job.lastResult ?? null,
    lastError: job.lastError ?? null,
    lease:
      lease === undefined
        ? null
        : {
            name: lease.name,
            held: lease.held,
            holder: lease.holder ?? null,
            expiresAt: iso(lease.expiresAt),
            lastError: lease.lastError ?? null,
          },
  };
}

/** Each background worker's runs, last outcome and lease (`WorkerGroup.status()`). */
export async function readWorkers(sources: AdminSources): Promise<AdminWorkers> {
  const jobs = await sources.workers.status();
  return {
    enabled: sources.workersEnabled,
    instanceId: sources.instanceId,
    workers: jobs.map(toAdminWorker),
  };
}
