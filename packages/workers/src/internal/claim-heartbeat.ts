import type { WorkerLogger } from '../job.js';
import { mapConcurrently } from './map-concurrently.js';

/** Extends the lease of claimed jobs until `until` (e.g. `store.cleanup.extendLease`). */
export type ExtendLease = (ids: readonly number[], until: Date) => Promise<void>;

/**
 * Keeps a batch of claimed queue jobs hidden from other claimers while this worker still works
 * them: every third of the lease it extends the lease of the jobs not yet done. A worker that
 * dies (`kill -9`, a lost host) stops extending, so its jobs come due again within one lease
 * however long they would have taken; a live worker keeps a long job (a large replica) for as
 * long as it needs. A failed extension is logged, not thrown: the next beat tries again, and at
 * worst another worker takes the job too, which every job here tolerates (a delete of a gone
 * blob succeeds; a second replica loses its compare-and-swap and deletes its own blob).
 */
export class ClaimHeartbeat {
  readonly #pending: Set<number>;
  readonly #leaseMs: number;
  readonly #extend: ExtendLease;
  readonly #clock: () => Date;
  readonly #onError: (error: unknown) => void;
  readonly #timer: NodeJS.Timeout;
  #beat: Promise<void> | undefined;

  constructor(options: {
    readonly ids: readonly number[];
    readonly leaseMs: number;
    readonly extend: ExtendLease;
    readonly clock: () => Date;
    readonly onError: (error: unknown) => void;
  }) {
    this.#pending = new Set(options.ids);
    this.#leaseMs = options.leaseMs;
    this.#extend = options.extend;
    this.#clock = options.clock;
    this.#onError = options.onError;
    this.#timer = setInterval(() => this.#renew(), Math.max(1, Math.floor(options.leaseMs / 3)));
    // A heartbeat must never hold the process open.
    this.#timer.unref();
  }

  /** The job is finished (whatever its outcome): stop extending its lease. */
  done(id: number): void {
    this.#pending.delete(id);
  }

  /** Stops the beats; resolves once a beat in flight has settled (the store may close next). */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#pending.clear();
    await this.#beat;
  }

  #renew(): void {
    if (this.#beat !== undefined || this.#pending.size === 0) return;
    const until = new Date(this.#clock().getTime() + this.#leaseMs);
    this.#beat = this.#extend([...this.#pending], until)
      .catch(this.#onError)
      .finally(() => {
        this.#beat = undefined;
      });
  }
}

/** How {@link mapClaimed} keeps its jobs' leases. */
export interface ClaimLease {
  /** The worker's name, for the log line of a failed extension. */
  readonly job: string;
  readonly leaseMs: number;
  readonly extend: ExtendLease;
  readonly clock: () => Date;
  readonly logger: WorkerLogger | undefined;
}

/**
 * {@link mapConcurrently} over claimed `jobs` under a {@link ClaimHeartbeat}: each job's lease is
 * extended until `fn` settles for it. `fn` must not reject.
 */
export async function mapClaimed<J extends { readonly id: number }, R>(
  jobs: readonly J[],
  concurrency: number,
  lease: ClaimLease,
  fn: (job: J) => Promise<R>,
): Promise<R[]> {
  if (jobs.length === 0) return [];
  const heartbeat = new ClaimHeartbeat({
    ids: jobs.map((job) => job.id),
    leaseMs: lease.leaseMs,
    extend: lease.extend,
    clock: lease.clock,
    onError: (err) =>
      lease.logger?.warn({ job: lease.job, err }, 'could not extend the lease of claimed jobs'),
  });
  try {
    return await mapConcurrently(jobs, concurrency, async (job) => {
      try {
        return await fn(job);
      } finally {
        heartbeat.done(job.id);
      }
    });
  } finally {
    await heartbeat.stop();
  }
}
