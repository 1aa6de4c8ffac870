import { randomBytes } from 'node:crypto';
import { createChecksum, type ChecksumAlgorithm } from '@strata/checksums';
import { MiB, formatSize, rotate, type ScenarioContext } from '../scenarios/scenario.js';
import { loadCandidates, type Candidate } from './checksum-candidates.js';

/** The update size: what the body decoder is handed (an SDK frame, a socket read). */
const PIECE = 64 * 1024;

/**
 * The body of the `checksums` scenario: every candidate and `createChecksum` over the same
 * random 64 KiB block, repeated to `total` bytes, each repeat in rotated order; every candidate's
 * value is checked against `createChecksum`'s first, so a wrong implementation cannot win.
 */
export async function runChecksums(ctx: ScenarioContext): Promise<void> {
  const reps = ctx.options.reps ?? 3;
  const total = ctx.options.quick ? 256 * MiB : 1024 * MiB;
  const pieces = Math.ceil(total / PIECE);
  const data = randomBytes(PIECE);
  const { candidates, missing } = loadCandidates();
  for (const name of missing) ctx.note(`Not measured: ${name} did not load here.`);

  const shipped = (algorithm: ChecksumAlgorithm): Candidate => ({
    algorithm,
    name: 'createChecksum',
    start: () => {
      const sum = createChecksum(algorithm);
      return {
        update: (d: Uint8Array) => sum.update(d),
        finish: () => Buffer.from(sum.digest(), 'base64').toString('hex'),
      };
    },
  });
  const measure = async (c: Candidate): Promise<{ rate: number; value: string }> => {
    const running = c.start();
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < pieces; i++) running.update(data);
    const value = await running.finish();
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    return { rate: (pieces * PIECE) / MiB / seconds, value };
  };

  // Warm-up (JIT, lazy addon loads) and the reference values every candidate must reproduce.
  const expected = new Map<ChecksumAlgorithm, string>();
  for (const c of candidates) {
    const ref = expected.get(c.algorithm) ?? (await measure(shipped(c.algorithm))).value;
    expected.set(c.algorithm, ref);
    const { value } = await measure(c);
    if (value !== ref) throw new Error(`${c.algorithm} ${c.name}: ${value}, expected ${ref}`);
  }

  const caseOf = (c: Candidate): string =>
    `${c.algorithm} ${formatSize(pieces * PIECE)}: ${c.name}`;
  for (let rep = 0; rep < reps; rep++) {
    for (const c of rotate(candidates, rep)) {
      for (const col of rotate(['strata', 'raw'] as const, rep)) {
        await ctx.attempt({ name: col }, `${caseOf(c)} #${rep}`, async () => {
          const { rate } = await measure(col === 'strata' ? shipped(c.algorithm) : c);
          ctx.recorder.add(caseOf(c), { unit: 'MiB/s', better: 'higher' }, col, rate);
          ctx.log(`${col} ${caseOf(c)}: ${rate.toFixed(0)} MiB/s`);
        });
      }
    }
  }
  const first = candidates[0];
  if (first) {
    for (let rep = 0; rep < reps; rep++) {
      const { rate } = await measure(first);
      ctx.recorder.addNoise(caseOf(first), 'MiB/s', 'raw', rate);
    }
  }
  const using = (['CRC32', 'CRC32C', 'CRC64NVME'] as const)
    .map((a) => `${a}: ${createChecksum(a).implementation}`)
    .join(', ');
  ctx.note(
    `Each sample: one running checksum over one random ${PIECE / 1024} KiB block passed ${pieces} times (${formatSize(pieces * PIECE)}), one core. raw = the candidate in the row called directly; strata = createChecksum(algorithm) as shipped (${using}; inputs under 256 bytes take the JavaScript or zlib loop), measured right next to it. Every candidate's value is checked against createChecksum's.`,
  );
}
