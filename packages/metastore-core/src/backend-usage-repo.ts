/** Traffic through one backend, added to (or summed over) one month. */
export interface BackendTraffic {
  /** Requests sent to the backend. */
  readonly requests: number;
  /** Bytes read from the backend (served to clients, or copied elsewhere). */
  readonly egressBytes: number;
  /** Bytes written to the backend. */
  readonly ingressBytes: number;
}

/**
 * Monthly traffic counters per backend, for per-backend monthly request, egress and ingress
 * limits. Gateways count locally and flush deltas now and then with {@link BackendUsageRepo.add};
 * each flush lands on one of many shard rows (an upsert), so many instances flushing at once do
 * not queue on one hot row. {@link BackendUsageRepo.month} sums the shards.
 *
 * Months are `'YYYY-MM'` strings, chosen by the caller: use {@link toUsagePeriod} so that every
 * instance counts in the same (UTC) month.
 */
export interface BackendUsageRepo {
  /**
   * Adds `delta` to `backend`'s counters for `period`, atomically: inside the transaction it is
   * called in, or in its own. A delta of all zeros writes nothing. Several `add`s in one
   * transaction should go in backend order, so that two such transactions never lock the same
   * shard rows in opposite orders.
   *
   * @throws RangeError when `period` is not `'YYYY-MM'` (month 01–12) or a delta field is not a
   *   non-negative safe integer.
   */
  add(period: string, backend: string, delta: BackendTraffic): Promise<void>;
  /**
   * The totals of `period` per backend (every backend that had a non-empty `add` that month);
   * `{}` for a month nothing was added to.
   *
   * @throws RangeError when `period` is not `'YYYY-MM'`.
   */
  month(period: string): Promise<Record<string, BackendTraffic>>;
}

/**
 * The `'YYYY-MM'` period of {@link BackendUsageRepo} that `date` falls in, in UTC (so instances
 * in different time zones count in the same month).
 *
 * @example
 * ```ts
 * await store.backendUsage.add(toUsagePeriod(new Date()), 'b2', { requests: 120, egressBytes: 5e6, ingressBytes: 0 });
 * ```
 * @throws RangeError for an invalid date or a year outside 0000–9999.
 */
export function toUsagePeriod(date: Date): string {
  const year = date.getUTCFullYear();
  if (!Number.isInteger(year) || year < 0 || year > 9999) {
    throw new RangeError(`no usage period for ${String(date)}`);
  }
  const month = date.getUTCMonth() + 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}
