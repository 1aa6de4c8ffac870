import { randomBytes } from 'node:crypto';
import { formatNumber } from '../report/format.js';
import { MiB, formatSize, rotate, type ScenarioContext } from '../scenarios/scenario.js';
import { summarize } from '../stats.js';
import {
  createEnvelopeKeys,
  prepareBlob,
  rawDecrypt,
  rawEncrypt,
  strataDecrypt,
  strataEncrypt,
} from './envelope-cases.js';
import { checkEnvelope } from './envelope-checks.js';
import { pieceLengths, scatteredPieces } from './envelope-pieces.js';
import { rangeReadCost } from './envelope-range.js';

/** The plaintext is cut from random places of this much random data. */
const SOURCE_SIZE = 2 * MiB;
const UNIT = 'MiB/s per core';
/** Seed 004's Go orchestrator, as it reports (GB = 10^9 bytes): the figures to meet, not measured. */
const GO_ENCRYPT_GBS = 1.3;
const GO_DECRYPT_GBS = 2;

type Column = 'strata' | 'raw';
type Case = { readonly name: string; readonly go: number; run(col: Column): Promise<number> };

/**
 * The body of the `envelope` scenario, loaded only when it runs (it imports the built
 * `@strata/envelope`): encrypt and decrypt MiB/s per core of the package next to one bare
 * AES-256-GCM over the same bytes, each repeat in rotated order, after self-checks that a
 * broken implementation cannot pass; plus what a ranged read fetches, computed.
 */
