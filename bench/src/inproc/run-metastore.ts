import { measureCommits, preShard, type CommitSample } from './metastore-commits.js';
import {
  createBenchBucket,
  openBenchPostgres,
  openBenchSqlite,
  populate,
  type BenchStore,
} from './metastore-fixtures.js';
import { delimiterWalk, msPerPage, msPerVersionsPage } from './metastore-listing.js';
import { rotate, type ScenarioContext } from '../scenarios/scenario.js';

const SMALL = 10_000;
/** Versions per key in the versioned buckets (`vsmall`, `vbig`: as many versions as keys above). */
const VERSIONS_PER_KEY = 10;
const WRITERS = [1, 32] as const;
const COMMITS = 'commits';
/** Populate transactions in flight on PostgreSQL (SQLite has one writer). */
const POPULATE_LANES = 8;
/**
 * Puts per populate transaction on PostgreSQL. Each transaction holds one usage shard row of the
 * bucket until it commits; two lanes that drew the same shard queue, and with 8 lanes on 2 cores
 * a 1000-put transaction outlasted the store's 5 s lock timeout (`MetastoreBusyError` at setup).
 */
const POPULATE_BATCH = 100;

/** `10 k`, `1 M`: key counts in case names. */
function count(n: number): string {
  return n >= 1e6 && n % 1e6 === 0
    ? `${n / 1e6} M`
    : n >= 1e3 && n % 1e3 === 0
      ? `${n / 1e3} k`
      : String(n);
}

/**
 * The body of the `metastore` scenario, loaded only when it runs: it imports the built workspace
 * package it measures, which a run of the server scenarios alone must not need.
 */
export async function runMetastore(ctx: ScenarioContext): Promise<void> {
  const { quick } = ctx.options;
  const reps = ctx.options.reps ?? 3;
  const sampleS = quick ? 1 : 3;
  const big = ctx.options.listObjects ?? (quick ? 100_000 : 1_000_000);
  const stores: BenchStore[] = [];
  const failed = new Set<string>();
  const attempt = async (b: BenchStore, what: string, fn: () => Promise<void>) => {
    if (!(await ctx.attempt({ name: b.dialect }, what, fn))) failed.add(b.dialect);
  };
  const live = (): BenchStore[] => stores.filter((b) => !failed.has(b.dialect));
  try {
    stores.push(await openBenchSqlite());
    try {
      stores.push(await openBenchPostgres(WRITERS[1] + 4));
    } catch (error) {
      ctx.unavailable('postgres', error instanceof Error ? error.message : String(error));
    }
    for (const b of stores) await attempt(b, 'setup', () => setup(ctx, b, big));
    for (let rep = 0; rep < reps; rep++) {
      for (const b of rotate(live(), rep)) {
        await attempt(b, `commits #${rep}`, () => commits(ctx, b, rep, sampleS));
        await attempt(b, `listing #${rep}`, () => listing(ctx, b, big, sampleS));
      }
    }
    const sqlite = live().find((b) => b.dialect === 'sqlite');
    for (let rep = 0; sqlite && rep < reps; rep++) {
      await attempt(sqlite, 'noise check', async () => {
        const c = await measureCommits(sqlite, COMMITS, 1, true, sampleS);
        ctx.recorder.addNoise(commitCase(1, true), 'commits/s', 'sqlite', c.commitsPerS);
        const page = await msPerPage(sqlite.store, 'big', big, sampleS);
        ctx.recorder.addNoise(pageCase(big), 'ms', 'sqlite', page.ms);
      });
    }
  } finally {
    for (const b of stores) {
      await b
        .dispose()
        .catch((e: unknown) => ctx.log(`${b.dialect}: dispose failed: ${String(e)}`));
    }
  }
  ctx.note(
    `Commits: each writer awaits objects.put of a fresh key (4 KiB, one copy, no condition) back to back for ${sampleS} s; usage shard rows exist beforehand (0.5 s of puts after the bulk load). "usage made empty" runs the same transaction with the two usage upserts replaced by \`insert … select null … where false\` through a kysely plugin passed in the store's public \`plugins\` option: metastore-core has no switch to turn accounting off, and the package is not changed for the benchmark. The stand-ins still cost a statement each (a round trip on PostgreSQL), so "without" is slightly pessimistic and the ratio slightly optimistic; the µs rows give the upserts' own time, measured by the same plugin inside the real commits.`,
  );
  ctx.note(
    `Listing: buckets of ${count(SMALL)} and ${count(big)} keys in one store, keys p<5 digits>/k<7 digits>, 100 per prefix, populated by objects.put 1000 per transaction (PostgreSQL: 100, 8 transactions at a time), then ANALYZE (PostgreSQL). A page sample walks 4 consecutive 1000-key pages from 4 points spread over the bucket. SQLite at c=32: one process serializes its writes (the adapter's mutex), so the writers queue. Versions: buckets of ${count(SMALL)} and ${count(big)} versions, ${VERSIONS_PER_KEY} per key (the same key names, ${VERSIONS_PER_KEY}× fewer), populated the same way with versioning Enabled; a page sample walks 4 consecutive 1000-entry pages of versions.list (key and version-id markers) from 4 points.`,
  );
}

