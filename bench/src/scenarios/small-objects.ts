import { extrasOf, measure, runPool } from '../measure.js';
import { smallBody } from '../pattern-stream.js';
import { S3HttpClient } from '../s3-http-client.js';
import { quantile } from '../stats.js';
import { applyBenchPolicy } from '../targets/apply-bench-policy.js';
import type { RunningTarget } from '../targets/target.js';
import { describeScrapes, metricsCostVerdict } from './metrics-cost.js';
import { policyCostVerdict } from './policy-cost.js';
import { formatSize, rotate, type Scenario, type ScenarioContext } from './scenario.js';

const BUCKET = 'bench-small';
const OPS = ['PUT', 'GET', 'HEAD', 'DELETE'] as const;
type Op = (typeof OPS)[number];

type Config = { readonly size: number; readonly concurrency: number; readonly count: number };

/**
 * Scenario 2: many small objects. For each size and concurrency, PUT `count` fresh keys, then
 * GET, HEAD and DELETE them all, through a bounded pool of `concurrency` workers on keep-alive
 * connections. Reports ops/s (the headline) and p50/p99 latency per operation, and what
 * Prometheus metrics and a 20-statement bucket policy cost (`strata-metrics` and
 * `strata-policy` against `strata`, a verdict line each on 4 KiB GET).
 */
export const smallObjects: Scenario = {
  name: 'small',
  title: 'Small objects: PUT, GET, HEAD, DELETE ops/s and latency',
  targets: ['strata', 'strata-metrics', 'strata-policy', 'raw', 's3rver', 'rgw'],
  async run(ctx) {
    const { quick } = ctx.options;
    const configs: Config[] = quick
      ? [{ size: 4096, concurrency: 16, count: 1000 }]
      : [4096, 64 * 1024].flatMap((size) =>
          [1, 16, 64].map((concurrency) => ({
            size,
            concurrency,
            count: concurrency === 1 ? 1000 : 3000,
          })),
        );
    const reps = ctx.options.reps ?? 3;
    for (const t of ctx.targets) {
      // The policy goes on before the warm-up, so its evaluation is warm too.
      if (t.name === 'strata-policy') await policyBucket(ctx, t);
      await ctx.attempt(t, 'warm-up', () => warmUp(t));
    }
    for (const config of configs) {
      const what = `${formatSize(config.size)} c=${config.concurrency}`;
      for (let rep = 0; rep < reps; rep++) {
        for (const t of rotate(ctx.live(), rep)) {
          await ctx.attempt(t, what, () => runConfig(ctx, t, config, rep, false));
        }
      }
    }
    const strata = ctx.live().find((t) => t.name === 'strata');
    const first = configs[0];
    if (strata && first) {
      for (let rep = 0; rep < reps; rep++) {
        await ctx.attempt(strata, 'noise check', () => runConfig(ctx, strata, first, rep, true));
      }
    }
    reportMetricsCost(ctx);
    reportPolicyCost(ctx);
  },
};

/**
 * Creates `t`'s bucket and gives it the bench policy, read back to prove it took; a failure
 * drops `t` (so no-policy numbers are never reported as policy numbers).
 */
async function policyBucket(ctx: ScenarioContext, t: RunningTarget): Promise<void> {
  const ok = await ctx.attempt(t, 'bucket policy', async () => {
    const client = new S3HttpClient({ ...t, connections: 1 });
    try {
      await client.createBucket(BUCKET);
      await applyBenchPolicy(client, BUCKET);
    } finally {
      await client.close();
    }
  });
  if (!ok) return;
  ctx.note(
    `${t.name} is strata whose bucket has a 20-statement policy (read back with GetBucketPolicy ` +
      'before the warm-up): 10 Deny to everyone, 7 of them on the actions and resources the ' +
      'bench uses, so each of its requests evaluates their conditions (source IP, signature ' +
      'version, User-Agent; on PUT also the encryption header, ACL, tag keys, and on PUT and ' +
      'DELETE the auth type), and 10 Allow to other accounts. None matches the bench, whose key ' +
      "is the owner's: every request is evaluated and allowed. No statement reads " +
      "`s3:ExistingObjectTag` (that makes every request read the object's tags, another cost).",
  );
}

