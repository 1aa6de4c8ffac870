/**
 * Degraded mode with the metadata in the machine's real PostgreSQL, reached through a proxy the
 * test cuts: the database server itself is never stopped (other suites use it). While it does
 * not answer, GET and HEAD are served from the backends (newest blob of the key), writes answer
 * 503 at once, and service comes back by itself when the database does.
 *
 * PostgreSQL is required: when it is unreachable this suite fails (in CI and out of it), it
 * never skips. One schema per run, dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { TcpProxy } from '@strata/s3-client/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HeadObjectCommand, PutObjectCommand } from './support/aws-sdk.js';
import { blackhole, forward, get, put, useMultiBackend } from './support/multi-backend.js';
import { catchS3Error, recordResponses, type RecordedResponse } from './support/s3-client.js';
import { probePostgres } from './support/services.js';
import { seededBytes, sha256 } from './support/test-data.js';

const DATABASE_URL =
  process.env.STRATA_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `strata_e2e_degraded_${randomBytes(4).toString('hex')}`;
const BUCKET = 'docs';

/** Objects written before the outage, on two backends each (an S3 one and a directory). */
const OBJECTS = [
  { key: 'small.txt', body: seededBytes('degraded-small', 1_000) },
  { key: 'reports/2026/q1.bin', body: seededBytes('degraded-q1', 3 * 1024 * 1024 + 7) },
];

async function timed<T>(work: Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work;
  return { value, ms: performance.now() - started };
}

// A test of its own, outside the suite below: when PostgreSQL is down it counts as a failed test
// (the suite's tests, whose hooks then fail too, are only reported as not run).
it('PostgreSQL answers (the degraded-mode suite needs it, and fails without it)', () =>
  probePostgres(DATABASE_URL));

describe('degraded mode: PostgreSQL cut off through a proxy', () => {
  const database = new URL(DATABASE_URL);
  const pgProxy = new TcpProxy(`http://${database.hostname}:${database.port || '5432'}`);
  let metastore = '';

  beforeAll(async () => {
    await probePostgres(DATABASE_URL);
    const url = new URL(DATABASE_URL);
    url.host = new URL(await pgProxy.listen()).host;
    url.searchParams.set('schema', schema);
    metastore = url.toString();
  });
  afterAll(async () => {
    // Registered before the gateway's hooks: runs after the gateway stopped.
    await pgProxy.close();
    if (metastore === '') return;
    const client = new pg.Client({ connectionString: DATABASE_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  });

  const env = useMultiBackend({
    backends: [
      { name: 'rgw', server: 'rgw' },
      { name: 'disk', server: 'fs' },
    ],
    config: () => ({
      metastore,
      // Short, so the test sees the metastore retried (and recovery) within seconds; long enough
      // for the reads below to run before the first retry.
      metastore_retry: '5s',
      buckets: [
        { name: BUCKET, backends: ['rgw', 'disk'], replication: { factor: 2, mode: 'sync' } },
      ],
    }),
  });

  let seen: RecordedResponse[] = [];
  const lastHeaders = () => seen.at(-1)?.headers ?? {};
  const etags = new Map<string, string | undefined>();

  beforeAll(async () => {
    for (const { key, body } of OBJECTS) etags.set(key, await put(env().client, BUCKET, key, body));
  });

  it('serves GET and HEAD from the backends, refuses writes at once, and recovers by itself', async () => {
    const { client } = env();
    seen = recordResponses(client);
    blackhole(pgProxy);
    // The first request finds out: a new connection cannot be made (pg connect timeout, 5 s).
    const first = await timed(
      catchS3Error(put(client, BUCKET, 'during-outage', Buffer.from('never stored'))),
    );
    expect(first.value).toMatchObject({ name: 'ServiceUnavailable', status: 503 });
    expect(first.ms).toBeLessThan(10_000);

    for (const { key, body } of OBJECTS) {
      const whole = await timed(get(client, BUCKET, key));
      expect(sha256(whole.value.body)).toBe(sha256(body));
      expect(lastHeaders()['x-strata-degraded']).toBe('true');
      // A record rebuilt from the backends has no ETag: none beats a wrong one.
      expect(whole.value.etag).toBeUndefined();
      expect(whole.ms).toBeLessThan(2_000);
    }
    const [, big] = OBJECTS;
    const range = await get(client, BUCKET, big!.key, 'bytes=1000000-1999999');
    expect(range.body.equals(big!.body.subarray(1_000_000, 2_000_000))).toBe(true);
    expect(range.contentRange).toBe(`bytes 1000000-1999999/${big!.body.length}`);
    const head = await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: big!.key }));
    expect(head.ContentLength).toBe(big!.body.length);
    expect(lastHeaders()['x-strata-degraded']).toBe('true');

    // Known down: writes do not wait on the database again.
    const refused = await timed(
      catchS3Error(client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'later', Body: 'x' }))),
    );
    expect(refused.value).toMatchObject({ name: 'ServiceUnavailable', status: 503 });
    expect(refused.ms).toBeLessThan(1_500);
    expect((await env().health()).status).toBe('degraded');

    forward(pgProxy);
    // The next request after metastore_retry tries the database again, and success ends it.
    const [small] = OBJECTS;
    await expect
      .poll(async () => (await get(client, BUCKET, small!.key)).etag, {
        timeout: 20_000,
        interval: 500,
      })
      .toBe(etags.get(small!.key));
    expect(lastHeaders()['x-strata-degraded']).toBeUndefined();
    expect((await env().health()).status).toBe('ok');
    await put(client, BUCKET, 'after-outage', Buffer.from('stored'));
    expect((await get(client, BUCKET, 'after-outage')).body.toString()).toBe('stored');
    // Nothing written during the outage exists; every object committed before reads back.
    expect((await catchS3Error(get(client, BUCKET, 'during-outage'))).status).toBe(404);
    for (const { key, body } of OBJECTS) {
      expect(sha256((await get(client, BUCKET, key)).body)).toBe(sha256(body));
    }
  });

  it('a gateway (re)started just before the outage serves degraded reads too', async () => {
    // A fresh process knows nothing of the bucket yet but what its configuration says.
    await env().restart();
    blackhole(pgProxy);
    try {
      const { client } = env();
      seen = recordResponses(client);
      for (const { key, body } of OBJECTS) {
        const { body: read } = await get(client, BUCKET, key);
        expect(sha256(read)).toBe(sha256(body));
        expect(lastHeaders()['x-strata-degraded']).toBe('true');
      }
    } finally {
      forward(pgProxy);
    }
  });
});