function commitCase(writers: number, accounting: boolean): string {
  return `commits/s, ${writers} writer${writers > 1 ? 's' : ''}, ${accounting ? 'with usage accounting' : 'usage upserts made empty'}`;
}

function pageCase(n: number): string {
  return `1000-key page at ${count(n)} keys`;
}

function versionsPageCase(n: number): string {
  return `ListObjectVersions 1000-entry page at ${count(n)} versions (${VERSIONS_PER_KEY} per key)`;
}

async function setup(ctx: ScenarioContext, b: BenchStore, big: number): Promise<void> {
  for (const bucket of [COMMITS, 'small', 'big', 'vsmall', 'vbig']) {
    await createBenchBucket(b.store, bucket);
  }
  const [lanes, batch] = b.dialect === 'postgres' ? [POPULATE_LANES, POPULATE_BATCH] : [1, 1000];
  await populate(b.store, 'small', SMALL, lanes, batch);
  const rate = await populate(b.store, 'big', big, lanes, batch);
  await populate(b.store, 'vsmall', SMALL, lanes, batch, VERSIONS_PER_KEY);
  const versionedRate = await populate(b.store, 'vbig', big, lanes, batch, VERSIONS_PER_KEY);
  await b.analyze();
  // After the bulk load: creates the shard rows and absorbs the WAL checkpoint (SQLite) and
  // the writes' aftermath, which would otherwise land on the first measured sample.
  await preShard(b, COMMITS);
  ctx.recorder.add(
    `populate ${count(big)} keys: objects.put, 1000 per transaction (PostgreSQL: ${POPULATE_BATCH}, ${POPULATE_LANES} at a time)`,
    { unit: 'objects/s', better: 'higher', chart: false },
    b.dialect,
    rate,
  );
  ctx.recorder.add(
    `populate ${count(big)} versions, ${VERSIONS_PER_KEY} per key: objects.put in a versioned bucket`,
    { unit: 'objects/s', better: 'higher', chart: false },
    b.dialect,
    versionedRate,
  );
  ctx.log(
    `${b.dialect}: populated ${count(big)} keys at ${rate.toFixed(0)} puts/s, ${count(big)} versions at ${versionedRate.toFixed(0)} puts/s`,
  );
}

