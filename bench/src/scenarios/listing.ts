import { measure, runPool } from '../measure.js';
import { S3HttpClient } from '../s3-http-client.js';
import type { RunningTarget } from '../targets/target.js';
import { rotate, type Scenario, type ScenarioContext } from './scenario.js';

const BUCKET = 'bench-list';
const PREFIXES = 100;
/** Above this, peers are not populated: s3rver writes 3 files per object and slows to a crawl. */
const PEER_MAX_OBJECTS = 100_000;

/** Keys `p042/o0001234`: 100 "directories" of N/100 objects each, zero-byte bodies. */
function keyOf(i: number): string {
  return `p${String(i % PREFIXES).padStart(3, '0')}/o${String(i).padStart(7, '0')}`;
}

type Walk = {
  readonly name: string;
  readonly query: Record<string, string>;
  readonly expect: number;
};

/**
 * Scenario 4: ListObjectsV2 pages per second over a bucket of N objects. Two walks: every key
 * without a delimiter (1000 keys a page), and the 100 common prefixes with `delimiter=/` at 10
 * a page, where a server that scans every key under a prefix to group it slows down with N.
 * Each walk checks it saw exactly the keys (or prefixes) it should.
 */
export const listing: Scenario = {
  name: 'listing',
  title: 'Listing: ListObjectsV2 pages per second',
  targets: ['strata', 's3rver', 'rgw'],
  async run(ctx) {
    const n = ctx.options.listObjects ?? (ctx.options.quick ? 10_000 : 1_000_000);
    const reps = ctx.options.reps ?? 3;
    const walks: Walk[] = [
      { name: `walk ${n} keys, no delimiter, 1000/page`, query: { 'max-keys': '1000' }, expect: n },
      {
        name: `walk ${PREFIXES} prefixes, delimiter=/, 10/page`,
        query: { delimiter: '/', 'max-keys': '10' },
        expect: PREFIXES,
      },
    ];
    for (const t of ctx.targets) {
      if (t.name !== 'strata' && n > PEER_MAX_OBJECTS) {
        ctx.note(
          `${t.name} not populated at N=${n} (limit ${PEER_MAX_OBJECTS}): it would take hours here.`,
        );
        continue;
      }
      await ctx.attempt(t, `populate ${n}`, () => populate(ctx, t, n));
    }
    const listable = (): RunningTarget[] =>
      ctx.live().filter((t) => t.name === 'strata' || n <= PEER_MAX_OBJECTS);
    for (let rep = 0; rep < reps; rep++) {
      for (const t of rotate(listable(), rep)) {
        await ctx.attempt(t, `walk #${rep}`, () => walkAll(ctx, t, walks, false));
      }
    }
    const strata = ctx.live().find((t) => t.name === 'strata');
    for (let rep = 0; strata && rep < reps; rep++) {
      await ctx.attempt(strata, 'noise check', () => walkAll(ctx, strata, walks, true));
    }
  },
};

async function populate(ctx: ScenarioContext, t: RunningTarget, n: number): Promise<void> {
  const client = new S3HttpClient({ ...t, connections: 64 });
  try {
    await client.createBucket(BUCKET);
    const empty = Buffer.alloc(0);
    const m = await measure(t.pid, () =>
      runPool(n, 64, (i) => client.put(BUCKET, keyOf(i), empty, 0)),
    );
    const rate = n / m.wallS;
    ctx.recorder.add(
      'populate: PUT 0 B at c=64',
      { unit: 'objects/s', better: 'higher' },
      t.name,
      rate,
    );
    ctx.log(`${t.name}: populated ${n} objects at ${rate.toFixed(0)}/s`);
  } finally {
    await client.close();
  }
}

async function walkAll(
  ctx: ScenarioContext,
  t: RunningTarget,
  walks: readonly Walk[],
  noise: boolean,
): Promise<void> {
  const client = new S3HttpClient({ ...t, connections: 1 });
  const seen: string[] = [];
  try {
    for (const walk of walks) {
      // A 10-page walk takes milliseconds: repeat it for at least MIN_SAMPLE_S so a sample is
      // not dominated by timer and scheduling noise.
      const m = await measure(t.pid, () => walkRepeatedly(client, walk.query));
      const { pages, entries } = m.result;
      if (entries !== walk.expect) {
        throw new Error(`${walk.name}: listed ${entries} entries, expected ${walk.expect}`);
      }
      const rate = pages / m.wallS;
      if (noise) ctx.recorder.addNoise(walk.name, 'pages/s', t.name, rate);
      else {
        ctx.recorder.add(walk.name, { unit: 'pages/s', better: 'higher' }, t.name, rate, {
          pages,
          serverCpuS: m.serverCpuS,
        });
      }
      seen.push(`${rate.toFixed(1)} pages/s`);
    }
  } finally {
    await client.close();
  }
  ctx.log(`${t.name}${noise ? ' (noise)' : ''}: ${seen.join(', ')}`);
}

const MIN_SAMPLE_S = 1;

async function walkRepeatedly(
  client: S3HttpClient,
  query: Record<string, string>,
): Promise<{ pages: number; entries: number }> {
  const t0 = performance.now();
  let pages = 0;
  let entries = 0;
  for (let walks = 0; walks < 1000; walks++) {
    const one = await walkOnce(client, query);
    if (walks > 0 && one.entries !== entries)
      throw new Error(`walks disagree: ${one.entries} vs ${entries}`);
    pages += one.pages;
    entries = one.entries;
    if (performance.now() - t0 >= MIN_SAMPLE_S * 1000) break;
  }
  return { pages, entries };
}

/** Pages through the whole listing; counts pages and entries (keys or common prefixes). */
async function walkOnce(
  client: S3HttpClient,
  query: Record<string, string>,
): Promise<{ pages: number; entries: number }> {
  let token: string | undefined;
  let pages = 0;
  let entries = 0;
  // Bounded: a server that never stops truncating cannot hang the bench.
  for (let guard = 0; guard < 100_000; guard++) {
    const xml = await client.listPage(
      BUCKET,
      token ? { ...query, 'continuation-token': token } : query,
    );
    pages++;
    entries += query.delimiter
      ? (xml.match(/<CommonPrefixes>/g)?.length ?? 0)
      : (xml.match(/<Key>/g)?.length ?? 0);
    if (!/<IsTruncated>true<\/IsTruncated>/.test(xml)) return { pages, entries };
    token = decodeXml(
      /<NextContinuationToken>([^<]*)<\/NextContinuationToken>/.exec(xml)?.[1] ?? '',
    );
    if (!token) throw new Error('truncated page without NextContinuationToken');
  }
  throw new Error('listing did not end after 100000 pages');
}

function decodeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}
