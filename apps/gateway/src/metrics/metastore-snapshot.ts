import type { MetaStore, UsageTotals } from '@strata/metastore-core';

/** What the gateway reads from the metastore to report on itself (metrics gauges, admin API). */
export interface MetastoreSnapshot {
  readonly queues: Record<'cleanup' | 'replication' | 'outbox', { pending: number; dead: number }>;
  readonly orphanBytes: number;
  /** Bytes and objects the metastore records on each backend, by backend name. */
  readonly usage: Record<string, UsageTotals>;
}

/** Reads a {@link MetastoreSnapshot}; `undefined` when the metastore did not answer. */
export type MetastoreSnapshotReader = () => Promise<MetastoreSnapshot | undefined>;

async function readSnapshot(store: MetaStore): Promise<MetastoreSnapshot | undefined> {
  try {
    const [cleanup, replication, outbox, usage] = await Promise.all([
      store.cleanup.stats(),
      store.replication.stats(),
      store.outbox.stats(),
      store.usage.byBackend(),
    ]);
    return { queues: { cleanup, replication, outbox }, orphanBytes: cleanup.orphanBytes, usage };
  } catch {
    return undefined;
  }
}

/**
 * A reader of the metastore's queue depths and per-backend usage that shares one read among the
 * callers of the next `maxAgeMs` (prom-client collects every gauge of a scrape at once). Never
 * rejects: a failed read resolves `undefined`, so a report on a gateway whose metastore is down
 * still answers.
 */
export function createSnapshotReader(store: MetaStore, maxAgeMs: number): MetastoreSnapshotReader {
  let cached:
    { readonly at: number; readonly value: Promise<MetastoreSnapshot | undefined> } | undefined;
  return () => {
    const now = performance.now();
    if (cached === undefined || now - cached.at > maxAgeMs) {
      cached = { at: now, value: readSnapshot(store) };
    }
    return cached.value;
  };
}
