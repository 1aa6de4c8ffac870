import { readProcStatusBytes } from '../internal/proc-stats.js';
import { measure, runPool } from '../measure.js';
import { createPatternStream } from '../pattern-stream.js';
import { S3HttpClient } from '../s3-http-client.js';
import type { RunningTarget } from '../targets/target.js';
import { formatSize, MiB, rotate, type Scenario, type ScenarioContext } from './scenario.js';

const GiB = 2 ** 30;
const BUCKET = 'bench-memory';

type Phase = { readonly name: string; readonly run: (c: S3HttpClient) => Promise<unknown> };

/**
 * Scenario 3: the server's peak RSS (VmRSS sampled every 50 ms from /proc) while it streams one
 * big object in, streams it out, and takes many concurrent large uploads. Every server is a
 * fresh process, so its idle RSS is reported too: flat memory means peak ≈ idle + a constant.
 */
export const memory: Scenario = {
  name: 'memory',
  title: 'Memory: server peak RSS while streaming',
  targets: ['strata', 'raw', 's3rver'],
  async run(ctx) {
    const { quick } = ctx.options;
    const big = quick ? GiB : 5 * GiB;
    const many = quick ? { count: 16, size: 32 * MiB } : { count: 64, size: 100 * MiB };
    const reps = ctx.options.reps ?? 2;
    const phases: Phase[] = [
      {
        name: `PUT ${formatSize(big)}`,
        run: (c) => c.put(BUCKET, 'big', createPatternStream(big), big),
      },
      { name: `GET ${formatSize(big)}`, run: (c) => c.get(BUCKET, 'big') },
      {
        name: `${many.count} concurrent PUT × ${formatSize(many.size)}`,
        run: (c) =>
          runPool(many.count, many.count, (i) =>
            c.put(BUCKET, `many-${i}`, createPatternStream(many.size), many.size),
          ),
      },
    ];
    for (const t of ctx.targets) {
      const idle = (readProcStatusBytes(t.pid, 'VmRSS') ?? 0) / MiB;
      ctx.recorder.add('idle RSS after start', { unit: 'MiB', better: 'lower' }, t.name, idle);
    }
    for (let rep = 0; rep < reps; rep++) {
      for (const t of rotate(ctx.live(), rep)) {
        await ctx.attempt(t, `rep ${rep}`, () => runPhases(ctx, t, phases, false));
      }
    }
    const strata = ctx.live().find((t) => t.name === 'strata');
    for (let rep = 0; strata && rep < reps; rep++) {
      await ctx.attempt(strata, 'noise check', () => runPhases(ctx, strata, phases, true));
    }
    for (const t of ctx.live()) {
      const hwm = (readProcStatusBytes(t.pid, 'VmHWM') ?? 0) / MiB;
      ctx.recorder.add(
        'VmHWM at the end (whole run)',
        { unit: 'MiB', better: 'lower' },
        t.name,
        hwm,
      );
    }
  },
};

async function runPhases(
  ctx: ScenarioContext,
  t: RunningTarget,
  phases: readonly Phase[],
  noise: boolean,
): Promise<void> {
  const client = new S3HttpClient({ ...t, connections: 128 });
  const seen: string[] = [];
  try {
    await client.createBucket(BUCKET);
    for (const phase of phases) {
      const m = await measure(t.pid, () => phase.run(client));
      const name = `peak RSS: ${phase.name}`;
      if (noise) ctx.recorder.addNoise(name, 'MiB', t.name, m.serverPeakRssMiB);
      else {
        ctx.recorder.add(name, { unit: 'MiB', better: 'lower' }, t.name, m.serverPeakRssMiB, {
          wallS: m.wallS,
          serverCpuS: m.serverCpuS,
        });
      }
      seen.push(`${phase.name} ${m.serverPeakRssMiB.toFixed(0)} MiB`);
    }
  } finally {
    await client.close();
  }
  ctx.log(`${t.name}${noise ? ' (noise)' : ''} peak RSS: ${seen.join(', ')}`);
}
