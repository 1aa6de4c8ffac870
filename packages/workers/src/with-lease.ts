import type { LeaseRepo } from '@strata/metastore-core';
import { describeError } from './internal/describe-error.js';
import type {
  Job,
  JobRunOptions,
  JobRunResult,
  JobStartOptions,
  JobStatus,
  WorkerLogger,
} from './job.js';

/** Prefix of the lease each guarded job takes: `worker:<job name>`. */
export const WORKER_LEASE_PREFIX = 'worker:';

/**
 * A holder stops leading once this share of the ttl has passed since it sent its last successful
 * renewal: the lease lapses on the database's clock at the earliest one ttl after that renewal
 * was sent, and the margin covers the time the in-flight run needs to reach its next item.
 */
const WATCHDOG_SHARE = 0.9;

const SILENT: WorkerLogger = { info() {}, warn() {}, error() {} };

/** How periodic runs are restricted to one instance at a time. */
export interface WorkerLeaseOptions {
  /** The leases of the metastore every instance shares (`store.leases`). */
  readonly leases: LeaseRepo;
  /** This instance's id, unique per process, e.g. `${hostname}:${pid}:${random}`. */
  readonly holder: string;
  /**
   * Lease time to live in milliseconds: renewed (or, when not held, its acquisition retried)
   * every `ttlMs / 3`; a holder that could not renew stops within it, and another instance takes
   * over after it.
   */
  readonly ttlMs: number;
  /** Where lease changes and failures go; silent when absent. */
  readonly logger?: WorkerLogger | undefined;
}

/**
 * Guards `job` with the lease `worker:<job.name>`, so that among the instances that share the
 * metastore only the holder runs it periodically. Once started, the returned job tries to take the
 * lease at once and then every `ttlMs / 3`; while it holds the lease it renews it every
 * `ttlMs / 3` and runs `job` on its own schedule. As soon as a renewal fails, finds the lease taken
 * or is overdue (90% of `ttlMs` after the last successful one was sent), it stops: the timer ends
 * and the in-flight run is aborted at its next item. `close()` stops the runs, waits for the
 * in-flight one, then releases the lease, so another instance takes over at its next attempt.
 * `runOnce()` needs no lease (tests, admin triggers).
 *
 * Guarantee: no two instances run the job periodically at once, except for the time an aborted
 * run needs to reach its next item (the work itself is not fenced; see the README).
 *
 * @throws RangeError when `ttlMs` is not a positive finite number or `holder` is empty.
 * @example
 * ```ts
 * const reaper = withLease(createPendingWriteReaper({ store }), {
 *   leases: store.leases,
 *   holder: `${hostname()}:${process.pid}:${randomUUID()}`,
 *   ttlMs: 30_000,
 * });
 * reaper.start();
 * ```
 */
export function withLease<R extends JobRunResult>(
  job: Job<R>,
  options: WorkerLeaseOptions,
): Job<R> {
  return new LeasedJob(job, options);
}

class LeasedJob<R extends JobRunResult> implements Job<R> {
  readonly name: string;
  readonly #job: Job<R>;
  readonly #leases: LeaseRepo;
  readonly #holder: string;
  readonly #ttlMs: number;
  readonly #lease: string;
  readonly #logger: WorkerLogger;
  #loop: NodeJS.Timeout | undefined;
  #watchdog: NodeJS.Timeout | undefined;
  /** Aborted when this instance stops leading; defined while it leads. */
  #term: AbortController | undefined;
  #started = false;
  /** Bumped by each start(), so a tick of an ended schedule does not re-arm the loop. */
  #generation = 0;
  /** The lease operation in flight (never rejects). */
  #op: Promise<void> = Promise.resolve();
  #lastError: string | undefined;
  #closing: Promise<void> | undefined;

  constructor(job: Job<R>, options: WorkerLeaseOptions) {
    if (!Number.isFinite(options.ttlMs) || options.ttlMs <= 0) {
      throw new RangeError(`${job.name}: lease ttlMs must be a positive number`);
    }
    if (options.holder === '') throw new RangeError(`${job.name}: lease holder must not be empty`);
    this.name = job.name;
    this.#job = job;
    this.#leases = options.leases;
    this.#holder = options.holder;
    this.#ttlMs = options.ttlMs;
    this.#lease = `${WORKER_LEASE_PREFIX}${job.name}`;
    this.#logger = options.logger ?? SILENT;
  }

  runOnce(options?: JobRunOptions): Promise<R> {
    return this.#job.runOnce(options);
  }

