import {
  createBreaker,
  type BreakerBackend,
  type BreakerOptions,
  type BreakerState,
} from './breaker-backend.js';
import type { BackendCallObserver, BackendCallStartObserver } from './backend-call-event.js';
import { createMeteredBackend, type MeteredBackendObservers } from './internal/metered-backend.js';
import { MonthlyMeter } from './internal/monthly-meter.js';
import type { MonthlyLimits, MonthlyUsage, MonthlyUsageStore } from './monthly-usage.js';
import type { ObjectBackend } from './object-backend.js';

/**
 * Lifecycle states of a backend: `active` takes new writes and serves reads; `draining` takes no
 * new writes and is being emptied (its objects are moved elsewhere); `readonly` takes no new
 * writes but keeps its objects; `removed` is gone for good (lost, or decommissioned without a
 * drain): its copies no longer count, reads try it last, and the drainer restores each object's
 * copies elsewhere from the others and forgets the ones there. Deletes reach every state (on a
 * removed backend they are best effort: a delete that cannot reach it ends in the cleanup
 * queue's dead letters).
 */
export const BACKEND_STATES = ['active', 'draining', 'readonly', 'removed'] as const;
export type BackendState = (typeof BACKEND_STATES)[number];

/** Caps on what a backend holds (absent or 0: unlimited). */
export interface BackendQuota {
  readonly bytes?: number | undefined;
  readonly objects?: number | undefined;
}

/** One backend of a pool, as configured. */
export interface PoolMemberConfig {
  /** The driver (fs, s3, …); the pool wraps it, and closes it with the pool. */
  readonly backend: ObjectBackend;
  /** Default `active`. */
  readonly state?: BackendState | undefined;
  readonly quota?: BackendQuota | undefined;
  /** Largest object this backend takes (providers with per-object limits); absent: any size. */
  readonly maxObjectSize?: number | undefined;
  readonly limits?: MonthlyLimits | undefined;
  /** This member's breaker options, or `false` for none; default: the pool's. */
  readonly breaker?: BreakerOptions | false | undefined;
}

/** Configuration of {@link createBackendPool}. */
export interface BackendPoolConfig {
  readonly members: readonly PoolMemberConfig[];
  /** Breaker options for every member (each may override); `false` for no breakers. */
  readonly breaker?: BreakerOptions | false | undefined;
  /** Persists monthly traffic (required for limits to hold across restarts and instances). */
  readonly usageStore?: MonthlyUsageStore | undefined;
  /** How often monthly counts are flushed to `usageStore` (default 30 s). */
  readonly flushIntervalMs?: number | undefined;
  /** A failed periodic flush (the counts are kept and retried); default: ignored. */
  readonly onFlushError?: ((error: unknown) => void) | undefined;
  /** Clock, for tests. */
  readonly now?: (() => Date) | undefined;
  /** Told of every settled call of every member (metrics, traces); must not throw. */
  readonly onCall?: BackendCallObserver | undefined;
  /**
   * Told as every call of every member starts, in the caller's async context, and (through the
   * function it returns) when that call settles: a tracer's span around each call. Must not
   * throw. Without it (and `onCall`), calls are not wrapped at all.
   */
  readonly onCallStart?: BackendCallStartObserver | undefined;
}

/** Which monthly limits a backend has reached. */
export interface LimitState {
  readonly requests: boolean;
  readonly egress: boolean;
  readonly ingress: boolean;
}

/** A backend in a pool: its guarded driver and what placement and reads need to know. */
export interface PoolMember {
  readonly name: string;
  /** The driver behind its breaker and traffic meter: make every call through this. */
  readonly backend: ObjectBackend;
  readonly state: BackendState;
  /** The breaker's state (`closed` when the member has no breaker). */
  readonly circuit: BreakerState;
  readonly quota: BackendQuota;
  readonly maxObjectSize: number | undefined;
  readonly limits: MonthlyLimits;
  /** This month's traffic (persisted totals plus unflushed counts). */
  usage(): MonthlyUsage;
  /** The monthly limits reached now. */
  overLimit(): LimitState;
}

const DEFAULT_FLUSH_MS = 30_000;

function reached(limit: number | undefined, used: number): boolean {
  return limit !== undefined && limit > 0 && used >= limit;
}

class Member implements PoolMember {
  readonly name: string;
  readonly backend: ObjectBackend;
  readonly quota: BackendQuota;
  readonly maxObjectSize: number | undefined;
  readonly limits: MonthlyLimits;
  state: BackendState;
  readonly #breaker: BreakerBackend | undefined;
  readonly #meter: MonthlyMeter;

