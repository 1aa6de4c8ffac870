import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { SharedStore } from './shared-store.js';

/** Configuration of {@link createRateLimit}. */
export interface RateLimitConfig {
  /** Requests each key may make per window. */
  readonly points: number;
  /** Window length in whole seconds. */
  readonly durationSec: number;
  /** Namespace of the counters (`strata:limits:addr`); instances sharing it share the limit. */
  readonly keyPrefix: string;
  /** Count in Redis, shared by every instance, falling back to memory while it is down. */
  readonly store?: SharedStore | undefined;
}

/** A request-rate limit per key. */
export interface RateLimit {
  /**
   * Counts one request of `key`. Resolves 0 when it may go ahead, otherwise the milliseconds
   * until the key's window ends (the request was refused and still counts).
   */
  take(key: string): Promise<number>;
}

/**
 * A fixed-window request-rate limit from `rate-limiter-flexible`: `RateLimiterMemory` alone, or
 * with a store `RateLimiterRedis` (atomic increment + expiry in one Lua call) with a
 * `RateLimiterMemory` as its `insuranceLimiter`. While Redis cannot answer, each instance
 * counts on its own: the limit still holds per instance, and the store logs the outage once.
 */
export function createRateLimit(config: RateLimitConfig): RateLimit {
  const options = {
    points: config.points,
    duration: config.durationSec,
    keyPrefix: config.keyPrefix,
  };
  const store = config.store;
  if (store === undefined) {
    const limiter = new RateLimiterMemory(options);
    return { take: (key) => consume(limiter, key).then((res) => res.waitMs) };
  }
  // Answers of the fallback are remembered, so that any other answer proves Redis is back.
  const fromFallback = new WeakSet<RateLimiterRes>();
  const limiter = new RateLimiterRedis({
    ...options,
    storeClient: store.client,
    // Do not queue behind a connection that is not there: fall back at once.
    rejectIfRedisNotReady: true,
    insuranceLimiter: new FallbackLimiter(options, store, fromFallback),
  });
  return {
    async take(key) {
      const { res, waitMs } = await consume(limiter, key);
      if (!fromFallback.has(res)) store.markUp();
      return waitMs;
    },
  };
}

async function consume(
  limiter: RateLimiterAbstract,
  key: string,
): Promise<{ res: RateLimiterRes; waitMs: number }> {
  try {
    return { res: await limiter.consume(key), waitMs: 0 };
  } catch (rejection) {
    // A refusal is a RateLimiterRes; anything else is a store failure with no fallback.
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    return { res: rejection, waitMs: Math.max(1, rejection.msBeforeNext) };
  }
}

/** The in-memory insurance of a Redis limit: it tells the store each time it had to answer. */
class FallbackLimiter extends RateLimiterMemory {
  readonly #store: SharedStore;
  readonly #answers: WeakSet<RateLimiterRes>;

  constructor(
    options: { points: number; duration: number; keyPrefix: string },
    store: SharedStore,
    answers: WeakSet<RateLimiterRes>,
  ) {
    super(options);
    this.#store = store;
    this.#answers = answers;
  }

  override async consume(
    key: string | number,
    points?: number,
    options?: Record<string, unknown>,
  ): Promise<RateLimiterRes> {
    this.#store.markDown();
    try {
      const res = await super.consume(key, points, options);
      this.#answers.add(res);
      return res;
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) this.#answers.add(rejection);
      throw rejection;
    }
  }
}