export async function runEnvelope(ctx: ScenarioContext): Promise<void> {
  const reps = ctx.options.reps ?? 3;
  const sampleBytes = (ctx.options.quick ? 256 : 1024) * MiB;
  const blobBytes = (ctx.options.quick ? 64 : 256) * MiB;
  const passes = Math.ceil(sampleBytes / blobBytes);
  const source = randomBytes(SOURCE_SIZE);
  const keys = createEnvelopeKeys();
  const samplePieces = scatteredPieces(pieceLengths(sampleBytes, 1), SOURCE_SIZE, 1);
  const blob = await prepareBlob(
    keys,
    source,
    scatteredPieces(pieceLengths(blobBytes, 2), SOURCE_SIZE, 2),
  );
  await checkEnvelope(keys, source, blob, samplePieces);
  ctx.log('self-checks passed');

  const cases: Case[] = [
    {
      name: `encrypt ${formatSize(sampleBytes)}, 64 KiB chunks`,
      go: GO_ENCRYPT_GBS,
      run: (col) =>
        col === 'strata'
          ? strataEncrypt(keys, source, samplePieces)
          : Promise.resolve(rawEncrypt(keys.dataKey, source, samplePieces)),
    },
    {
      name: `decrypt ${passes} × a ${formatSize(blobBytes)} blob, 64 KiB chunks`,
      go: GO_DECRYPT_GBS,
      run: async (col) => {
        let plain = 0;
        for (let i = 0; i < passes; i++)
          plain +=
            col === 'strata' ? await strataDecrypt(keys, blob) : rawDecrypt(keys.dataKey, blob);
        return plain;
      },
    },
  ];
  const medians = new Map<string, number[]>();
  for (let rep = 0; rep < reps; rep++) {
    for (const c of rotate(cases, rep)) {
      for (const col of rotate(['strata', 'raw'] as const, rep)) {
        await ctx.attempt({ name: col }, `${c.name} #${rep}`, async () => {
          const s = await sample(() => c.run(col));
          const extras = { wallMiBs: s.wall, cpuPctOfOneCore: s.cpuPct };
          ctx.recorder.add(c.name, { unit: UNIT, better: 'higher' }, col, s.perCore, extras);
          if (col === 'strata') medians.set(c.name, [...(medians.get(c.name) ?? []), s.perCore]);
          ctx.log(`${col} ${c.name}: ${s.perCore.toFixed(0)} ${UNIT} (wall ${s.wall.toFixed(0)})`);
        });
      }
    }
  }
  for (let rep = 0; rep < reps; rep++) {
    for (const c of cases) {
      await ctx.attempt({ name: 'strata' }, `${c.name} noise #${rep}`, async () => {
        ctx.recorder.addNoise(
          c.name,
          UNIT,
          'strata',
          (await sample(() => c.run('strata'))).perCore,
        );
      });
    }
  }
  recordRange(ctx);
  ctx.note(
    `Each sample, one core: encrypt = ${formatSize(sampleBytes)} of plaintext written in 64 KiB–1 MiB pieces (seeded sizes, cut from random places of a ${formatSize(SOURCE_SIZE)} random buffer) into one encryptSegment (default 64 KiB chunks), header and frames counted and dropped; decrypt = a ${formatSize(blobBytes)} blob encrypted once beforehand, written ${passes} times in 64 KiB–1 MiB reads into decryptSegments (data key given, every frame authenticated), plaintext counted and dropped. raw = one createCipheriv/createDecipheriv('aes-256-gcm') over the same plaintext in the same piece sizes, no framing, one tag (checked at the end of a decrypt): the OpenSSL ceiling. Rates are MiB per CPU-second of the bench process (user + system), so the machine's other load weighs less than on wall time; wall-clock MiB/s and CPU % are in the JSON extras.`,
  );
  ctx.note(
    "Self-checks before timing (also the warm-up): both decryptions of the blob reproduce its plaintext SHA-256; the sample plaintext goes encryptSegment → decryptSegments with the same SHA-256; one flipped ciphertext byte is refused with EENVELOPE_AUTH; a planRange-planned 1 MiB range at an unaligned offset of the blob decrypts to the right bytes. Each timed sample checks its byte counts (encrypt: the format's encryptedSize).",
  );
  for (const [c, reported] of cases.map((c) => [c, c.go * (1e9 / MiB)] as const)) {
    const name = `seed 004's Go orchestrator, ${c.name.split(' ')[0] ?? ''}, as it reports (${c.go} GB/s; not measured here)`;
    ctx.recorder.addReference(name, 'MiB/s', reported);
    const mine = medians.get(c.name);
    if (mine)
      ctx.note(
        `Anchor: seed 004's orchestrator measured ${c.go} GB/s ${c.name.split(' ')[0] ?? ''} (${formatNumber(reported)} MiB/s with GB = 10^9 bytes; its own report, machine unknown). Strata here: ${formatNumber(summarize(mine).median)} ${UNIT} = ${(summarize(mine).median / reported).toFixed(2)}× that.`,
      );
  }
}

/** The ranged-read row and its note: computed, not timed. */
function recordRange(ctx: ScenarioContext): void {
  const r = rangeReadCost();
  const name = `stored bytes planRange fetches: ${formatSize(r.length)} at offset ${formatNumber(r.start)} of a ${formatSize(r.objectSize)} object (computed)`;
  ctx.recorder.add(name, { unit: 'bytes', better: 'lower', chart: false }, 'strata', r.stored);
  const within = r.stored <= r.bound;
  ctx.note(
    `Ranged read: ${formatNumber(r.stored)} stored bytes for ${formatNumber(r.length)} asked (+${(((r.stored - r.length) / r.length) * 100).toFixed(1)}%, ${formatSize(r.chunkSize)} chunks); bound ${formatNumber(r.bound)} = 1 MiB + 2 chunks + framing: ${within ? 'within it' : '**over it**'}.`,
  );
}

type Sample = { readonly perCore: number; readonly wall: number; readonly cpuPct: number };

/** Runs `fn` (which returns the plaintext bytes it processed) and rates it per CPU-second and per wall second. */
async function sample(fn: () => Promise<number>): Promise<Sample> {
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const bytes = await fn();
  const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  const cpuS = (cpu.user + cpu.system) / 1e6;
  return { perCore: bytes / MiB / cpuS, wall: bytes / MiB / wallS, cpuPct: (cpuS / wallS) * 100 };
}
