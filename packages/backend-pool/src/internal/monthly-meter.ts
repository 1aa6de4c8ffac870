import type { MonthlyUsage, MonthlyUsageStore } from '../monthly-usage.js';

const ZERO: MonthlyUsage = Object.freeze({ requests: 0, egressBytes: 0, ingressBytes: 0 });

/** The calendar month of `date` in UTC, as `YYYY-MM` (the period limits reset on). */
export function monthOf(date: Date): string {
  return date.toISOString().slice(0, 7);
}

function plus(a: MonthlyUsage, b: Partial<MonthlyUsage>): MonthlyUsage {
  return {
    requests: a.requests + (b.requests ?? 0),
    egressBytes: a.egressBytes + (b.egressBytes ?? 0),
    ingressBytes: a.ingressBytes + (b.ingressBytes ?? 0),
  };
}

/**
 * Counts one pool's backend traffic per calendar month (UTC): what is persisted (the store's
 * totals at the last flush, from every instance) plus what this process counted since and has
 * not flushed yet. `flush()` adds the unflushed counts to the store and re-reads the totals, so
 * an instance sees the others' traffic one flush interval late (the price of not writing the
 * store on every request). Without a store, counts live in memory only and restart from zero.
 */
export class MonthlyMeter {
  readonly #store: MonthlyUsageStore | undefined;
  readonly #now: () => Date;
  /** Totals of the current month as last read from the store. */
  #persisted: { period: string; totals: Readonly<Record<string, MonthlyUsage>> };
  /** Unflushed counts by period, then backend (a month's tail is flushed after it ends). */
  #pending = new Map<string, Map<string, MonthlyUsage>>();

  constructor(store: MonthlyUsageStore | undefined, now: () => Date) {
    this.#store = store;
    this.#now = now;
    this.#persisted = { period: monthOf(now()), totals: {} };
  }

  /** Counts traffic of `backend` now. */
  count(backend: string, delta: Partial<MonthlyUsage>): void {
    this.#add(monthOf(this.#now()), backend, delta);
  }

  /** This month's usage of `backend`: persisted totals plus unflushed counts. */
  usage(backend: string): MonthlyUsage {
    const period = monthOf(this.#now());
    const persisted =
      this.#persisted.period === period ? (this.#persisted.totals[backend] ?? ZERO) : ZERO;
    return plus(persisted, this.#pending.get(period)?.get(backend) ?? ZERO);
  }

  /**
   * Writes the unflushed counts to the store and refreshes this month's totals. Counts that fail
   * to reach the store are kept for the next flush (then it rejects). No-op without a store.
   */
  async flush(): Promise<void> {
    const store = this.#store;
    if (store === undefined) return;
    const batch = this.#pending;
    this.#pending = new Map();
    try {
      for (const [period, byBackend] of batch) {
        for (const [backend, delta] of byBackend) {
          await store.add(period, backend, delta);
          byBackend.delete(backend);
        }
      }
    } finally {
      // Whatever was not written goes back, merged with what was counted meanwhile.
      for (const [period, byBackend] of batch) {
        for (const [backend, delta] of byBackend) this.#add(period, backend, delta);
      }
    }
    const period = monthOf(this.#now());
    // The totals include everything flushed so far; counts made while reading stay pending.
    this.#persisted = { period, totals: await store.month(period) };
  }

  #add(period: string, backend: string, delta: Partial<MonthlyUsage>): void {
    let byBackend = this.#pending.get(period);
    if (byBackend === undefined) {
      byBackend = new Map<string, MonthlyUsage>();
      this.#pending.set(period, byBackend);
    }
    byBackend.set(backend, plus(byBackend.get(backend) ?? ZERO, delta));
  }
}
