/**
 * The circuit breaker of an S3 backend (s3rver, first in `pack` order) whose proxy stops
 * answering: the first writes fail within the first-byte timeout, then the circuit opens (as
 * `/health` shows), writes go to the next backend at once and reads of what only it holds fail
 * fast; once the proxy forwards again a trial call closes the circuit and writes come back.
 */
import { describe, expect, it } from 'vitest';
import { blackhole, blobsOf, forward, get, put, useMultiBackend } from './support/multi-backend.js';
import { catchS3Error } from './support/s3-client.js';
import { seededBytes, sha256 } from './support/test-data.js';

const BUCKET = 'guarded';
const KiB = 1024;

describe('circuit breaker of a backend that stops answering', () => {
  const env = useMultiBackend({
    backends: [
      { name: 'remote', server: 's3rver' },
      { name: 'local', server: 'fs' },
    ],
    config: {
      breaker: { timeout: '1s', volume_threshold: 2, error_threshold: 50, reset_timeout: '2s' },
      buckets: [{ name: BUCKET, backends: ['remote', 'local'], placement: 'pack' }],
    },
  });
  const committed = new Map<string, Buffer>();
  /** PutObject, timed; on success the object is remembered for the final read-back. */
  const timedPut = async (key: string) => {
    const body = seededBytes(key, 64 * KiB);
    const started = performance.now();
    const error = await put(env().client, BUCKET, key, body).then(
      () => undefined,
      (e: { name: string; $metadata?: { httpStatusCode?: number } }) => e,
    );
    if (error === undefined) committed.set(key, body);
    return { key, error, ms: performance.now() - started };
  };
  const circuit = async () => (await env().health()).backends.remote?.circuit;
  const where = async (key: string) => {
    const remote = await blobsOf(env().backend('remote'), BUCKET, key);
    const local = await blobsOf(env().backend('local'), BUCKET, key);
    return [...remote.map(() => 'remote'), ...local.map(() => 'local')];
  };

  it('opens on a silent backend, sends writes elsewhere, and closes once it answers', async () => {
    const before = await timedPut('before');
    expect(before.error).toBeUndefined();
    expect(await where('before')).toEqual(['remote']);
    expect(await circuit()).toBe('closed');

    blackhole(env().proxy('remote'));
    // Until the circuit opens, writes placed on it fail with a 503 within the timeout.
    const failures = [];
    let placed = await timedPut('during-0');
    for (let i = 1; placed.error !== undefined && i < 10; i++) {
      failures.push(placed);
      placed = await timedPut(`during-${i}`);
    }
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.length).toBeLessThanOrEqual(2);
    for (const failure of failures) {
      expect(failure.error).toMatchObject({
        name: 'ServiceUnavailable',
        $metadata: { httpStatusCode: 503 },
      });
      expect(failure.ms).toBeLessThan(3_000);
    }
    expect(placed.error).toBeUndefined();
    expect(await circuit()).toBe('open');

    // Open: writes skip it without waiting, and what only it holds fails fast.
    const elsewhere = [placed];
    for (let i = 0; i < 3; i++) elsewhere.push(await timedPut(`open-${i}`));
    for (const write of elsewhere) {
      expect(write.error).toBeUndefined();
      // Well under the 1 s a write placed on the silent backend would wait.
      expect(write.ms).toBeLessThan(800);
      expect(await where(write.key)).toEqual(['local']);
    }
    const started = performance.now();
    const unreachable = await catchS3Error(get(env().client, BUCKET, 'before'));
    expect(unreachable).toMatchObject({ name: 'ServiceUnavailable', status: 503 });
    expect(performance.now() - started).toBeLessThan(800);

    forward(env().proxy('remote'));
    // After reset_timeout one trial call goes through (half-open); it succeeds: closed again.
    let n = 0;
    await expect
      .poll(
        async () => {
          await timedPut(`after-${n++}`);
          return circuit();
        },
        { timeout: 15_000, interval: 300 },
      )
      .toBe('closed');
    const back = await timedPut('back');
    expect(back.error).toBeUndefined();
    expect(await where('back')).toEqual(['remote']);
    expect(sha256((await get(env().client, BUCKET, 'before')).body)).toBe(
      sha256(committed.get('before')!),
    );
  });

  it('no committed byte is lost: every PUT that answered 200 reads back exactly', async () => {
    expect(committed.size).toBeGreaterThan(5);
    for (const [key, body] of committed) {
      expect(sha256((await get(env().client, BUCKET, key)).body)).toBe(sha256(body));
    }
    // Writes that failed left no object behind.
    expect((await catchS3Error(get(env().client, BUCKET, 'during-0'))).status).toBe(404);
  });
});
