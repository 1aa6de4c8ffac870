import { createSigV4Verifier, SigV4Error } from '@strata/sigv4-verify';
import { decodeCases, type DecodeCase } from './decode-cases.js';
import { timeBox } from './time-box.js';
import { verifyFloor } from './verify-floor.js';
import { signedRequestMix, type BenchKey, type SignedRequest } from './signed-requests.js';
import { MiB, rotate, type ScenarioContext } from '../scenarios/scenario.js';

const GiB = 2 ** 30;
/** A Go S3 orchestrator's own report per header verification: the time to beat (not measured). */
const GO_US_PER_VERIFY = 4.7;
const VERIFY = 'header-auth verify, warm key cache';

/**
 * The body of the `sigv4` scenario, loaded only when it runs: it imports the built workspace
 * package it measures, which a run of the server scenarios alone must not need.
 */
export async function runSigv4(ctx: ScenarioContext): Promise<void> {
  const { quick } = ctx.options;
  const reps = ctx.options.reps ?? 3;
  const sampleS = quick ? 1 : 2;
  const keys: BenchKey[] = Array.from({ length: 4 }, (_, i) => ({
    accessKeyId: `BENCHKEY${i}EXAMPLE`,
    secretAccessKey: `bench/secret/${i}/wJalrXUtnFEMI/K7MDENG/bPxRfiCY`,
  }));
  const byId = new Map(keys.map((k) => [k.accessKeyId, k]));
  const verifier = createSigV4Verifier({ region: 'us-east-1', lookup: (id) => byId.get(id) });
  const requests = signedRequestMix(200, keys);
  await selfCheck(verifier, requests);
  const key = keys[0] ?? { accessKeyId: '', secretAccessKey: '' };
  const cases = await decodeCases(verifier, key, quick ? 256 * MiB : GiB);
  ctx.recorder.addReference(
    "Go orchestrator (the Go S3 gateway Strata's design started from), µs per verification, as it reports (not measured here)",
    'µs',
    GO_US_PER_VERIFY,
  );
  const verifyOnce = (i: number) => verifier.verify(requests[i % requests.length] as SignedRequest);
  const floorOnce = (i: number) => verifyFloor(requests[i % requests.length] as SignedRequest);
  // Warm-up: JIT, the signing key cache (one entry per key and day), lazy allocations.
  await timeBox(0.3, verifyOnce);
  await timeBox(0.3, floorOnce);

  const measureVerify = async (col: 'strata' | 'raw', noise: boolean): Promise<void> => {
    const r = await timeBox(sampleS, col === 'strata' ? verifyOnce : floorOnce);
    const us = (r.seconds / r.ops) * 1e6;
    if (noise) return ctx.recorder.addNoise(`${VERIFY}, µs`, 'µs', col, us);
    ctx.recorder.add(`${VERIFY}, µs`, { unit: 'µs', better: 'lower' }, col, us, { ops: r.ops });
    ctx.recorder.add(`${VERIFY}, rate`, { unit: 'verifies/s', better: 'higher' }, col, 1e6 / us);
    if (col === 'strata') {
      ctx.recorder.add(
        `Go's ${GO_US_PER_VERIFY} µs ÷ Strata's µs per verify`,
        { unit: '×', better: 'higher', chart: false },
        col,
        GO_US_PER_VERIFY / us,
      );
    }
    ctx.log(`${col} verify: ${us.toFixed(2)} µs (${r.ops} in ${r.seconds.toFixed(2)} s)`);
  };
  for (let rep = 0; rep < reps; rep++) {
    for (const col of rotate(['strata', 'raw'] as const, rep)) {
      await ctx.attempt({ name: col }, `verify #${rep}`, () => measureVerify(col, false));
    }
    for (const c of cases) {
      for (const col of rotate(['strata', 'raw'] as const, rep)) {
        await ctx.attempt({ name: col }, `${c.name} #${rep}`, () =>
          measureDecode(ctx, c, col, sampleS, false),
        );
      }
    }
  }
  const first = cases[0];
  for (let rep = 0; rep < reps; rep++) {
    await ctx.attempt({ name: 'strata' }, 'noise check', async () => {
      await measureVerify('strata', true);
      if (first) await measureDecode(ctx, first, 'strata', sampleS, true);
    });
  }
  ctx.note(
    `Requests: ${requests.length} header-signed GET/HEAD/PUT/DELETE/ListObjectsV2 over 8 keys (spaces, unicode, reserved characters) and 4 access keys, signed once, then only verify() is timed (awaited one by one). raw = SHA-256 of the canonical request + HMAC of the string to sign + constant-time compare: the crypto a verification cannot skip.`,
  );
  ctx.note(
    'Bodies: one random 64 KiB block as every chunk, frames pre-built (chunk signatures precomputed) and written with backpressure into the decoder, output counted and dropped; raw hashes the same bytes in 64 KiB updates. Each sample repeats the whole body until ≥ ' +
      `${sampleS} s.`,
  );
}

async function measureDecode(
  ctx: ScenarioContext,
  c: DecodeCase,
  col: 'strata' | 'raw',
  sampleS: number,
  noise: boolean,
): Promise<void> {
  const r = await timeBox(sampleS, col === 'strata' ? () => c.strata() : () => c.raw(), 1);
  const rate = (r.ops * c.decodedBytes) / MiB / r.seconds;
  if (noise) ctx.recorder.addNoise(c.name, 'MiB/s', col, rate);
  else ctx.recorder.add(c.name, { unit: 'MiB/s', better: 'higher' }, col, rate, { bodies: r.ops });
  ctx.log(`${col} ${c.name}${noise ? ' (noise)' : ''}: ${rate.toFixed(0)} MiB/s`);
}

/** Every request verifies, and one changed byte in a signed header is refused. */
async function selfCheck(
  verifier: ReturnType<typeof createSigV4Verifier>,
  requests: readonly SignedRequest[],
): Promise<void> {
  for (const req of requests) await verifier.verify(req);
  const first = requests[0];
  if (!first) return;
  const forged = { ...first, headers: { ...first.headers, 'x-amz-date': '20000101T000000Z' } };
  const refused = await verifier.verify(forged).then(
    () => false,
    (e: unknown) => e instanceof SigV4Error,
  );
  if (!refused) throw new Error('a forged request verified: the benchmark would be meaningless');
}
