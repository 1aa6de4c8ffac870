/** Options of {@link createAdaptiveTimeout}. */
export interface AdaptiveTimeoutOptions {
  /** Bandwidth assumed per request before any has finished, in bytes per second. Default 1 MiB/s. */
  initialBytesPerSecond?: number;
  /** Weight of the newest observation in the moving average, in (0, 1]. Default 0.3. */
  alpha?: number;
  /** Latency added to every request (round trip, time to first byte), ms. Default 200. */
  baseLatencyMs?: number;
  /** Slack: the timeout is this many times the expected duration. Default 4. */
  factor?: number;
  /** The timeout is multiplied by this for every retry (attempt 2 gets one `growth`). Default 2. */
  growth?: number;
  /** No timeout is shorter than this, ms. Default 2 000. */
  minMs?: number;
  /** No timeout is longer than this, ms. Default 600 000 (10 minutes). */
  maxMs?: number;
}

/**
 * Request timeouts from measured bandwidth (the s3-algo algorithm): a running exponentially
 * weighted average (EWMA) of the bandwidth each successful request achieved, and for a request
 * of `bytes`:
 *
 * `timeout = clamp(minMs, maxMs, (baseLatencyMs + bytes / bandwidth) × factor × growth^(attempt-1))`
 *
 * So a request that stalls is given up on soon after it should have finished, not after a fixed
 * minute, and each retry of it gets more time than the last. Not thread-shared state: one
 * instance per engine, observations from every request it runs.
 */
export class AdaptiveTimeout {
  readonly #alpha: number;
  readonly #baseLatencyMs: number;
  readonly #factor: number;
  readonly #growth: number;
  readonly #minMs: number;
  readonly #maxMs: number;
  #bytesPerSecond: number;

  /** Prefer {@link createAdaptiveTimeout}. */
  constructor(options: AdaptiveTimeoutOptions = {}) {
    this.#bytesPerSecond = positive('initialBytesPerSecond', options.initialBytesPerSecond ?? MiB);
    this.#alpha = options.alpha ?? 0.3;
    if (!(this.#alpha > 0 && this.#alpha <= 1)) {
      throw new RangeError(`alpha must be in (0, 1], got ${this.#alpha}`);
    }
    this.#baseLatencyMs = nonNegative('baseLatencyMs', options.baseLatencyMs ?? 200);
    this.#factor = positive('factor', options.factor ?? 4);
    this.#growth = positive('growth', options.growth ?? 2);
    this.#minMs = positive('minMs', options.minMs ?? 2_000);
    this.#maxMs = positive('maxMs', options.maxMs ?? 600_000);
    if (this.#minMs > this.#maxMs) throw new RangeError('minMs must not exceed maxMs');
  }

  /** The current bandwidth estimate, bytes per second. */
  get bytesPerSecond(): number {
    return this.#bytesPerSecond;
  }

  /** Expected duration of a request of `bytes` at the current estimate, ms (no slack). */
  expectedMs(bytes: number): number {
    return this.#baseLatencyMs + (bytes / this.#bytesPerSecond) * 1000;
  }

  /** The timeout of attempt number `attempt` (1 for the first) of a request of `bytes`, ms. */
  timeoutMs(bytes: number, attempt: number): number {
    const raw = this.expectedMs(bytes) * this.#factor * this.#growth ** (attempt - 1);
    return Math.round(Math.min(this.#maxMs, Math.max(this.#minMs, raw)));
  }

  /**
   * Records a successful request of `bytes` that took `durationMs`. The base latency is taken
   * off first, so that small requests (mostly latency) do not drag the bandwidth down; requests
   * of no bytes carry no bandwidth information and are ignored.
   */
  observe(bytes: number, durationMs: number): void {
    if (bytes <= 0) return;
    const transferMs = Math.max(1, durationMs - this.#baseLatencyMs);
    const sample = (bytes / transferMs) * 1000;
    this.#bytesPerSecond = this.#alpha * sample + (1 - this.#alpha) * this.#bytesPerSecond;
  }
}

const MiB = 1024 * 1024;

function positive(name: string, value: number): number {
  if (!(Number.isFinite(value) && value > 0)) {
    throw new RangeError(`${name} must be a positive number, got ${value}`);
  }
  return value;
}

function nonNegative(name: string, value: number): number {
  if (!(Number.isFinite(value) && value >= 0)) {
    throw new RangeError(`${name} must be a non-negative number, got ${value}`);
  }
  return value;
}

/**
 * Creates an {@link AdaptiveTimeout}.
 *
 * @throws RangeError for a non-positive rate, factor, growth or bound, or `alpha` outside (0, 1].
 * @example
 * ```ts
 * const timeouts = createAdaptiveTimeout({ initialBytesPerSecond: 10 * 1024 * 1024 });
 * timeouts.observe(8 * 1024 * 1024, 1_000); // one 8 MiB part took a second
 * timeouts.timeoutMs(8 * 1024 * 1024, 1);   // first attempt of the next one
 * ```
 */
export function createAdaptiveTimeout(options?: AdaptiveTimeoutOptions): AdaptiveTimeout {
  return new AdaptiveTimeout(options);
}
