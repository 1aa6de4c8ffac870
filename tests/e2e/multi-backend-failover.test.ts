/**
 * Read failover between the two copies of an object (a second Strata, then Ceph RGW), with the
 * first copy's backend faulted through its proxy: cut in the middle of the body (the client
 * still gets one whole, byte-exact body: the rest comes from the other copy with a range
 * request), reset or silent before the first byte. The AWS SDK reads through the gateway.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SeenRequest } from '@strata/s3-client/testing';
import { blackhole, forward, get, put, refuse, useMultiBackend } from './support/multi-backend.js';
import { catchS3Error } from './support/s3-client.js';
import { seededBytes, sha256 } from './support/test-data.js';

const MiB = 1024 * 1024;
const BUCKET = 'twice';
const body = seededBytes('failover', 4 * MiB + 123);

/** The byte range of the GETs of the object the gateway sent to a backend. */
function rangesAsked(requests: readonly SeenRequest[]): (string | undefined)[] {
  return requests.filter((r) => r.method === 'GET').map((r) => r.headers.range);
}

describe('read failover between copies', () => {
  const env = useMultiBackend({
    backends: [
      { name: 'first', server: 'strata' },
      { name: 'second', server: 'rgw' },
    ],
    config: {
      // Circuits stay closed (the breaker suite covers them): every read meets the fault.
      breaker: { timeout: '1s', volume_threshold: 1000 },
      buckets: [
        {
          name: BUCKET,
          backends: ['first', 'second'],
          replication: { factor: 2, mode: 'sync' },
        },
      ],
    },
  });
  beforeAll(async () => {
    await put(env().client, BUCKET, 'big.bin', body);
  });
  afterEach(() => {
    forward(env().proxy('first'));
    forward(env().proxy('second'));
  });

  /** Cuts the first copy's next connections after `bytes` of the reply (headers included). */
  const cutFirstAfter = (bytes: number) => {
    const proxy = env().proxy('first');
    proxy.policy = () => ({ kind: 'reset-after', bytes });
    proxy.resetConnections();
    return proxy;
  };

  it('a copy cut mid-body is continued from the other one: the SDK gets the whole body', async () => {
    const first = cutFirstAfter(MiB);
    const second = env().proxy('second');
    const cutsBefore = first.cuts;
    const seen = second.requests.length;
    const { body: read } = await get(env().client, BUCKET, 'big.bin');
    expect(read.length).toBe(body.length);
    expect(sha256(read)).toBe(sha256(body));
    expect(first.cuts).toBeGreaterThan(cutsBefore);
    // The second copy was asked for the rest only, from where the first one stopped (somewhat
    // before the 1 MiB the proxy forwarded: a reset drops what the receiver had not read yet).
    const [range] = rangesAsked(second.requests.slice(seen));
    const from = Number(/^bytes=(\d+)-(\d+)$/.exec(range ?? '')?.[1]);
    expect(from).toBeGreaterThan(0);
    expect(from).toBeLessThan(MiB);
    expect(range).toBe(`bytes=${from}-${body.length - 1}`);
  });

  it('a range GET cut mid-body is continued within the same range', async () => {
    const first = cutFirstAfter(MiB);
    const second = env().proxy('second');
    const seen = second.requests.length;
    const { body: read, contentRange } = await get(
      env().client,
      BUCKET,
      'big.bin',
      'bytes=500000-3500000',
    );
    expect(contentRange).toBe(`bytes 500000-3500000/${body.length}`);
    expect(sha256(read)).toBe(sha256(body.subarray(500_000, 3_500_001)));
    expect(first.cuts).toBeGreaterThan(0);
    const [range] = rangesAsked(second.requests.slice(seen));
    expect(range).toMatch(/^bytes=\d+-3500000$/);
    expect(Number(/^bytes=(\d+)-/.exec(range!)![1])).toBeGreaterThan(500_000);
  });

  for (const [fault, inject, withinMs] of [
    ['resets before the first byte', refuse, 3_000],
    ['never answers (the first-byte timeout, 1 s)', blackhole, 4_000],
  ] as const) {
    it(`a copy whose backend ${fault} is skipped for the other`, async () => {
      inject(env().proxy('first'));
      const seen = env().proxy('second').requests.length;
      const started = performance.now();
      const { body: read } = await get(env().client, BUCKET, 'big.bin');
      expect(performance.now() - started).toBeLessThan(withinMs);
      expect(sha256(read)).toBe(sha256(body));
      // Served whole from the second copy: one GET without a Range header.
      expect(rangesAsked(env().proxy('second').requests.slice(seen))).toEqual([undefined]);
    });
  }

  it('with no copy reachable the GET fails with 503 (no hang), and the bytes survive', async () => {
    blackhole(env().proxy('first'));
    refuse(env().proxy('second'));
    const started = performance.now();
    const failed = await catchS3Error(get(env().client, BUCKET, 'big.bin'));
    expect(failed).toMatchObject({ name: 'ServiceUnavailable', status: 503 });
    expect(performance.now() - started).toBeLessThan(10_000);
    forward(env().proxy('first'));
    forward(env().proxy('second'));
    expect(sha256((await get(env().client, BUCKET, 'big.bin')).body)).toBe(sha256(body));
  });
});
