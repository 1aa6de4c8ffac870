import { createBackendPool, type BackendPool, type ObjectBackend } from '@strata/backend-pool';
import type { Keyring } from '@strata/envelope';
import type { MetaStore } from '@strata/metastore-core';
import type { ReadCache } from '../read-cache/read-cache.js';
import { UnknownBackendError } from '../errors.js';
import type { BucketPolicy, MissingCopyEvent, ObjectLayerConfig } from '../types.js';
import { MetastoreHealth } from './metastore-health.js';
import { Placer } from './placement.js';
import { UsageView } from './usage-view.js';

/** Everything an operation needs, resolved once from {@link ObjectLayerConfig}. */
export interface LayerContext {
  readonly store: MetaStore;
  readonly pool: BackendPool;
  readonly placer: Placer;
  readonly metastore: MetastoreHealth;
  readonly region: string;
  readonly intentTtlMs: number;
  readonly now: () => Date;
  /** The master keys of encryption at rest; `undefined` when none are configured. */
  readonly keyring: Keyring | undefined;
  /** Plaintext bytes per encrypted frame of new encrypted objects. */
  readonly encryptionChunkSize: number | undefined;
  /** Told about each missing copy a read repaired (see `ObjectLayerConfig.onMissingCopy`). */
  readonly onMissingCopy: ((event: MissingCopyEvent) => void) | undefined;
  /** The read cache, when one is configured. */
  readonly readCache: ReadCache | undefined;
  /** The configured backend of this name. @throws UnknownBackendError */
  backend(name: string): ObjectBackend;
  /** The policy `bucket` is written under. */
  policyOf(bucket: string): BucketPolicy;
}

const DEFAULT_INTENT_TTL_MS = 60 * 60 * 1000;
const DEFAULT_USAGE_REFRESH_MS = 2000;
const DEFAULT_METASTORE_RETRY_MS = 5000;

/** Builds the shared context; validates the config. */
export function createLayerContext(config: ObjectLayerConfig): LayerContext {
  const pool = resolvePool(config);
  const intentTtlMs = config.intentTtlMs ?? DEFAULT_INTENT_TTL_MS;
  if (!(intentTtlMs > 0)) throw new TypeError(`intentTtlMs must be positive: ${intentTtlMs}`);
  const usage = new UsageView(config.store, config.usageRefreshMs ?? DEFAULT_USAGE_REFRESH_MS);
  const fallback = config.defaultPolicy ?? {};
  const now = config.now ?? (() => new Date());
  return {
    store: config.store,
    pool,
    placer: new Placer(pool, usage),
    metastore: new MetastoreHealth(config.metastoreRetryMs ?? DEFAULT_METASTORE_RETRY_MS),
    region: config.region,
    intentTtlMs,
    now,
    onMissingCopy: config.onMissingCopy,
    readCache: config.readCache,
    keyring: config.keyring,
    encryptionChunkSize: config.encryptionChunkSize,
    backend(name) {
      const found = pool.get(name);
      if (!found) throw new UnknownBackendError(name);
      return found.backend;
    },
    policyOf: (bucket) => config.bucketPolicy?.(bucket) ?? fallback,
  };
}

function resolvePool(config: ObjectLayerConfig): BackendPool {
  if ((config.pool === undefined) === (config.backends === undefined)) {
    throw new TypeError('give exactly one of `pool` and `backends`');
  }
  if (config.pool !== undefined) return config.pool;
  // Plain backends: no breakers (the caller's backends may already be guarded), no limits.
  return createBackendPool({
    members: (config.backends ?? []).map((backend) => ({ backend })),
    breaker: false,
  });
}
