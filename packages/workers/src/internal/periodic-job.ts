import type { Job, JobRunObserver, JobRunResult, WorkerLogger } from '../job.js';
import { JobClosedError } from '../job.js';

/** One run of a job; it stops early (between items) once `signal` is aborted. */
export type JobRun<R extends JobRunResult> = (signal: AbortSignal) => Promise<R>;

const SILENT: WorkerLogger = { info() {}, warn() {}, error() {} };

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
  #started = false;
  #closing: Promise<void> | undefined;

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

  runOnce(): Promise<R> {
    if (this.#closing) return Promise.reject(new JobClosedError(this.name));
    const run = this.#tail.then(() => this.#run(this.#stop.signal));
    this.#tail = run.catch(() => undefined);
    return run;
  }

  start(): void {
    if (this.#started || this.#closing) return;
    this.#started = true;
    this.#schedule(0);
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

  #schedule(delayMs: number): void {
    this.#timer = setTimeout(() => void this.#tick(), delayMs);
    // The timer alone must not keep a process alive; the server that owns the jobs does.
    this.#timer.unref();
  }

  async #tick(): Promise<void> {
    const started = performance.now();
    try {
      const result = await this.runOnce();
      this.#onRun?.({ job: this.name, durationMs: performance.now() - started, result });
      if (Object.values(result).some((n) => n > 0)) {
        this.#logger.info({ job: this.name, ...result }, `${this.name} run`);
      }
    } catch (err) {
      if (!(err instanceof JobClosedError)) {
        this.#onRun?.({ job: this.name, durationMs: performance.now() - started, error: err });
        this.#logger.error({ job: this.name, err }, `${this.name} run failed`);
      }
    } finally {
      if (!this.#closing) this.#schedule(this.#intervalMs);
    }
  }
}
