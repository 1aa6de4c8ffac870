/**
 * How many requests each key (an access key id, a client address) has in flight, capped.
 *
 * Written here rather than taken from `rate-limiter-flexible`: that library counts points that
 * expire over a time window, which fits request rates, not concurrency. A slot held by a long
 * upload must stay taken until the upload ends, and given back at once when it does; an expiring
 * counter either frees it early or leaks it. Entries leave the map when their count drops to
 * zero, so memory follows the requests in flight, not the clients ever seen.
 */
export class KeyedGauge {
  readonly #counts = new Map<string, number>();
  /** Slots per key; 0 = no limit. */
  readonly limit: number;

  constructor(limit: number) {
    this.limit = limit;
  }

  /** Takes one slot for `key`; false (nothing taken) when `key` already holds `limit`. */
  tryAcquire(key: string): boolean {
    const held = this.#counts.get(key) ?? 0;
    if (this.limit > 0 && held >= this.limit) return false;
    this.#counts.set(key, held + 1);
    return true;
  }

  /** Gives one slot of `key` back (call once per successful {@link tryAcquire}). */
  release(key: string): void {
    const held = (this.#counts.get(key) ?? 0) - 1;
    if (held > 0) this.#counts.set(key, held);
    else this.#counts.delete(key);
  }

  /** Slots `key` holds now. */
  count(key: string): number {
    return this.#counts.get(key) ?? 0;
  }

  /** Keys holding at least one slot. */
  get size(): number {
    return this.#counts.size;
  }
}
