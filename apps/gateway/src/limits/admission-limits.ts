import { ByteBudget } from './byte-budget.js';
import { KeyedGauge } from './keyed-gauge.js';
import { createRateLimit, type RateLimit } from './rate-limit.js';
import type { RequestSlots } from './request-slots.js';
import type { SharedStore } from './shared-store.js';
import { slowDown } from './slow-down.js';

/** Limits of one kind of client (an access key, or an address). */
export interface ClientLimitsConfig {
  /** Requests per window; absent or `points: 0` = no rate limit. */
  readonly rate?: { readonly points: number; readonly durationSec: number } | undefined;
  /** Requests in flight at once (on this instance); 0 or absent = no limit. */
  readonly inFlight?: number | undefined;
}

/** Configuration of {@link createAdmissionLimits}. */
export interface AdmissionLimitsConfig {
  readonly perKey?: ClientLimitsConfig | undefined;
  readonly perAddress?: ClientLimitsConfig | undefined;
  /** Requests this instance serves at once; 0 or absent = no limit. */
  readonly maxInFlight?: number | undefined;
  /** Bytes of XML request bodies this instance holds at once; 0 or absent = no limit. */
  readonly maxBufferedBytes?: number | undefined;
  /** Where request rates are counted across instances; memory only without it. */
  readonly store?: SharedStore | undefined;
  /** Namespace of the rate counters in the store. Default `strata:limits`. */
  readonly keyPrefix?: string | undefined;
}

/** Every admission limit of one gateway instance (see {@link createAdmissionLimits}). */
export interface AdmissionLimits {
  /** Requests this instance serves at once; 0 = no limit. */
  readonly maxInFlight: number;
  /** Bytes of XML bodies held in memory. */
  readonly buffered: ByteBudget;
  /** Per access key, applied after authentication. */
  readonly perKey: ClientLimiter;
  /** Per client address, applied before authentication. */
  readonly perAddress: ClientLimiter;
}

/**
 * Builds the admission limits: request rates from `rate-limiter-flexible` (in Redis when a store
 * is given, so they hold across instances), in-flight counts per key and address on this
 * instance, the instance's in-flight cap and its budget of buffered XML bytes. Over any of them a
 * request is answered `503 SlowDown` with `Retry-After`.
 */
export function createAdmissionLimits(config: AdmissionLimitsConfig = {}): AdmissionLimits {
  const prefix = config.keyPrefix ?? 'strata:limits';
  return {
    maxInFlight: config.maxInFlight ?? 0,
    buffered: new ByteBudget(config.maxBufferedBytes ?? 0),
    perKey: new ClientLimiter('access key', config.perKey, `${prefix}:key`, config.store),
    perAddress: new ClientLimiter('address', config.perAddress, `${prefix}:addr`, config.store),
  };
}

/** The in-flight and rate limits of one kind of client. */
export class ClientLimiter {
  readonly #what: string;
  readonly #inFlight: KeyedGauge;
  readonly #rate: RateLimit | undefined;

  constructor(
    what: string,
    config: ClientLimitsConfig = {},
    keyPrefix: string,
    store: SharedStore | undefined,
  ) {
    this.#what = what;
    this.#inFlight = new KeyedGauge(config.inFlight ?? 0);
    const rate = config.rate;
    this.#rate =
      rate && rate.points > 0 ? createRateLimit({ ...rate, keyPrefix, store }) : undefined;
  }

  /** True when this kind of client has no limit at all (the middleware can skip it). */
  get unlimited(): boolean {
    return this.#inFlight.limit === 0 && this.#rate === undefined;
  }

  /** Requests `key` has in flight on this instance. */
  inFlight(key: string): number {
    return this.#inFlight.count(key);
  }

  /**
   * Admits one request of `key`: takes an in-flight slot (given back through `slots`) and counts
   * it against the rate.
   *
   * @throws S3Error `SlowDown` with `Retry-After`: 1 s over the in-flight limit, the rest of the
   *   window over the rate.
   */
  async admit(key: string, slots: RequestSlots): Promise<void> {
    const gauge = this.#inFlight;
    if (gauge.limit > 0) {
      if (!gauge.tryAcquire(key)) {
        throw slowDown(`too many requests in flight for this ${this.#what}`, 1000);
      }
      slots.hold(() => gauge.release(key));
    }
    const waitMs = (await this.#rate?.take(key)) ?? 0;
    if (waitMs > 0) throw slowDown(`too many requests per second for this ${this.#what}`, waitMs);
  }
}

/** The `limits:` section of the configuration, as {@link createAdmissionLimits} takes it. */
export interface LimitsSection {
  readonly max_in_flight: number;
  readonly max_buffered_bytes: number;
  readonly per_key: { readonly rps: number; readonly in_flight: number };
  readonly per_address: { readonly rps: number; readonly in_flight: number };
}

/** Maps the `limits:` section: `rps` is points per one-second window. */
export function admissionLimitsConfig(
  limits: LimitsSection,
  store: SharedStore | undefined,
): AdmissionLimitsConfig {
  const client = (section: LimitsSection['per_key']): ClientLimitsConfig => ({
    rate: { points: section.rps, durationSec: 1 },
    inFlight: section.in_flight,
  });
  return {
    maxInFlight: limits.max_in_flight,
    maxBufferedBytes: limits.max_buffered_bytes,
    perKey: client(limits.per_key),
    perAddress: client(limits.per_address),
    store,
  };
}
