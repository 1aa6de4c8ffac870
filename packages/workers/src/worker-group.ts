import type { Job } from './job.js';

/** Several jobs started and closed together. */
export interface WorkerGroup extends AsyncDisposable {
  readonly jobs: readonly Job[];
  /** Starts every job (each runs at once, then on its own interval). */
  start(): void;
  /** Closes every job, in parallel, waiting for in-flight runs. Idempotent. */
  close(): Promise<void>;
}

/**
 * Groups jobs so their owner (the gateway, on the elected leader) starts and stops them as one.
 * `close()` waits for every job even when one of them fails to close, then rethrows the first
 * failure.
 *
 * @example
 * ```ts
 * await using workers = createWorkerGroup([reaper, cleanup, multipartGc]);
 * workers.start();
 * ```
 */
export function createWorkerGroup(jobs: readonly Job[]): WorkerGroup {
  let closing: Promise<void> | undefined;
  const group: WorkerGroup = {
    jobs,
    start() {
      if (closing) return;
      for (const job of jobs) job.start();
    },
    close() {
      closing ??= Promise.allSettled(jobs.map((job) => job.close())).then((results) => {
        const failed = results.find((r) => r.status === 'rejected');
        if (failed) throw failed.reason;
      });
      return closing;
    },
    [Symbol.asyncDispose]: () => group.close(),
  };
  return group;
}
