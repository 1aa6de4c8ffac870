/** Configuration of {@link createAuthFailureLimiter}. */
export interface AuthFailureLimiterConfig {
  /** Failures within `windowMs` that block a client. Default 10. */
  maxFailures?: number;
  /** Window the failures are counted in, from the first failure. Default 60 s. */
  windowMs?: number;
  /** How long a blocked client stays blocked. Default 5 min. */
  blockMs?: number;
  /**
   * Clients tracked at most; the least recently seen is forgotten first, so memory stays bounded
   * whatever the number of addresses an attacker uses. Default 10 000.
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
  /** Clients currently tracked (for metrics). */
  readonly size: number;
}

interface Entry {
  windowStart: number;
  failures: number;
  blockedUntil: number;
}

/**
 * Create an in-memory limiter for repeated authentication failures, as rs3gw does for SigV4:
 * a client that fails `maxFailures` times within `windowMs` is refused for `blockMs`; a success
 * resets its count, so well-behaved clients that mistype a key once are never blocked. The
 * client key is the caller's choice: the address and the access key id the request names
 * ({@link parseAccessKeyId}) keeps clients that share an address (one NAT, one proxy) from
 * blocking each other, while a guesser stays limited per key. Memory is bounded by `maxTracked`
 * entries (least recently seen forgotten first, blocked ones last). One instance per process:
 * with many gateway instances each counts on its own, which still bounds a brute-force attempt.
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
  // A Map iterates in insertion order: re-inserting on every touch makes the first key the least
  // recently used one.
  const entries = new Map<string, Entry>();

  const touch = (key: string, entry: Entry): void => {
    entries.delete(key);
    entries.set(key, entry);
    while (entries.size > maxTracked) evictOne(entries, now());
  };

  return {
    check(clientKey) {
      const entry = entries.get(clientKey);
      const t = now();
      if (entry === undefined || entry.blockedUntil <= t) {
        return { blocked: false, retryAfterSeconds: 0 };
      }
      return {
        blocked: true,
        retryAfterSeconds: Math.max(1, Math.ceil((entry.blockedUntil - t) / 1000)),
      };
    },
    recordFailure(clientKey) {
      const t = now();
      let entry = entries.get(clientKey);
      if (entry === undefined || (entry.blockedUntil <= t && t - entry.windowStart >= windowMs)) {
        entry = { windowStart: t, failures: 0, blockedUntil: 0 };
      }
      entry.failures += 1;
      if (entry.failures >= maxFailures) {
        entry.blockedUntil = t + blockMs;
        // The next window starts when the block ends.
        entry.windowStart = entry.blockedUntil;
        entry.failures = 0;
      }
      touch(clientKey, entry);
    },
    recordSuccess(clientKey) {
      const entry = entries.get(clientKey);
      // A success during a block cannot happen through check(); if the caller skipped check(),
      // the block still stands so a lucky guess does not lift it.
      if (entry !== undefined && entry.blockedUntil <= now()) entries.delete(clientKey);
    },
    get size() {
      return entries.size;
    },
  };
}

// How far past the least recently seen client eviction looks for one that is not blocked.
const EVICTION_SCAN = 64;

/**
 * Forget one client: the least recently seen one that is not blocked, among the oldest few.
 * A client flooding fresh keys (new addresses, or new access key ids when keyed by both) then
 * cannot push a blocked entry out of the table to lift its own block early.
 */
function evictOne(entries: Map<string, Entry>, t: number): void {
  let scanned = 0;
  let oldest: string | undefined;
  for (const [key, entry] of entries) {
    oldest ??= key;
    if (entry.blockedUntil <= t) {
      entries.delete(key);
      return;
    }
    if (++scanned >= EVICTION_SCAN) break;
  }
  if (oldest !== undefined) entries.delete(oldest);
}

function positive(name: string, value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) {
    throw new RangeError(`${name} must be a positive number, got ${value}`);
  }
  return value;
}
