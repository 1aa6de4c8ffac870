import { afterEach, describe, expect, it } from 'vitest';
import { MetastoreBusyError, MetastoreUnavailableError } from '../errors.js';
import type { MetaStore } from '../store.js';
import { makeRecord, rejection } from '../testing/fixtures.js';
import { usePostgresTestDatabase } from '../testing/postgres-test-database.js';
import { startTcpProxy } from '../testing/tcp-proxy.js';
import type { TcpProxy } from '../testing/tcp-proxy.js';
import { openPostgresStore } from './index.js';
import type { OpenPostgresStoreOptions } from './index.js';

const db = await usePostgresTestDatabase();
const describeIfReachable =
  db.unreachable === undefined || process.env.CI ? describe : describe.skip;
let schemas = 0;
const newSchema = () => db.schemaFor(`t${++schemas}`);

const QUERY_TIMEOUT_MS = 1_500;
const CONNECT_TIMEOUT_MS = 1_000;

/** Milliseconds `promise` takes to reject, with what it rejected with. */
async function timedRejection(promise: Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const started = performance.now();
  const error = await rejection(promise);
  return { error, ms: performance.now() - started };
}

describeIfReachable(`PostgreSQL timeouts (${db.url})`, () => {
  const opened: MetaStore[] = [];
  const proxies: TcpProxy[] = [];
  afterEach(async () => {
    for (const proxy of proxies) proxy.forward();
    await Promise.allSettled(opened.splice(0).map((s) => s.close()));
    await Promise.allSettled(proxies.splice(0).map((p) => p.close()));
  });
  /** A proxy to the test server and the connection string that goes through it. */
  const proxied = async () => {
    const upstream = new URL(db.url);
    const proxy = await startTcpProxy(upstream.hostname, Number(upstream.port || 5432));
    proxies.push(proxy);
    const url = new URL(db.url);
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    return { proxy, url: url.toString() };
  };
  const open = async (options: Partial<OpenPostgresStoreOptions> & { schema: string }) => {
    const store = await openPostgresStore({
      connectionString: db.url,
      poolSize: 2,
      queryTimeoutMs: QUERY_TIMEOUT_MS,
      connectTimeoutMs: CONNECT_TIMEOUT_MS,
      ...options,
    });
    opened.push(store);
    return store;
  };
  const expectUnavailable = (error: unknown) => {
    expect(error).toBeInstanceOf(MetastoreUnavailableError);
    expect(error).toMatchObject({ code: 'EMETA_UNAVAILABLE' });
  };

  it('fails with EMETA_UNAVAILABLE within the timeout when the server stops answering, then recovers without reopening', async () => {
    const { proxy, url } = await proxied();
    const store = await open({ connectionString: url, schema: newSchema() });
    const before = makeRecord('b', 'before');
    await store.objects.put(before);

    proxy.blackhole();
    const read = await timedRejection(store.objects.get('b', 'before'));
    expectUnavailable(read.error);
    expect(read.ms).toBeGreaterThanOrEqual(QUERY_TIMEOUT_MS - 50);
    expect(read.ms).toBeLessThan(QUERY_TIMEOUT_MS + 1_000);
    // A write's ROLLBACK does not wait out a second timeout on the dead connection.
    const write = await timedRejection(store.objects.put(makeRecord('b', 'during')));
    expectUnavailable(write.error);
    expect(write.ms).toBeLessThan(QUERY_TIMEOUT_MS + 1_000);
    // By now the broken connections were discarded: new ones fail to connect in time.
    const ping = await timedRejection(store.ping());
    expectUnavailable(ping.error);
    expect(ping.ms).toBeLessThan(QUERY_TIMEOUT_MS + 1_000);

    proxy.forward();
    await store.ping();
    expect(await store.objects.get('b', 'before')).toEqual(before);
    expect(await store.objects.get('b', 'during')).toBeUndefined();
    await store.objects.put(makeRecord('b', 'after'));
    expect(await store.objects.get('b', 'after')).toBeDefined();
  });

  it('has the server end a transaction cut off midway, so other instances can write its rows', async () => {
    const schema = newSchema();
    const { proxy, url } = await proxied();
    const cutOff = await open({ connectionString: url, schema });
    const other = await open({ schema, queryTimeoutMs: 15_000, lockTimeoutMs: 10_000 });
    await cutOff.objects.put(makeRecord('b', 'k', { etag: 'first' }));

    const error = await rejection(
      cutOff.transaction(async (tx) => {
        await tx.objects.put(makeRecord('b', 'k', { etag: 'locked' }));
        proxy.blackhole(); // the row stays locked by a session whose client is gone
        await tx.objects.get('b', 'k');
      }),
    );
    expectUnavailable(error);
    // Without idle_in_transaction_session_timeout this would wait out lockTimeoutMs and fail.
    const started = performance.now();
    await other.objects.put(makeRecord('b', 'k', { etag: 'second' }));
    expect(performance.now() - started).toBeLessThan(5_000);

    proxy.forward();
    expect((await cutOff.objects.get('b', 'k'))?.etag).toBe('second');
  });

  it('has the server cancel a statement that is only slow, before the client gives up', async () => {
    const schema = newSchema();
    const store = await open({ schema, lockTimeoutMs: 10_000 });
    await store.objects.put(makeRecord('b', 'k'));
    const holder = await db.admin.connect();
    try {
      await holder.query('begin');
      await holder.query(`select * from "${schema}".objects where key = 'k' for update`);
      const { error, ms } = await timedRejection(store.objects.put(makeRecord('b', 'k')));
      // statement_timeout (SQLSTATE 57014) fired, not the client-side query_timeout.
      expect(error).toBeInstanceOf(MetastoreBusyError);
      expect((error as Error).cause).toMatchObject({ code: '57014' });
      expect(ms).toBeLessThan(QUERY_TIMEOUT_MS);
    } finally {
      await holder.query('rollback');
      holder.release();
    }
    await store.objects.put(makeRecord('b', 'k', { etag: 'after' }));
    expect((await store.objects.get('b', 'k'))?.etag).toBe('after');
  });

  it('fails to open within connectTimeoutMs when the server does not answer', async () => {
    const { proxy, url } = await proxied();
    proxy.blackhole();
    const { error, ms } = await timedRejection(
      openPostgresStore({ connectionString: url, schema: newSchema(), connectTimeoutMs: 500 }),
    );
    expectUnavailable(error);
    expect(ms).toBeLessThan(500 + 1_000);
  });

  it('rejects a negative or fractional timeout', async () => {
    for (const options of [{ queryTimeoutMs: -1 }, { connectTimeoutMs: 1.5 }]) {
      await expect(
        openPostgresStore({ connectionString: db.url, schema: newSchema(), ...options }),
      ).rejects.toBeInstanceOf(RangeError);
    }
  });
});
