import type {
  Job,
  JobRunObserver,
  JobRunOptions,
  JobRunResult,
  JobStartOptions,
  JobStatus,
  WorkerLogger,
} from '../job.js';
import { JobClosedError } from '../job.js';
import { describeError } from './describe-error.js';

/** One run of a job; it stops early (between items) once `signal` is aborted. */
export type JobRun<R extends JobRunResult> = (signal: AbortSignal) => Promise<R>;

const SILENT: WorkerLogger = { info() {}, warn() {}, error() {} };

/** A signal nobody aborts: the schedule of a plain `start()` ends only with `close()`. */
const FOREVER = new AbortController().signal;

/**
 * The lifecycle shared by every job: serialized runs, a self-rescheduling timer (setTimeout
 * after each run, so a slow run never overlaps the next), and a close that waits.
 */
export class PeriodicJob<R extends JobRunResult> implements Job<R> {
  readonly name: string;
  readonly #run: JobRun<R>;
  readonly #intervalMs: number;
  readonly #logger: WorkerLogger;
  readonly #onRun: JobRunObserver | undefined;
  readonly #stop = new AbortController();
  #tail: Promise<unknown> = Promise.resolve();
  #timer: NodeJS.Timeout | undefined;
  /** The signal of the running schedule; undefined while not started (or after it ended). */
  #schedule: AbortSignal | undefined;
  #closing: Promise<void> | undefined;
  #runs = 0;
  #running = false;
  #lastRunStartedAt: Date | undefined;
  #lastRunEndedAt: Date | undefined;
  #lastResult: R | undefined;
  #lastError: string | undefined;

  constructor(
    name: string,
    intervalMs: number,
    logger: WorkerLogger | undefined,
    run: JobRun<R>,
    onRun?: JobRunObserver,
  ) {
    if (!(intervalMs > 0)) throw new RangeError(`${name}: intervalMs must be positive`);
    this.name = name;
    this.#run = run;
    this.#intervalMs = intervalMs;
    this.#logger = logger ?? SILENT;
    this.#onRun = onRun;
  }

  runOnce(options?: JobRunOptions): Promise<R> {
    if (this.#closing) return Promise.reject(new JobClosedError(this.name));
    const caller = options?.signal;
    const signal = caller ? AbortSignal.any([this.#stop.signal, caller]) : this.#stop.signal;
    const run = this.#tail.then(() => {
      // A run queued behind another whose caller gave up meanwhile (a lost lease) must not
      // start at all: it would run on an instance that no longer owns the work.
      caller?.throwIfAborted();
      return this.#record(signal);
    });
    this.#tail = run.catch(() => undefined);
    return run;
  }

  start(options?: JobStartOptions): void {
    const schedule = options?.signal ?? FOREVER;
    if (this.#schedule || this.#closing || schedule.aborted) return;
    this.#schedule = schedule;
    schedule.addEventListener(
      'abort',
      () => {
        if (this.#schedule !== schedule) return;
        clearTimeout(this.#timer);
        this.#schedule = undefined;
      },
      { once: true },
    );
    this.#arm(schedule, 0);
  }

  status(): Promise<JobStatus> {
    return Promise.resolve({
      name: this.name,
      runs: this.#runs,
      running: this.#running,
      lastRunStartedAt: this.#lastRunStartedAt,
      lastRunEndedAt: this.#lastRunEndedAt,
      lastResult: this.#lastResult,
      lastError: this.#lastError,
      lease: undefined,
    });
  }

  close(): Promise<void> {
    this.#closing ??= (async () => {
      clearTimeout(this.#timer);
      this.#stop.abort();
      await this.#tail;
    })();
    return this.#closing;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  async #record(signal: AbortSignal): Promise<R> {
    this.#runs += 1;
    this.#running = true;
    this.#lastRunStartedAt = new Date();
    try {
      const result = await this.#run(signal);
      this.#lastResult = result;
      this.#lastError = undefined;
      return result;
    } catch (err) {
      this.#lastError = describeError(err);
      throw err;
    } finally {
      this.#running = false;
      this.#lastRunEndedAt = new Date();
    }
  }

  #arm(schedule: AbortSignal, delayMs: number): void {
    this.#timer = setTimeout(() => void this.#tick(schedule), delayMs);
    // The timer alone must not keep a process alive; the server that owns the jobs does.
    this.#timer.unref();
  }

  async #tick(schedule: AbortSignal): Promise<void> {
    const started = performance.now();
    try {
      // The never-aborted signal of a plain start() is left out rather than combined per run.
      const result = await this.runOnce(schedule === FOREVER ? undefined : { signal: schedule });
      this.#onRun?.({ job: this.name, durationMs: performance.now() - started, result });
      if (Object.values(result).some((n) => n > 0)) {
        this.#logger.info({ job: this.name, ...result }, `${this.name} run`);
      }
    } catch (err) {
      // Neither a close nor the end of this schedule is a failed run.
      const ended = schedule.aborted && err === schedule.reason;
      if (!(err instanceof JobClosedError) && !ended) {
        this.#onRun?.({ job: this.name, durationMs: performance.now() - started, error: err });
        this.#logger.error({ job: this.name, err }, `${this.name} run failed`);
      }
    } finally {
      if (!this.#closing && !schedule.aborted) this.#arm(schedule, this.#intervalMs);
    }
  }
}