  constructor(
    config: PoolMemberConfig,
    breaker: BreakerOptions | false,
    meter: MonthlyMeter,
    observers: MeteredBackendObservers,
  ) {
    this.name = config.backend.name;
    this.state = config.state ?? 'active';
    this.quota = config.quota ?? {};
    this.maxObjectSize = config.maxObjectSize;
    this.limits = config.limits ?? {};
    this.#meter = meter;
    this.#breaker = breaker === false ? undefined : createBreaker(config.backend, breaker);
    const countEgress = (this.limits.egressBytes ?? 0) > 0;
    this.backend = createMeteredBackend(
      this.#breaker ?? config.backend,
      meter,
      countEgress,
      observers,
    );
  }

  get circuit(): BreakerState {
    return this.#breaker?.state ?? 'closed';
  }

  /** The breaker, for subscribing to its events. */
  get breaker(): BreakerBackend | undefined {
    return this.#breaker;
  }

  usage(): MonthlyUsage {
    return this.#meter.usage(this.name);
  }

  overLimit(): LimitState {
    const used = this.usage();
    return {
      requests: reached(this.limits.requests, used.requests),
      egress: reached(this.limits.egressBytes, used.egressBytes),
      ingress: reached(this.limits.ingressBytes, used.ingressBytes),
    };
  }
}

/**
 * A set of named backends, each behind an opossum circuit breaker and a monthly traffic meter,
 * with the state, quota and limits placement decisions read. The pool owns its members: `close()`
 * stops the flush timer, flushes the last counts, shuts every breaker down and closes every
 * driver.
 */
export class BackendPool implements AsyncDisposable {
  readonly #members = new Map<string, Member>();
  readonly #meter: MonthlyMeter;
  readonly #timer: NodeJS.Timeout | undefined;
  #closing: Promise<void> | undefined;

  /** @throws TypeError on an empty pool or a duplicate backend name. */
  constructor(config: BackendPoolConfig) {
    if (config.members.length === 0)
      throw new TypeError('a backend pool needs at least one backend');
    this.#meter = new MonthlyMeter(config.usageStore, config.now ?? (() => new Date()));
    const observers = { onCall: config.onCall, onCallStart: config.onCallStart };
    for (const m of config.members) {
      const name = m.backend.name;
      if (this.#members.has(name)) throw new TypeError(`duplicate backend name: ${name}`);
      this.#members.set(
        name,
        new Member(m, m.breaker ?? config.breaker ?? {}, this.#meter, observers),
      );
    }
    if (config.usageStore !== undefined) {
      const onError = config.onFlushError ?? (() => undefined);
      this.#timer = setInterval(
        () => void this.flush().catch(onError),
        config.flushIntervalMs ?? DEFAULT_FLUSH_MS,
      );
      this.#timer.unref();
    }
  }

  /** Every member, in configuration order (the order `pack` placement fills them). */
  members(): readonly PoolMember[] {
    return [...this.#members.values()];
  }

  /** The member named `name`, or undefined. */
  get(name: string): PoolMember | undefined {
    return this.#members.get(name);
  }

  /** Subscribes to breaker state changes of every member (for logs and metrics). */
  onCircuitChange(listener: (backend: string, state: BreakerState) => void): void {
    for (const member of this.#members.values()) {
      const breaker = member.breaker;
      if (breaker === undefined) continue;
      breaker.on('open', () => listener(member.name, 'open'));
      breaker.on('halfOpen', () => listener(member.name, 'half-open'));
      breaker.on('close', () => listener(member.name, 'closed'));
    }
  }

  /**
   * Changes a member's state (an operator draining a backend, a configuration reload).
   *
   * @throws TypeError for an unknown backend.
   */
  setState(name: string, state: BackendState): void {
    const member = this.#members.get(name);
    if (member === undefined) throw new TypeError(`unknown backend: ${name}`);
    member.state = state;
  }

  /** Writes unflushed monthly counts to the usage store and refreshes the totals. */
  flush(): Promise<void> {
    return this.#meter.flush();
  }

  /** Idempotent; see the class description. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      if (this.#timer !== undefined) clearInterval(this.#timer);
      const flushed = this.#meter.flush().catch(() => undefined);
      await flushed;
      await Promise.all([...this.#members.values()].map((m) => m.backend.close()));
    })();
    return this.#closing;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

/**
 * Creates a {@link BackendPool}.
 *
 * @example
 * ```ts
 * await using pool = createBackendPool({
 *   members: [
 *     { backend: createFsBackend({ name: 'disk', root: '/srv/disk' }), quota: { bytes: 500e9 } },
 *     { backend: createS3Backend({ name: 'b2', endpoint, bucket: 'strata', credentials }),
 *       limits: { egressBytes: 1e12 } },
 *   ],
 *   breaker: { timeoutMs: 10_000, resetTimeoutMs: 30_000 },
 *   usageStore: store.backendUsage,
 * });
 * const disk = pool.get('disk');
 * console.log(disk?.circuit, disk?.overLimit());
 * ```
 */
export function createBackendPool(config: BackendPoolConfig): BackendPool {
  return new BackendPool(config);
}
