import { createHash } from 'node:crypto';
import { createPatternStream, patternMd5 } from '../pattern-stream.js';
import { extrasOf, measure } from '../measure.js';
import { S3HttpClient } from '../s3-http-client.js';
import { enableBucketEncryption } from '../targets/enable-bucket-encryption.js';
import type { RunningTarget } from '../targets/target.js';
import { md5Throughput } from './md5-throughput.js';
import { formatSize, MiB, rotate, type Scenario, type ScenarioContext } from './scenario.js';

const GiB = 2 ** 30;
const BUCKET = 'bench-large';

/**
 * Scenario 1: one client streams a large object up (PUT) and back (GET) through each server, in
 * MiB/s, repeated with the target order rotated. The raw peers give the ceiling (with and
 * without MD5); the standalone MD5 rate explains the PUT ceiling of any S3 server. `strata-sse`
 * (Strata storing every object encrypted, SSE-S3 by bucket default) is compared with `strata`:
 * issue 17's aim is ≥ 0.85× on PUT and GET.
 */
export const largeObjects: Scenario = {
  name: 'large',
  title: 'Large objects: single-stream PUT and GET throughput',
  targets: ['strata', 'strata-sse', 'raw', 'raw-md5', 's3rver', 'rgw'],
  async run(ctx) {
    const { quick } = ctx.options;
    const sizes = quick ? [256 * MiB] : [GiB, 5 * GiB];
    const reps = ctx.options.reps ?? 3;
    for (let i = 0; i < reps; i++) {
      ctx.recorder.addReference(
        'MD5, node:crypto, one core',
        'MiB/s',
        md5Throughput(quick ? 256 * MiB : GiB),
      );
    }
    for (const t of ctx.targets) {
      await ctx.attempt(t, 'create bucket', () => withClient(t, (c) => c.createBucket(BUCKET)));
      if (t.name === 'strata-sse') await encryptBucket(ctx, t);
    }
    for (const size of sizes) {
      // RGW keeps objects in a RAM memstore and frees deleted data only by a deferred GC.
      const targets = ctx.live().filter((t) => t.name !== 'rgw' || size <= GiB);
      if (ctx.targets.some((t) => t.name === 'rgw') && size > GiB) {
        ctx.note(
          `RGW skipped at ${formatSize(size)}: its memstore is RAM and deletes are reclaimed by a deferred GC.`,
        );
      }
      const n = size > GiB ? Math.min(reps, 2) : reps;
      for (let rep = 0; rep < n; rep++) {
        for (const t of rotate(targets, rep)) {
          // strata-sse's first object is also read back hashed (untimed): decryption must give
          // back the very bytes PUT, not just as many.
          const checkBody = t.name === 'strata-sse' && size === sizes[0] && rep === 0;
          await ctx.attempt(t, `${formatSize(size)} #${rep}`, () =>
            putGet(ctx, t, size, rep, false, checkBody),
          );
        }
      }
      const strata = ctx.live().find((t) => t.name === 'strata');
      for (let rep = 0; strata && rep < n; rep++) {
        await ctx.attempt(strata, 'noise check', () => putGet(ctx, strata, size, rep, true));
      }
    }
  },
};

/** Gives `t`'s bucket default encryption AES256, checked by a HEAD; a failure drops `t`. */
async function encryptBucket(ctx: ScenarioContext, t: RunningTarget): Promise<void> {
  const ok = await ctx.attempt(t, 'bucket default encryption', () =>
    withClient(t, (c) => enableBucketEncryption(c, BUCKET, 'AES256')),
  );
  if (!ok) return;
  ctx.note(
    `${t.name} is strata with encryption keys and its bucket's default encryption AES256 ` +
      '(SSE-S3; a HEAD of a probe object reported `x-amz-server-side-encryption: AES256`): ' +
      'every PUT encrypts and every GET decrypts, AES-256-GCM in 64 KiB frames. ' +
      `Issue 17's aim: \`${t.name} vs strata\` ≥ 0.85× on PUT and GET.`,
  );
}

/** An untimed second GET of `key`, hashed: its MD5 must be that of the pattern bytes PUT. */
async function checkBodyMd5(
  ctx: ScenarioContext,
  t: RunningTarget,
  client: S3HttpClient,
  key: string,
  size: number,
): Promise<void> {
  const hash = createHash('md5');
  await client.get(BUCKET, key, (chunk) => hash.update(chunk));
  const got = hash.digest('hex');
  const want = patternMd5(size);
  if (got !== want) {
    throw new Error(`${t.name}: GET ${formatSize(size)} body MD5 ${got}, PUT ${want}`);
  }
  ctx.note(`${t.name}: a GET of the ${formatSize(size)} object has the MD5 of the bytes PUT.`);
}

async function withClient<T>(t: RunningTarget, fn: (c: S3HttpClient) => Promise<T>): Promise<T> {
  const client = new S3HttpClient({ ...t, connections: 4 });
  try {
    return await fn(client);
  } finally {
    await client.close();
  }
}

async function putGet(
  ctx: ScenarioContext,
  t: RunningTarget,
  size: number,
  rep: number,
  noise: boolean,
  checkBody = false,
): Promise<void> {
  const label = formatSize(size);
  const key = `large/${rep}-${noise ? 'n' : 'm'}`;
  const mib = size / MiB;
  await withClient(t, async (client) => {
    const put = await measure(t.pid, () =>
      client.put(BUCKET, key, createPatternStream(size), size),
    );
    const get = await measure(t.pid, () => client.get(BUCKET, key));
    if (get.result !== size)
      throw new Error(`${t.name}: GET returned ${get.result} of ${size} bytes`);
    if (checkBody) await checkBodyMd5(ctx, t, client, key, size);
    await client.delete(BUCKET, key);
    const opts = { unit: 'MiB/s', better: 'higher' } as const;
    if (noise) {
      ctx.recorder.addNoise(`PUT ${label}`, 'MiB/s', t.name, mib / put.wallS);
      ctx.recorder.addNoise(`GET ${label}`, 'MiB/s', t.name, mib / get.wallS);
    } else {
      ctx.recorder.add(`PUT ${label}`, opts, t.name, mib / put.wallS, extrasOf(put));
      ctx.recorder.add(`GET ${label}`, opts, t.name, mib / get.wallS, extrasOf(get));
    }
    ctx.log(
      `${t.name} ${label}${noise ? ' (noise)' : ''}: PUT ${(mib / put.wallS).toFixed(0)} MiB/s, GET ${(mib / get.wallS).toFixed(0)} MiB/s`,
    );
  });
}
