/** Configuration of {@link createAuthFailureLimiter}. */
export interface AuthFailureLimiterConfig {
  /** Failures within `windowMs` that block a client. Default 10. */
  maxFailures?: number;
  /** Window the failures are counted in, from the first failure. Default 60 s. */
  windowMs?: number;
  /** How long a blocked client stays blocked. Default 5 min. */
  blockMs?: number;
  /**
   * Clients with failures but no block tracked at most; the least recently seen is forgotten
   * first, so memory stays bounded whatever the number of addresses an attacker uses. Blocked
   * clients are kept apart and never forgotten before their block ends. Default 10 000.
   */
  maxTracked?: number;
  /** Clock in milliseconds, for tests. Default `Date.now`. */
  now?: () => number;
}

/** Answer of {@link AuthFailureLimiter.check}. */
export interface AuthFailureVerdict {
  /** `true` while the client is blocked: answer `SlowDown` (503) without verifying anything. */
  blocked: boolean;
  /** Whole seconds until the block ends (the `Retry-After` value); 0 when not blocked. */
  retryAfterSeconds: number;
}

/** Tracks authentication failures per client and blocks clients that fail too often. */
export interface AuthFailureLimiter {
  /** Is this client blocked right now? Cheap; call before verifying a signature. */
  check(clientKey: string): AuthFailureVerdict;
  /** Count one failed authentication (bad signature, unknown key, expired request …). */
  recordFailure(clientKey: string): void;
  /** A successful authentication clears the client's failures. */
  recordSuccess(clientKey: string): void;
  /** Clients currently tracked, blocked ones included (for metrics). */
  readonly size: number;
}

/** A client counting failures, not blocked. */
interface Entry {
  windowStart: number;
  failures: number;
}

/**
 * Create an in-memory limiter for repeated authentication failures (slows down key guessing):
 * a client that fails `maxFailures` times within `windowMs` is refused for `blockMs`; a success
 * resets its count, so well-behaved clients that mistype a key once are never blocked. The
 * client key is the caller's choice: the address and the access key id the request names
 * ({@link parseAccessKeyId}) keeps clients that share an address (one NAT, one proxy) from
 * blocking each other, while a guesser stays limited per key. Memory is bounded by `maxTracked`
 * counting entries (least recently seen forgotten first). Blocked clients live in a table of
 * their own that nothing evicts: a block ends when its time is up, never because other clients
 * filled the table, or a guesser could buy its way out with made-up keys. That table holds at most
 * one entry per `maxFailures` failed attempts of the last `blockMs`, and expired blocks leave it
 * first. One instance per process: with many gateway instances each counts on its own, which
 * still bounds a brute-force attempt.
 *
 * @throws RangeError for a non-positive setting.
 * @example
 * ```ts
 * const limiter = createAuthFailureLimiter({ maxFailures: 5, windowMs: 60_000, blockMs: 300_000 });
 * const keyId = parseAccessKeyId(req);
 * const client = keyId === undefined ? clientIp : `${clientIp} ${keyId}`;
 * const verdict = limiter.check(client);
 * if (verdict.blocked) return slowDown(verdict.retryAfterSeconds);
 * try {
 *   await verifier.verify(req);
 *   limiter.recordSuccess(client);
 * } catch (err) {
 *   if (SigV4Error.is(err) && err.status === 403) limiter.recordFailure(client);
 *   throw err;
 * }
 * ```
 */
export function createAuthFailureLimiter(
  config: AuthFailureLimiterConfig = {},
): AuthFailureLimiter {
  const maxFailures = positive('maxFailures', config.maxFailures ?? 10);
  const windowMs = positive('windowMs', config.windowMs ?? 60_000);
  const blockMs = positive('blockMs', config.blockMs ?? 300_000);
  const maxTracked = positive('maxTracked', config.maxTracked ?? 10_000);
  const now = config.now ?? Date.now;
  // Clients counting failures. A Map iterates in insertion order: re-inserting on every touch
  // makes the first key the least recently seen one, the one to evict.
  const counting = new Map<string, Entry>();
  // Blocked clients and when their block ends. Every block lasts blockMs, so insertion order is
  // also expiry order and expired blocks are dropped from the front.
  const blocked = new Map<string, number>();

  const blockedUntil = (key: string, t: number): number => {
    for (const [oldest, until] of blocked) {
      if (until > t) break;
      blocked.delete(oldest);
    }
    return blocked.get(key) ?? 0;
  };

  return {
    check(clientKey) {
      const t = now();
      const until = blockedUntil(clientKey, t);
      if (until <= t) return { blocked: false, retryAfterSeconds: 0 };
      return { blocked: true, retryAfterSeconds: Math.max(1, Math.ceil((until - t) / 1000)) };
    },
    recordFailure(clientKey) {
      const t = now();
      // Attempts during a block were refused unverified: they neither count nor extend it.
      if (blockedUntil(clientKey, t) > t) return;
      let entry = counting.get(clientKey);
      if (entry === undefined || t - entry.windowStart >= windowMs) {
        entry = { windowStart: t, failures: 0 };
      }
      entry.failures += 1;
      counting.delete(clientKey);
      if (entry.failures >= maxFailures) {
        // After the block the client starts over with a fresh window.
        blocked.set(clientKey, t + blockMs);
        return;
      }
      counting.set(clientKey, entry);
      if (counting.size > maxTracked) {
        const leastRecent = counting.keys().next();
        if (!leastRecent.done) counting.delete(leastRecent.value);
      }
    },
    recordSuccess(clientKey) {
      // A success during a block cannot happen through check(); if the caller skipped check(),
      // the block still stands so a lucky guess does not lift it.
      counting.delete(clientKey);
    },
    get size() {
      return counting.size + blocked.size;
    },
  };
}

function positive(name: string, value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) {
    throw new RangeError(`${name} must be a positive number, got ${value}`);
  }
  return value;
}
