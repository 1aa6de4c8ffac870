import { join } from 'node:path';
import type { MetaStore, ObjectRecord } from '@strata/metastore-core';
import type { PgPoolLike } from '@strata/metastore-core/postgres';
import { openPostgresStore } from '@strata/metastore-core/postgres';
import { openSqliteStore } from '@strata/metastore-core/sqlite';
import { makeTempDir, removeTempDir } from '../internal/temp-dirs.js';
import { POSTGRES_URL } from './postgres-url.js';
import { UsageSwitch } from './usage-switch.js';

/** An opened store with its usage switch, and how to get rid of it (file or schema). */
export type BenchStore = {
  readonly dialect: 'sqlite' | 'postgres';
  readonly store: MetaStore;
  readonly usage: UsageSwitch;
  /**
   * Refreshes the planner's statistics after a bulk load, as autovacuum (PostgreSQL) would within
   * a minute of it in a running deployment; without it PostgreSQL plans a bucket it has never
   * analyzed as nearly empty (a bitmap scan and a sort instead of an ordered index scan).
   */
  analyze(): Promise<void>;
  /** Closes the store and removes its data (temp file, or `drop schema … cascade`); idempotent. */
  dispose(): Promise<void>;
};

/** A SQLite store on a fresh temp file. */
export async function openBenchSqlite(): Promise<BenchStore> {
  const dir = await makeTempDir('metastore');
  const usage = new UsageSwitch();
  const store = await openSqliteStore({ database: join(dir, 'meta.db'), plugins: [usage] });
  let disposed = false;
  return {
    dialect: 'sqlite',
    store,
    usage,
    // SQLite plans a primary-key range scan whatever its statistics say.
    analyze: () => Promise.resolve(),
    async dispose() {
      if (disposed) return;
      disposed = true;
      await store.close();
      await removeTempDir(dir);
    },
  };
}

type PgPool = PgPoolLike & { on(event: 'error', listener: () => void): unknown };
type PgModule = { default: { Pool: new (config: Record<string, unknown>) => PgPool } };

/**
 * A PostgreSQL store in a fresh schema `bench_<time>_<pid>`, on a pg pool of `connections`
 * (enough for every concurrent writer to hold its own); the schema is dropped by `dispose()`.
 * Throws (the caller reports PostgreSQL unavailable) when the server cannot be reached.
 */
export async function openBenchPostgres(connections: number): Promise<BenchStore> {
  // pg ships no types and the bench does not need @types/pg for a Pool and one query.
  const specifier = 'pg';
  const pg = (await import(specifier)) as PgModule;
  const pool = new pg.default.Pool({
    connectionString: POSTGRES_URL,
    max: connections,
    connectionTimeoutMillis: 3000,
    application_name: 'strata-bench',
  });
  pool.on('error', () => undefined);
  const schema = `bench_${Date.now()}_${process.pid}`;
  const usage = new UsageSwitch();
  let store: MetaStore;
  try {
    store = await openPostgresStore({ pool, schema, plugins: [usage] });
  } catch (error) {
    await dropSchema(pool, schema).catch(() => undefined);
    await pool.end();
    throw error;
  }
  let disposed = false;
  return {
    dialect: 'postgres',
    store,
    usage,
    analyze: () =>
      query(
        pool,
        `analyze "${schema}".objects, "${schema}".object_copies, "${schema}".object_versions`,
      ),
    async dispose() {
      if (disposed) return;
      disposed = true;
      await store.close();
      try {
        await dropSchema(pool, schema);
      } finally {
        await pool.end();
      }
    },
  };
}

async function dropSchema(pool: PgPoolLike, schema: string): Promise<void> {
  await query(pool, `drop schema if exists "${schema}" cascade`);
}

async function query(pool: PgPoolLike, text: string): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query(text, []);
  } finally {
    client.release();
  }
}

/** A current-version record as a single PUT commits it: one copy on backend `local`. */
export function benchRecord(bucket: string, key: string, seq: number): ObjectRecord {
  return {
    bucket,
    key,
    versionId: `v${String(seq).padStart(12, '0')}`,
    size: 4096,
    etag: '5d41402abc4b2a76b9719d911017c592',
    lastModified: new Date(1_700_000_000_000 + seq),
    headers: { 'content-type': 'application/octet-stream' },
    userMetadata: {},
    checksums: { CRC32: 'NhCmhg==' },
    checksumType: 'FULL_OBJECT',
    storageClass: 'STANDARD',
    parts: [],
    copies: [{ backend: 'local', blob: `blob-${seq}` }],
  };
}

/** Creates a bucket owned by `bench`. */
export async function createBenchBucket(store: MetaStore, name: string): Promise<void> {
  await store.buckets.create({
    name,
    owner: 'bench',
    region: 'us-east-1',
    createdAt: new Date(),
    versioning: 'Unversioned',
  });
}

/** Listing keys: `p00042/k0004213`, 100 keys per prefix, so N keys sit in N/100 prefixes. */
export function listKey(i: number): string {
  return `p${String(Math.floor(i / 100)).padStart(5, '0')}/k${String(i).padStart(7, '0')}`;
}

/**
 * Fills `bucket` with keys 0..n-1 ({@link listKey}) through `objects.put`, `perTransaction` puts
 * per `store.transaction`, `lanes` transactions at a time: PostgreSQL spends its time on round
 * trips, so parallel connections fill a million keys in minutes (SQLite serializes writers; one
 * lane is as fast there). With `versionsPerKey` above 1 the bucket is versioned and the `n` puts
 * make `n / versionsPerKey` keys of that many versions each (consecutive puts of one key, in one
 * transaction). Resolves with puts per second.
 */
export async function populate(
  store: MetaStore,
  bucket: string,
  n: number,
  lanes = 1,
  perTransaction = 1000,
  versionsPerKey = 1,
): Promise<number> {
  const t0 = performance.now();
  const versioned = versionsPerKey > 1;
  if (versioned) await store.buckets.setVersioning(bucket, 'Enabled');
  const options = versioned ? { versioning: 'Enabled' as const } : undefined;
  let next = 0;
  const lane = async (): Promise<void> => {
    for (let start = next; start < n; start = next) {
      next += perTransaction;
      await store.transaction(async (tx) => {
        for (let i = start; i < Math.min(n, start + perTransaction); i++) {
          const record = benchRecord(bucket, listKey(Math.floor(i / versionsPerKey)), i);
          await tx.objects.put(versioned ? { ...record, versioned } : record, undefined, options);
        }
      });
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
  return n / ((performance.now() - t0) / 1000);
}
