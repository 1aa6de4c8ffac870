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

/** A background job. */
export interface Job<R extends JobRunResult = JobRunResult> extends AsyncDisposable {
  /** Stable name, used in logs. */
  readonly name: string;
  /**
   * Runs the job once, to completion, and resolves with what it did. Calls never overlap: a call
   * made while a run is in flight starts after it. Rejects with `JobClosedError` after `close()`.
   */
  runOnce(): Promise<R>;
  /**
   * Runs the job now and then every `intervalMs` after each run ends (never overlapping). A
   * failed run is logged and never thrown out of the timer. No-op when started or closed.
   */
  start(): void;
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