  start(options?: JobStartOptions): void {
    if (this.#started || this.#closing || options?.signal?.aborted) return;
    this.#started = true;
    this.#generation += 1;
    // Ending this schedule stops leading without a release: the lease lapses after its ttl,
    // by when the aborted run has stopped.
    options?.signal?.addEventListener(
      'abort',
      () => {
        if (this.#closing) return;
        clearTimeout(this.#loop);
        this.#loop = undefined;
        this.#started = false;
        this.#lose('its schedule ended');
      },
      { once: true },
    );
    this.#arm(0);
  }

  async status(): Promise<JobStatus> {
    const own = await this.#job.status();
    let current: Awaited<ReturnType<LeaseRepo['get']>>;
    let lookupError: string | undefined;
    try {
      current = await this.#leases.get(this.#lease);
    } catch (err) {
      lookupError = describeError(err);
    }
    return {
      ...own,
      lease: {
        name: this.#lease,
        self: this.#holder,
        held: this.#term !== undefined,
        holder: current?.holder,
        expiresAt: current?.expiresAt,
        lastError: lookupError ?? this.#lastError,
      },
    };
  }

  close(): Promise<void> {
    this.#closing ??= (async () => {
      clearTimeout(this.#loop);
      this.#lose('closing');
      await this.#op;
      try {
        await this.#job.close();
      } finally {
        // Only once no run is in flight: the next holder must not overlap ours. An acquisition
        // that was in flight above may have taken the lease, so release even when not leading.
        if (this.#started) await this.#release();
      }
    })();
    return this.#closing;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  #arm(delayMs: number): void {
    const generation = this.#generation;
    this.#loop = setTimeout(() => void this.#tick(generation), delayMs);
    // Lease upkeep alone must not keep a process alive; the server that owns the jobs does.
    this.#loop.unref();
  }

  async #tick(generation: number): Promise<void> {
    this.#op = this.#term ? this.#renew(this.#term) : this.#acquire();
    await this.#op;
    if (this.#started && !this.#closing && generation === this.#generation) {
      this.#arm(this.#ttlMs / 3);
    }
  }

  async #acquire(): Promise<void> {
    const sentAt = performance.now();
    let acquired: boolean;
    try {
      acquired = await this.#leases.tryAcquire(this.#lease, this.#holder, this.#ttlMs);
    } catch (err) {
      this.#failed('acquire', err);
      return;
    }
    this.#lastError = undefined;
    if (!acquired || this.#closing || !this.#started) return;
    const term = new AbortController();
    this.#term = term;
    this.#watch(term, sentAt);
    this.#logger.info(
      { job: this.name, lease: this.#lease, holder: this.#holder },
      `${this.name}: lease acquired, running here`,
    );
    this.#job.start({ signal: term.signal });
  }

  async #renew(term: AbortController): Promise<void> {
    const sentAt = performance.now();
    let renewed = false;
    try {
      renewed = await this.#leases.renew(this.#lease, this.#holder, this.#ttlMs);
      this.#lastError = undefined;
    } catch (err) {
      this.#failed('renew', err);
    }
    // The watchdog (or close) may have ended this term while the renewal was in flight.
    if (this.#term !== term) return;
    if (renewed) this.#watch(term, sentAt);
    else this.#lose(this.#lastError ? 'its renewal failed' : 'it expired or was taken');
  }

  /** Ends `term` when no renewal sent after `sentAt` succeeds in time. */
  #watch(term: AbortController, sentAt: number): void {
    clearTimeout(this.#watchdog);
    const deadline = sentAt + this.#ttlMs * WATCHDOG_SHARE;
    this.#watchdog = setTimeout(() => {
      if (this.#term === term) this.#lose('it was not renewed in time');
    }, deadline - performance.now());
    this.#watchdog.unref();
  }

  /** Stops leading, if leading: ends the job's schedule, aborting its in-flight run. */
  #lose(why: string): void {
    const term = this.#term;
    if (term === undefined) return;
    this.#term = undefined;
    clearTimeout(this.#watchdog);
    term.abort(new Error(`${this.#lease}: stopped leading because ${why}`));
    if (why !== 'closing') {
      this.#logger.warn(
        { job: this.name, lease: this.#lease, holder: this.#holder },
        `${this.name}: lease lost (${why}), stopped running here`,
      );
    }
  }

  #failed(operation: string, err: unknown): void {
    this.#lastError = describeError(err);
    this.#logger.warn(
      { job: this.name, lease: this.#lease, holder: this.#holder, err },
      `${this.name}: lease ${operation} failed`,
    );
  }

  async #release(): Promise<void> {
    try {
      await this.#leases.release(this.#lease, this.#holder);
    } catch (err) {
      // Not fatal: the lease lapses after its ttl and another instance takes over then.
      this.#failed('release', err);
    }
  }
}
