/** Computes the delay before retry number `attempts + 1`, in ms, from the attempts made so far. */
export type BackoffPolicy = (attempts: number) => number;

const SECOND_MS = 1000;
const MINUTE_MS = 60 * SECOND_MS;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/**
 * `baseMs × 2^attempts`, capped at `capMs`, with "equal jitter" (half the delay fixed, half
 * random) so jobs that failed together (a backend outage) do not all come due in the same second
 * afterwards.
 *
 * @param attempts failed attempts before this one (0 for the first failure)
 * @param random a `[0, 1)` source; `Math.random` by default
 */
export function jitteredBackoff(
  baseMs: number,
  capMs: number,
  attempts: number,
  random: () => number = Math.random,
): number {
  const exponential = baseMs * 2 ** Math.min(Math.max(0, attempts), 30);
  const delay = Math.min(capMs, exponential);
  return Math.round(delay / 2 + random() * (delay / 2));
}

/** The cleanup queue's default backoff: 1 minute × 2^attempts, capped at 24 hours, jittered. */
export function defaultCleanupBackoff(
  attempts: number,
  random: () => number = Math.random,
): number {
  return jitteredBackoff(MINUTE_MS, DAY_MS, attempts, random);
}

/**
 * The replication queue's default backoff: 10 seconds × 2^attempts, capped at 1 hour, jittered:
 * a copy owed to a backend that is briefly down is made soon after it returns.
 */
export function defaultReplicationBackoff(
  attempts: number,
  random: () => number = Math.random,
): number {
  return jitteredBackoff(10 * SECOND_MS, HOUR_MS, attempts, random);
}

/**
 * The event notifier's default backoff: 1 second × 2^attempts, capped at 10 minutes, jittered: a
 * webhook receiver that restarts gets its events within seconds, one that is down for long is
 * not hammered.
 */
export function defaultNotificationBackoff(
  attempts: number,
  random: () => number = Math.random,
): number {
  return jitteredBackoff(SECOND_MS, 10 * MINUTE_MS, attempts, random);
}