async function commits(
  ctx: ScenarioContext,
  b: BenchStore,
  rep: number,
  sampleS: number,
): Promise<void> {
  const r = ctx.recorder;
  for (const writers of WRITERS) {
    const w = writers > 1 ? `${writers} writers` : '1 writer';
    const pair = new Map<boolean, CommitSample>();
    for (const accounting of rotate([true, false], rep)) {
      pair.set(accounting, await measureCommits(b, COMMITS, writers, accounting, sampleS));
    }
    const on = pair.get(true);
    const off = pair.get(false);
    if (!on || !off) continue;
    const rate = { unit: 'commits/s', better: 'higher' } as const;
    r.add(commitCase(writers, true), rate, b.dialect, on.commitsPerS, { commits: on.commits });
    r.add(commitCase(writers, false), rate, b.dialect, off.commitsPerS, { commits: off.commits });
    const detail = { better: 'higher', chart: false } as const;
    r.add(
      `with ÷ without accounting, ${w} (aim ≥ 0.8)`,
      { ...detail, unit: '×' },
      b.dialect,
      on.commitsPerS / off.commitsPerS,
    );
    const lower = { unit: 'µs', better: 'lower', chart: false } as const;
    r.add(`usage upserts inside a commit, ${w}`, lower, b.dialect, on.usageUsPerCommit);
    r.add(`their empty stand-ins, ${w}`, lower, b.dialect, off.usageUsPerCommit);
    if (writers === 1) {
      // One writer: commit time is 1/rate, so the stand-ins' own time can be taken out of
      // "without" to estimate a store with no accounting statements at all.
      r.add(
        'with ÷ without, stand-ins subtracted (estimate), 1 writer',
        { ...detail, unit: '×' },
        b.dialect,
        (off.commitUs - off.usageUsPerCommit) / on.commitUs,
      );
      r.add(
        'share of a commit spent in usage upserts, 1 writer',
        { unit: '%', better: 'lower', chart: false },
        b.dialect,
        (on.usageUsPerCommit / on.commitUs) * 100,
      );
    }
    ctx.log(
      `${b.dialect} c=${writers}: ${on.commitsPerS.toFixed(0)} commits/s with usage, ${off.commitsPerS.toFixed(0)} without (${(on.commitsPerS / off.commitsPerS).toFixed(2)}×); upserts ${on.usageUsPerCommit.toFixed(0)} µs/commit`,
    );
  }
}

async function listing(
  ctx: ScenarioContext,
  b: BenchStore,
  big: number,
  sampleS: number,
): Promise<void> {
  const r = ctx.recorder;
  const ms = { unit: 'ms', better: 'lower' } as const;
  const small = await msPerPage(b.store, 'small', SMALL, sampleS);
  const large = await msPerPage(b.store, 'big', big, sampleS);
  r.add(pageCase(SMALL), ms, b.dialect, small.ms, { pages: small.pages });
  r.add(pageCase(big), ms, b.dialect, large.ms, { pages: large.pages });
  r.add(
    `page time ${count(big)} ÷ ${count(SMALL)} keys (aim ≈ 1)`,
    { unit: '×', better: 'lower', chart: false },
    b.dialect,
    large.ms / small.ms,
  );
  for (const n of [SMALL, big]) {
    const walk = await delimiterWalk(b.store, n === SMALL ? 'small' : 'big', n / 100, sampleS);
    const name = `delimiter walk, ${count(n)} keys in ${count(n / 100)} prefixes, 1000/page`;
    r.add(`${name}: pages/s`, { unit: 'pages/s', better: 'higher' }, b.dialect, walk.pagesPerS);
    r.add(`${name}: full walk`, { ...ms, chart: false }, b.dialect, walk.walkMs, {
      walks: walk.walks,
    });
  }
  const vsmall = await msPerVersionsPage(b.store, 'vsmall', SMALL, VERSIONS_PER_KEY, sampleS);
  const vlarge = await msPerVersionsPage(b.store, 'vbig', big, VERSIONS_PER_KEY, sampleS);
  r.add(versionsPageCase(SMALL), ms, b.dialect, vsmall.ms, { pages: vsmall.pages });
  r.add(versionsPageCase(big), ms, b.dialect, vlarge.ms, { pages: vlarge.pages });
  r.add(
    `versions page time ${count(big)} ÷ ${count(SMALL)} versions (aim ≈ 1)`,
    { unit: '×', better: 'lower', chart: false },
    b.dialect,
    vlarge.ms / vsmall.ms,
  );
  ctx.log(
    `${b.dialect}: page ${small.ms.toFixed(1)} ms at ${count(SMALL)}, ${large.ms.toFixed(1)} ms at ${count(big)}; versions page ${vsmall.ms.toFixed(1)} ms at ${count(SMALL)}, ${vlarge.ms.toFixed(1)} ms at ${count(big)}`,
  );
}
