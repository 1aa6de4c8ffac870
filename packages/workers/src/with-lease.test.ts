import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LeaseRepo, MetaStore } from '@strata/metastore-core';
import {
  openTestStore,
  TEST_DIALECTS,
  usePostgresTestDatabase,
  type TestDialect,
} from '@strata/metastore-core/testing';
import { describe, expect, it } from 'vitest';
import { PeriodicJob } from './internal/periodic-job.js';
import { createWorkerGroup, type WorkerGroup } from './worker-group.js';

const postgres = await usePostgresTestDatabase();

/** Short enough for a test of a few seconds, long enough for PostgreSQL behind its proxy. */
const TTL_MS = 600;
const TICK_MS = TTL_MS / 3;

/** One run of the counting job on one instance. */
interface Run {
  readonly instance: string;
  readonly start: number;
  end: number | undefined;
}

/** What a test's lease repo does to each call: pass it through, fail it, or hold it. */
type LeaseFault = 'none' | 'fail' | 'hang';

/**
 * `repo` as one instance sees it: `fault('hang')` models a paused process or a partition (calls
 * reach the database only once it resumes), `fault('fail')` a metastore that refuses it. Lookups
 * (`get`, for status) always go through: they stand for an operator reading from elsewhere.
 */
function faultyLeases(repo: LeaseRepo) {
  let mode: LeaseFault = 'none';
  let held: (() => void)[] = [];
  const gate = async (): Promise<void> => {
    if (mode === 'fail') throw new Error('metastore unreachable');
    if (mode === 'hang') await new Promise<void>((resolve) => held.push(resolve));
  };
  const leases: LeaseRepo = {
    tryAcquire: (name, holder, ttlMs) => gate().then(() => repo.tryAcquire(name, holder, ttlMs)),
    renew: (name, holder, ttlMs) => gate().then(() => repo.renew(name, holder, ttlMs)),
    release: (name, holder) => gate().then(() => repo.release(name, holder)),
    get: (name) => repo.get(name),
  };
  return {
    leases,
    fault: (next: LeaseFault): void => {
      mode = next;
      if (next !== 'hang') {
        for (const resume of held) resume();
        held = [];
      }
    },
  };
}

/** An instance: a group of one counting job, guarded by the lease, on the shared store. */
function instance(store: MetaStore, name: string, runs: Run[]) {
  const faulty = faultyLeases(store.leases);
  // Each run walks 4 items of 5 ms, stopping between items once its signal is aborted.
  const job = new PeriodicJob('counter', 20, undefined, async (signal) => {
    const run: Run = { instance: name, start: performance.now(), end: undefined };
    runs.push(run);
    let items = 0;
    for (; items < 4 && !signal.aborted; items += 1) await sleep(5);
    run.end = performance.now();
    return { items };
  });
  const holder = `host-${name}:1:${name}`;
  const group = createWorkerGroup([job], {
    lease: { leases: faulty.leases, holder, ttlMs: TTL_MS },
  });
  return { name, group, fault: faulty.fault, holder };
}

async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(5);
  }
}

const runsOf = (runs: readonly Run[], name: string) => runs.filter((r) => r.instance === name);

/** Fails when a run of one instance overlaps a run of another (a double run). */
function expectNoOverlap(runs: readonly Run[]): void {
  for (const a of runs) {
    for (const b of runs) {
      if (a.instance === b.instance) continue;
      const aEnd = a.end ?? Number.POSITIVE_INFINITY;
      const bEnd = b.end ?? Number.POSITIVE_INFINITY;
      expect(aEnd <= b.start || bEnd <= a.start, `${a.instance} overlaps ${b.instance}`).toBe(true);
    }
  }
}

