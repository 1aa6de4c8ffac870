import { S3HttpClient } from '../s3-http-client.js';
import { quantile } from '../stats.js';
import type { RunningTarget } from '../targets/target.js';

/** p50 and p99 of one series of sequential ranged GETs, in ms. */
export type RangeLatency = { readonly p50Ms: number; readonly p99Ms: number };

/**
 * `count` offsets in `[0, size - length]`, spread by a fixed linear congruential sequence: every
 * path is asked for the same bytes, and none of them twice in a row.
 */
export function rangeOffsets(count: number, size: number, length: number): number[] {
  const offsets: number[] = [];
  let x = 21;
  for (let i = 0; i < count; i++) {
    x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
    offsets.push(x % (size - length + 1));
  }
  return offsets;
}

/**
 * Sends one ranged GET of `length` bytes per offset, one after another on one keep-alive
 * connection (a first, untimed request opens it), checks each answer against `expected` (the
 * object's bytes) and returns the latency quantiles.
 */
export async function timeRangedGets(
  target: Pick<RunningTarget, 'endpoint' | 'accessKeyId' | 'secretAccessKey'>,
  where: { readonly bucket: string; readonly key: string },
  offsets: readonly number[],
  length: number,
  expected: Buffer,
): Promise<RangeLatency> {
  const client = new S3HttpClient({ ...target, connections: 1 });
  try {
    await client.getRange(where.bucket, where.key, 0, length - 1);
    const ms: number[] = [];
    for (const offset of offsets) {
      const t0 = performance.now();
      const body = await client.getRange(where.bucket, where.key, offset, offset + length - 1);
      ms.push(performance.now() - t0);
      if (!body.equals(expected.subarray(offset, offset + length))) {
        throw new Error(`ranged GET at ${offset} of ${where.key}: wrong bytes`);
      }
    }
    return { p50Ms: quantile(ms, 0.5), p99Ms: quantile(ms, 0.99) };
  } finally {
    await client.close();
  }
}
