/** Computes the delay before retry number `attempts + 1`, in ms, from the attempts made so far. */
export type BackoffPolicy = (attempts: number) => number;

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/**
 * The cleanup queue's default backoff: 1 minute × 2^attempts, capped at 24 hours, with "equal
 * jitter" (half the delay fixed, half random) so jobs that failed together (a backend outage)
 * do not all come due in the same second afterwards.
 *
 * @param attempts failed attempts before this one (0 for the first failure)
 * @param random a `[0, 1)` source; `Math.random` by default
 */
export function defaultCleanupBackoff(
  attempts: number,
  random: () => number = Math.random,
): number {
  const exponential = MINUTE_MS * 2 ** Math.min(Math.max(0, attempts), 20);
  const delay = Math.min(DAY_MS, exponential);
  return Math.round(delay / 2 + random() * (delay / 2));
}
