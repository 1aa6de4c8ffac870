import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createBackendPool,
  createFsBackend,
  type BackendPool,
  type FsBackend,
  type ObjectBackend,
  type PoolMemberConfig,
} from '@strata/backend-pool';
import type { MetaStore } from '@strata/metastore-core';
import {
  openTestStore,
  type PostgresTestDatabase,
  type TestDialect,
} from '@strata/metastore-core/testing';
import { createObjectLayer, type ObjectLayer } from '../object-layer.js';
import type { BucketPolicy, ObjectLayerConfig } from '../types.js';

/** Several fs backends in one pool under one layer, on temp storage. Test-only. */
export interface MultiHarness extends AsyncDisposable {
  readonly store: MetaStore;
  /** The real fs backends, by name (what is really stored). */
  readonly disks: ReadonlyMap<string, FsBackend>;
  readonly pool: BackendPool;
  readonly layer: ObjectLayer;
  /** Names of the blobs on backend `name`. */
  blobs(name: string): Promise<string[]>;
}

/** Options of {@link createMultiHarness}. */
export interface MultiHarnessOptions {
  /** Backend names (default `a`, `b`, `c`). */
  readonly names?: readonly string[];
  /** The pool member of each disk: quotas, states, a fault-injecting wrapper around `disk`. */
  readonly member?: (disk: FsBackend) => Partial<PoolMemberConfig> & { backend?: ObjectBackend };
  /** The policy of every bucket. */
  readonly policy?: BucketPolicy;
  /** Wraps the store (fault injection: a metastore that stops answering). */
  readonly wrapStore?: (store: MetaStore) => MetaStore;
  readonly metastoreRetryMs?: number;
  /** The metastore: a SQLite file (default) or PostgreSQL behind a latency proxy. */
  readonly dialect?: TestDialect;
  /** The run's PostgreSQL (`usePostgresTestDatabase()`), required with `dialect: 'postgres'`. */
  readonly postgres?: PostgresTestDatabase;
  /** Encryption at rest: the layer's keyring and chunk size. */
  readonly encryption?: Pick<ObjectLayerConfig, 'keyring' | 'encryptionChunkSize'>;
  /** The layer's read cache (the caller closes it). */
  readonly readCache?: ObjectLayerConfig['readCache'];
}

/** Opens a {@link MultiHarness} with bucket `bkt` (owner `alice`) created. */
export async function createMultiHarness(options: MultiHarnessOptions = {}): Promise<MultiHarness> {
  const dir = await mkdtemp(join(tmpdir(), 'strata-olm-'));
  const meta = await openTestStore(options.dialect ?? 'sqlite', {
    dir,
    postgres: options.postgres,
  });
  const store = options.wrapStore ? options.wrapStore(meta.store) : meta.store;
  const disks = new Map<string, FsBackend>();
  const members: PoolMemberConfig[] = [];
  for (const name of options.names ?? ['a', 'b', 'c']) {
    const disk = createFsBackend({ name, root: join(dir, name), fsync: false });
    disks.set(name, disk);
    members.push({ backend: disk, breaker: false, ...options.member?.(disk) });
  }
  const pool = createBackendPool({ members });
  const layer = createObjectLayer({
    store,
    pool,
    region: 'us-east-1',
    defaultPolicy: options.policy ?? {},
    usageRefreshMs: 0,
    ...options.encryption,
    readCache: options.readCache,
    ...(options.metastoreRetryMs === undefined
      ? {}
      : { metastoreRetryMs: options.metastoreRetryMs }),
  });
  await layer.createBucket({ name: 'bkt', owner: 'alice' });
  return {
    store,
    disks,
    pool,
    layer,
    async blobs(name) {
      const out: string[] = [];
      for await (const info of disks.get(name)!.list('')) out.push(info.blob);
      return out;
    },
    async [Symbol.asyncDispose]() {
      await pool.close();
      await meta.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