async function setup(dialect: TestDialect) {
  const dir = await mkdtemp(join(tmpdir(), 'strata-lease-'));
  const meta = await openTestStore(dialect, { dir, postgres });
  const runs: Run[] = [];
  const a = instance(meta.store, 'a', runs);
  const b = instance(meta.store, 'b', runs);
  return {
    store: meta.store,
    runs,
    a,
    b,
    async [Symbol.asyncDispose]() {
      for (const i of [a, b]) i.fault('none');
      await Promise.all([a.group.close(), b.group.close()]);
      await meta.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function heldBy(group: WorkerGroup): Promise<boolean | undefined> {
  const [status] = await group.status();
  return status?.lease?.held;
}

const skipPostgres = postgres.unreachable !== undefined && !process.env.CI;

describe.each(TEST_DIALECTS)('lease-guarded workers (%s)', (dialect) => {
  const it_ = dialect === 'postgres' && skipPostgres ? it.skip : it;
  if (dialect === 'postgres' && skipPostgres) {
    it.skip(`PostgreSQL unreachable (${postgres.unreachable}); CI would fail`, () => undefined);
  }

  it_('runs the job on one instance only, and reports who holds it', async () => {
    await using t = await setup(dialect);
    t.a.group.start();
    t.b.group.start();
    await sleep(TICK_MS * 6);
    const ranA = runsOf(t.runs, 'a').length;
    const ranB = runsOf(t.runs, 'b').length;
    // One of them won the race to the lease and ran many times; the other never ran.
    expect(Math.min(ranA, ranB)).toBe(0);
    expect(Math.max(ranA, ranB)).toBeGreaterThan(5);
    const [leader, follower] = ranA > 0 ? [t.a, t.b] : [t.b, t.a];

    const [own] = await leader.group.status();
    expect(own).toMatchObject({
      name: 'counter',
      lastError: undefined,
      lease: { name: 'worker:counter', self: leader.holder, held: true, holder: leader.holder },
    });
    expect(own!.runs).toBeGreaterThan(5);
    expect(own!.lastRunStartedAt).toBeInstanceOf(Date);
    expect(own!.lastResult).toEqual({ items: 4 });
    const [other] = await follower.group.status();
    expect(other).toMatchObject({
      runs: 0,
      lastRunStartedAt: undefined,
      lease: { self: follower.holder, held: false, holder: leader.holder },
    });

    // runOnce needs no lease (tests, admin triggers).
    expect(await follower.group.jobs[0]!.runOnce()).toEqual({ items: 4 });
    expect((await follower.group.status())[0]!.runs).toBe(1);
  });

  it_('a closing holder releases: the other takes over within one retry interval', async () => {
    await using t = await setup(dialect);
    t.a.group.start();
    await until(() => runsOf(t.runs, 'a').length > 0);
    t.b.group.start();
    await sleep(TICK_MS * 2);
    expect(runsOf(t.runs, 'b')).toHaveLength(0);

    await t.a.group.close();
    const closedAt = performance.now();
    expect(await t.store.leases.get('worker:counter')).toBeUndefined();
    await until(() => runsOf(t.runs, 'b').length > 0);
    // B retries every ttl/3; without the release it would have had to wait for the ttl.
    expect(runsOf(t.runs, 'b')[0]!.start - closedAt).toBeLessThan(TICK_MS + 150);
    expect((await t.b.group.status())[0]!.lease).toMatchObject({ held: true, holder: t.b.holder });
    expectNoOverlap(t.runs);
  });

  for (const fault of ['hang', 'fail'] as const) {
    const what = fault === 'hang' ? 'is paused' : 'loses the metastore';
    it_(
      `a holder that ${what} stops within the ttl; the other takes over, no double run`,
      async () => {
        await using t = await setup(dialect);
        t.a.group.start();
        await until(() => runsOf(t.runs, 'a').length > 0);
        t.b.group.start();
        await sleep(TICK_MS);

        t.a.fault(fault);
        const faultAt = performance.now();
        await until(() => runsOf(t.runs, 'b').length > 0, TTL_MS * 4);
        const takeover = runsOf(t.runs, 'b')[0]!.start;
        // A's lease had to lapse first (nobody released it), and no later than a ttl plus B's retry.
        expect(takeover - faultAt).toBeGreaterThan(TICK_MS);
        expect(takeover - faultAt).toBeLessThan(TTL_MS + TICK_MS + 300);
        expect(await heldBy(t.a.group)).toBe(false);
        const ranA = runsOf(t.runs, 'a').length;
        expect(runsOf(t.runs, 'a').every((r) => r.end !== undefined && r.end <= takeover)).toBe(
          true,
        );
        if (fault === 'fail') {
          expect((await t.a.group.status())[0]!.lease?.lastError).toMatch(/metastore unreachable/);
        }

        // A comes back: its held renewal finds the lease taken, and it never runs again.
        t.a.fault('none');
        await sleep(TICK_MS * 4);
        expect(runsOf(t.runs, 'a')).toHaveLength(ranA);
        expect(runsOf(t.runs, 'b').length).toBeGreaterThan(5);
        expect(await heldBy(t.a.group)).toBe(false);
        expect((await t.a.group.status())[0]!.lease).toMatchObject({ holder: t.b.holder });
        expectNoOverlap(t.runs);
      },
    );
  }
});