/** The question: what a 20-statement bucket policy costs on 4 KiB ops. */
function reportPolicyCost(ctx: ScenarioContext): void {
  const verdict = policyCostVerdict(ctx.recorder.rows(), ctx.recorder.noise());
  if (verdict) {
    ctx.verdict(verdict);
    ctx.log(`${verdict.pass ? 'PASS' : 'FAIL'}: ${verdict.text}`);
  }
}

/** The question: what Prometheus metrics (scraped every 5 s) cost on 4 KiB ops. */
function reportMetricsCost(ctx: ScenarioContext): void {
  const scrapes = ctx.targets.find((t) => t.name === 'strata-metrics')?.scrapes?.();
  if (scrapes) {
    ctx.note(
      `strata-metrics is strata with \`metrics.token\` set, scraped like a Prometheus would ` +
        `(GET /metrics, bearer token, on its main listener) from its start to its stop, so also ` +
        `while the other servers were measured: ${describeScrapes(scrapes)}.`,
    );
  }
  const verdict = metricsCostVerdict(ctx.recorder.rows(), ctx.recorder.noise(), scrapes);
  if (verdict) {
    ctx.verdict(verdict);
    ctx.log(`${verdict.pass ? 'PASS' : 'FAIL'}: ${verdict.text}`);
  }
}

/** Opens connections and lets the server JIT its hot paths before anything is timed. */
async function warmUp(t: RunningTarget): Promise<void> {
  const client = new S3HttpClient({ ...t, connections: 64 });
  try {
    await client.createBucket(BUCKET);
    const body = smallBody(4096);
    await runPool(200, 16, (i) => client.put(BUCKET, `warm-${i}`, body, body.length));
    await runPool(200, 16, (i) => client.get(BUCKET, `warm-${i}`));
    await runPool(200, 16, (i) => client.delete(BUCKET, `warm-${i}`));
  } finally {
    await client.close();
  }
}

async function runConfig(
  ctx: ScenarioContext,
  t: RunningTarget,
  config: Config,
  rep: number,
  noise: boolean,
): Promise<void> {
  const client = new S3HttpClient({ ...t, connections: Math.max(config.concurrency, 1) });
  const body = smallBody(config.size);
  // Flat keys: s3rver keeps one directory per key prefix and races on concurrent DELETEs in it.
  const prefix = `s-${config.size}-${config.concurrency}-${rep}${noise ? 'n' : ''}`;
  const key = (i: number): string => `${prefix}-${String(i).padStart(6, '0')}`;
  const task: Record<Op, (i: number) => Promise<unknown>> = {
    PUT: (i) => client.put(BUCKET, key(i), body, body.length),
    GET: async (i) => {
      const n = await client.get(BUCKET, key(i));
      if (n !== config.size) throw new Error(`${t.name}: GET ${key(i)} returned ${n} bytes`);
    },
    HEAD: (i) => client.head(BUCKET, key(i)),
    DELETE: (i) => client.delete(BUCKET, key(i)),
  };
  const summary: string[] = [];
  try {
    for (const op of OPS) {
      const m = await measure(t.pid, () => runPool(config.count, config.concurrency, task[op]));
      const opsPerS = config.count / m.wallS;
      const name = `${op} ${formatSize(config.size)} c=${config.concurrency}`;
      summary.push(`${op} ${opsPerS.toFixed(0)}/s`);
      if (noise) {
        ctx.recorder.addNoise(name, 'ops/s', t.name, opsPerS);
        continue;
      }
      ctx.recorder.add(name, { unit: 'ops/s', better: 'higher' }, t.name, opsPerS, extrasOf(m));
      const lat = { better: 'lower', chart: false } as const;
      ctx.recorder.add(`${name} p50`, { unit: 'ms', ...lat }, t.name, quantile(m.result, 0.5));
      ctx.recorder.add(`${name} p99`, { unit: 'ms', ...lat }, t.name, quantile(m.result, 0.99));
    }
  } finally {
    await client.close();
  }
  ctx.log(
    `${t.name} ${formatSize(config.size)} c=${config.concurrency}${noise ? ' (noise)' : ''}: ${summary.join(', ')}`,
  );
}
