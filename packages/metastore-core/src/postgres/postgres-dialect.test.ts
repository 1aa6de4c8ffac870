import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { MetastoreBusyError, MetastoreDecryptError, MetastoreUnavailableError } from '../errors.js';
import type { MetaStore } from '../store.js';
import { makeRecord, rejection } from '../testing/fixtures.js';
import { usePostgresTestDatabase } from '../testing/postgres-test-database.js';
import { openPostgresStore } from './index.js';
import type { OpenPostgresStoreOptions } from './index.js';

const db = await usePostgresTestDatabase();
const describeIfReachable =
  db.unreachable === undefined || process.env.CI ? describe : describe.skip;
let schemas = 0;
const newSchema = () => db.schemaFor(`d${++schemas}`);

describeIfReachable(`PostgreSQL dialect (${db.url})`, () => {
  const opened: MetaStore[] = [];
  const pools: pg.Pool[] = [];
  afterEach(async () => {
    await Promise.allSettled(opened.splice(0).map((s) => s.close()));
    await Promise.allSettled(pools.splice(0).map((p) => p.end()));
  });
  const open = async (options: Partial<OpenPostgresStoreOptions> & { schema: string }) => {
    const store = await openPostgresStore({
      ...(options.pool === undefined ? { connectionString: db.url, poolSize: 3 } : {}),
      ...options,
    });
    opened.push(store);
    return store;
  };
  const newPool = (applicationName: string, max = 2) => {
    const pool = new pg.Pool({
      connectionString: db.url,
      max,
      application_name: applicationName,
    });
    pool.on('error', () => undefined);
    pools.push(pool);
    return pool;
  };

  it('creates its schema with byte-ordered key columns and reports its capabilities', async () => {
    const schema = newSchema();
    const store = await open({ schema });
    expect(store.capabilities).toEqual({
      dialect: 'postgres',
      supportsSkipLocked: true,
      supportsMultipleConnections: true,
      supportsAdvisoryLocks: true,
    });
    const { rows } = await db.admin.query<{ table_name: string; column_name: string }>(
      `select table_name, column_name from information_schema.columns
        where table_schema = $1 and collation_name = 'C' order by 1, 2`,
      [schema],
    );
    expect(rows.map((r) => `${r.table_name}.${r.column_name}`)).toEqual([
      'buckets.name',
      'event_outbox.bucket',
      'event_outbox.key',
      'multipart_uploads.bucket',
      'multipart_uploads.key',
      'object_copies.bucket',
      'object_copies.key',
      'object_versions.bucket',
      'object_versions.key',
      'objects.bucket',
      'objects.key',
      'replication_queue.bucket',
      'replication_queue.key',
    ]);
    const types = await db.admin.query<{ data_type: string }>(
      `select data_type from information_schema.columns
        where table_schema = $1 and table_name = 'objects' and column_name = 'last_modified'`,
      [schema],
    );
    expect(types.rows).toEqual([{ data_type: 'bigint' }]);
  });

  it('migrates once when 4 stores open a fresh schema at the same time', async () => {
    const schema = newSchema();
    const stores = await Promise.all(Array.from({ length: 4 }, () => open({ schema })));
    await stores[3]!.objects.put(makeRecord('b', 'k'));
    for (const store of stores) expect(await store.objects.hasAny('b')).toBe(true);
    const { rows } = await db.admin.query<{ name: string }>(
      `select name from ${pg.escapeIdentifier(schema)}.strata_migration order by name`,
    );
    expect(rows.map((r) => r.name)).toEqual([
      '0001_initial',
      '0002_upload_lookups',
      '0003_leases',
      '0004_credentials_queues',
      '0005_backend_copies_usage',
      '0006_intent_blobs',
      '0007_tags',
      '0008_bucket_cors',
      '0009_encryption',
      '0010_versions',
      '0011_object_lock',
      '0012_bucket_access',
      '0013_lifecycle',
      '0014_backend_states',
      '0015_notifications',
      '0016_credential_state',
    ]);
  });

  it('stores credential secrets sealed, bound to their access key id', async () => {
    const schema = newSchema();
    const store = await open({ schema, masterKey: randomBytes(32) });
    const secret = 'pg-secret-0123456789abcdef';
    for (const accessKeyId of ['AKIA1', 'AKIA2']) {
      await store.credentials.put({
        accessKeyId,
        secretAccessKey: secret,
        owner: 'o',
        createdAt: new Date(),
      });
    }
    const table = `${pg.escapeIdentifier(schema)}.credentials`;
    const { rows } = await db.admin.query<Record<string, unknown>>(`select * from ${table}`);
    expect(rows).toHaveLength(2);
    expect(JSON.stringify(rows)).not.toContain(secret);
    expect(JSON.stringify(rows)).not.toContain(Buffer.from(secret).toString('base64'));
    // A ciphertext moved to another access key id fails authentication.
    await db.admin.query(
      `update ${table} set secret_sealed = (select secret_sealed from ${table} where access_key_id = 'AKIA1')
        where access_key_id = 'AKIA2'`,
    );
    expect((await store.credentials.get('AKIA1'))?.secretAccessKey).toBe(secret);
    const error = await rejection(store.credentials.get('AKIA2'));
    expect(error).toBeInstanceOf(MetastoreDecryptError);
    expect(error).toMatchObject({
      code: 'EMETA_DECRYPT',
      reason: 'unreadable',
      accessKeyId: 'AKIA2',
    });
  });

  it('borrows a pool without ending it or changing its search_path', async () => {
    const pool = newPool('strata-borrowed');
    const schema = newSchema();
    const store = await open({ pool, schema });
    await store.objects.put(makeRecord('b', 'k'));
    await store.close();
    const { rows } = await pool.query<{ search_path: string }>('show search_path');
    expect(rows[0]!.search_path).toBe('"$user", public');
    const count = await pool.query<{ n: string }>(
      `select count(*) as n from ${pg.escapeIdentifier(schema)}.objects`,
    );
    expect(count.rows[0]!.n).toBe('1');
  });

  it('wants exactly one of pool and connectionString', async () => {
    await expect(openPostgresStore({ schema: 'x' })).rejects.toBeInstanceOf(TypeError);
    const pool = newPool('strata-both');
    await expect(
      openPostgresStore({ pool, connectionString: db.url, schema: 'x' }),
    ).rejects.toBeInstanceOf(TypeError);
  });

  it('fails with MetastoreUnavailableError when the server or database is not there', async () => {
    const refused = await rejection(
      openPostgresStore({ connectionString: 'postgres://postgres@127.0.0.1:1/test', schema: 'x' }),
    );
    expect(refused).toBeInstanceOf(MetastoreUnavailableError);
    expect(refused).toMatchObject({ code: 'EMETA_UNAVAILABLE' });
    const url = new URL(db.url);
    url.pathname = '/strata_no_such_database';
    const missing = await rejection(
      openPostgresStore({ connectionString: url.toString(), schema: 'x' }),
    );
    expect(missing).toBeInstanceOf(MetastoreUnavailableError);
  });

  it('fails with MetastoreUnavailableError when its connection dies mid-transaction, then recovers', async () => {
    const name = `strata-killed-${process.pid}`;
    const store = await open({ pool: newPool(name, 1), schema: newSchema() });
    await store.objects.put(makeRecord('b', 'before'));
    const error = await rejection(
      store.transaction(async (tx) => {
        await tx.objects.get('b', 'before');
        await db.admin.query(
          'select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1',
          [name],
        );
        await tx.objects.put(makeRecord('b', 'lost'));
      }),
    );
    expect(error).toBeInstanceOf(MetastoreUnavailableError);
    await store.ping();
    expect(await store.objects.get('b', 'lost')).toBeUndefined();
    expect(await store.objects.get('b', 'before')).toBeDefined();
  });

  it('fails with MetastoreBusyError when a row stays locked past lockTimeoutMs', async () => {
    const schema = newSchema();
    const store = await open({ schema, lockTimeoutMs: 200 });
    await store.objects.put(makeRecord('b', 'k'));
    const holder = await db.admin.connect();
    try {
      await holder.query('begin');
      await holder.query(
        `select * from ${pg.escapeIdentifier(schema)}.objects where key = 'k' for update`,
      );
      const started = Date.now();
      const error = await rejection(store.objects.put(makeRecord('b', 'k')));
      expect(error).toBeInstanceOf(MetastoreBusyError);
      expect(error).toMatchObject({ code: 'EMETA_BUSY' });
      expect(Date.now() - started).toBeGreaterThanOrEqual(180);
      // Readers do not wait for the lock.
      expect(await store.objects.get('b', 'k')).toBeDefined();
    } finally {
      await holder.query('rollback');
      holder.release();
    }
    await store.objects.put(makeRecord('b', 'k', { etag: 'after' }));
    expect((await store.objects.get('b', 'k'))?.etag).toBe('after');
  });

  /** Two transactions that lock k1 and k2 in opposite orders, meeting in the middle. */
  async function deadlock(store: MetaStore) {
    await store.objects.put(makeRecord('b', 'k1'));
    await store.objects.put(makeRecord('b', 'k2'));
    let arrived = 0;
    let release = () => undefined as void;
    const bothIn = new Promise<void>((resolve) => (release = resolve));
    let runs = 0;
    const swap = (first: string, second: string) =>
      store.transaction(async (tx) => {
        runs++;
        await tx.objects.put(makeRecord('b', first, { etag: `by-${first}` }));
        if (++arrived === 2) release();
        await bothIn;
        await tx.objects.put(makeRecord('b', second, { etag: `by-${first}` }));
      });
    const outcomes = await Promise.allSettled([swap('k1', 'k2'), swap('k2', 'k1')]);
    return { outcomes, runs };
  }

  it('runs a transaction again when PostgreSQL rolls it back for a deadlock', async () => {
    const store = await open({ schema: newSchema() });
    const { outcomes, runs } = await deadlock(store);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled']);
    expect(runs).toBe(3);
    const k1 = await store.objects.get('b', 'k1');
    const k2 = await store.objects.get('b', 'k2');
    // The retried transaction ran last, so it wrote both keys.
    expect(k1?.etag).toBe(k2?.etag);
    expect(await store.usage.byBucket('b')).toEqual({ bytes: 20, objects: 2 });
  });

  it('gives up with MetastoreBusyError once maxAttempts runs were rolled back', async () => {
    const store = await open({ schema: newSchema(), maxAttempts: 1 });
    const { outcomes, runs } = await deadlock(store);
    expect(runs).toBe(2);
    const rejected = outcomes.flatMap((o) =>
      o.status === 'rejected' ? [o.reason as unknown] : [],
    );
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toBeInstanceOf(MetastoreBusyError);
    expect(String((rejected[0] as Error).message)).toMatch(/deadlock/);
  });
});
