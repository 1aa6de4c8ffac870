import type { AdminSources } from './admin-sources.js';
import type { AdminUsage } from './read-backends.js';

/** One bucket of `GET /admin/v1/buckets`. */
export interface AdminBucket {
  readonly name: string;
  /** The owner's canonical id (its tenant). */
  readonly owner: string;
  readonly region: string;
  /** ISO 8601. */
  readonly createdAt: string;
  readonly versioning: string;
  /** Logical usage: each current object once, whatever its copies. */
  readonly usage: AdminUsage;
}

/** `GET /admin/v1/buckets`. */
export interface AdminBuckets {
  readonly buckets: readonly AdminBucket[];
}

/** Usage reads in flight at once (one query each; a gateway may hold thousands of buckets). */
const USAGE_READS = 8;

/**
 * Every bucket, sorted by name, with its usage.
 *
 * @throws the metastore's error when it cannot be read (the admin app answers 503).
 */
export async function readBuckets(sources: AdminSources): Promise<AdminBuckets> {
  const { store } = sources;
  const list = await store.buckets.list();
  const usage: AdminUsage[] = new Array<AdminUsage>(list.length);
  let next = 0;
  const reader = async (): Promise<void> => {
    for (let i = next++; i < list.length; i = next++) {
      const totals = await store.usage.byBucket(list[i]!.name);
      usage[i] = { bytes: totals.bytes, objects: totals.objects };
    }
  };
  await Promise.all(Array.from({ length: Math.min(USAGE_READS, list.length) }, reader));
  return {
    buckets: list.map((bucket, i) => ({
      name: bucket.name,
      owner: bucket.owner,
      region: bucket.region,
      createdAt: bucket.createdAt.toISOString(),
      versioning: bucket.versioning,
      usage: usage[i]!,
    })),
  };
}
