/**
 * The shape every background job shares: run once on demand (tests, admin triggers), or run
 * periodically between `start()` and `close()`.
 */

/** Counts of what one run did, by name (for logs, metrics and tests). */
export interface JobRunResult {
  readonly [count: string]: number;
}

/** A structured logger: pino's `(fields, message)` signature, which `console` also accepts. */
export interface WorkerLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

/** Options every job factory accepts. */
export interface JobOptions {
  /** Pause between the end of one periodic run and the start of the next. */
  readonly intervalMs?: number;
  /** Where run summaries and failures go; silent when absent. */
  readonly logger?: WorkerLogger;
  /** The clock (tests move it forward); `() => new Date()` by default. */
  readonly clock?: () => Date;
  /** Told of every periodic run when it ends (metrics); must not throw. */
  readonly onRun?: JobRunObserver | undefined;
}

/** One finished periodic run of a job. */
export interface JobRunEvent {
  readonly job: string;
  readonly durationMs: number;
  /** What the run did; absent when it failed. */
  readonly result?: JobRunResult | undefined;
  /** Why the run failed; absent when it succeeded. */
  readonly error?: unknown;
}

/** Receives every {@link JobRunEvent}; must not throw. */
export type JobRunObserver = (event: JobRunEvent) => void;

/** Options of {@link Job.runOnce}. */
export interface JobRunOptions {
  /**
   * Stops the run early, at the next item (as `close()` does); a run whose signal is already
   * aborted when its turn comes does not start and rejects with the signal's reason.
   */
  readonly signal?: AbortSignal | undefined;
}

/** Options of {@link Job.start}. */
export interface JobStartOptions {
  /**
   * Ends this periodic schedule: once aborted, the timer stops and the in-flight run stops at
   * its next item. The job stays open and may be started again (a lease holder regaining its
   * lease); runs still never overlap.
   */
  readonly signal?: AbortSignal | undefined;
}

/** What a job has done on this instance (periodic runs and `runOnce()` calls alike). */
export interface JobStatus {
  /** The job's name. */
  readonly name: string;
  /** Runs started so far by this instance. */
  readonly runs: number;
  /** Whether a run is in flight now. */
  readonly running: boolean;
  /** When the last run started; absent before the first. */
  readonly lastRunStartedAt: Date | undefined;
  /** When the last finished run ended; absent before the first ended. */
  readonly lastRunEndedAt: Date | undefined;
  /** What the last successful run did; absent before the first succeeded. */
  readonly lastResult: JobRunResult | undefined;
  /** Why the last finished run failed; absent when it succeeded. */
  readonly lastError: string | undefined;
  /** The lease the job's periodic runs need (see `withLease`); absent when it needs none. */
  readonly lease: JobLeaseStatus | undefined;
}

/** The lease of a lease-guarded job, as one instance sees it. */
export interface JobLeaseStatus {
  /** The lease's name in the metastore (`worker:<job name>`). */
  readonly name: string;
  /** This instance's holder id. */
  readonly self: string;
  /** Whether this instance holds the lease and runs the job periodically now. */
  readonly held: boolean;
  /**
   * Who holds the lease according to the metastore (`leases.get`); absent when nobody does or
   * the lookup failed.
   */
  readonly holder: string | undefined;
  /** When the holder's lease lapses unless renewed (the metastore's clock). */
  readonly expiresAt: Date | undefined;
  /** Why the last lease operation (acquire, renew, lookup) failed; absent when it succeeded. */
  readonly lastError: string | undefined;
}

/** A background job. */
export interface Job<R extends JobRunResult = JobRunResult> extends AsyncDisposable {
  /** Stable name, used in logs. */
  readonly name: string;
  /**
   * Runs the job once, to completion, and resolves with what it did. Calls never overlap: a call
   * made while a run is in flight starts after it. Needs no lease (tests, admin triggers).
   * Rejects with `JobClosedError` after `close()`.
   */
  runOnce(options?: JobRunOptions): Promise<R>;
  /**
   * Runs the job now and then every `intervalMs` after each run ends (never overlapping). A
   * failed run is logged and never thrown out of the timer. No-op when started or closed.
   */
  start(options?: JobStartOptions): void;
  /** What the job has done so far; resolves even when the metastore is unreachable. */
  status(): Promise<JobStatus>;
  /**
   * Stops the timer, signals an in-flight run to stop at the next item, and resolves once it
   * has. Idempotent.
   */
  close(): Promise<void>;
}

/** `runOnce()` was called on a closed job. */
export class JobClosedError extends Error {
  readonly code = 'EJOB_CLOSED' as const;
  constructor(job: string) {
    super(`job ${job} is closed`);
    this.name = 'JobClosedError';
  }
}
