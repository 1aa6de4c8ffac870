import {
  TEST_DIALECTS,
  usePostgresTestDatabase,
  type TestDialect,
} from '@strata/metastore-core/testing';
import { describe, expect, it } from 'vitest';
import { createSurplusCleaner } from './surplus-cleaner.js';
import { openLayerHarness } from './testing/layer-harness.js';

// The surplus cleaner against a real store of each dialect (PostgreSQL through the latency
// proxy), three real fs backends and the object layer: objects written at factor 3 keep two
// copies once the factor is 2 and the grace has passed; what is trimmed is gone from the rows
// and queued for deletion, and every object still reads back.

const postgres = await usePostgresTestDatabase();
const HOUR = 3_600_000;

async function setup(dialect: TestDialect, versioned = false) {
  // The layer reads the policy object on every call: the test lowers the factor in place.
  const policy: { replication: { factor: number; mode: 'sync' } } = {
    replication: { factor: 3, mode: 'sync' },
  };
  const t = await openLayerHarness(dialect, {
    backends: ['a', 'b', 'c'],
    bucket: 'docs',
    versioned,
    policy,
    postgres,
  });
  let at = Date.now();
  return {
    ...t,
    policy,
    /** Moves the cleaner's clock on. */
    advance: (ms: number) => (at += ms),
    cleaner: (maxCopiesPerRun?: number) =>
      createSurplusCleaner({
        store: t.store,
        layer: t.layer,
        settings: `factor=${policy.replication.factor}`,
        maxCopiesPerRun,
        graceMs: HOUR,
        passIntervalMs: 0,
        batchSize: 2,
        clock: () => new Date(at),
      }),
  };
}

describe.each(TEST_DIALECTS)('surplus cleaner (%s)', (dialect) => {
  it('keeps three copies until the grace after the factor went to 2 has passed, then trims one', async () => {
    await using t = await setup(dialect);
    const keys = ['k1', 'k2', 'k3', 'k4', 'k5'];
    for (const key of keys) await t.put(key, `body of ${key}`);
    for (const key of keys) expect(await t.holders(key)).toEqual(['a', 'b', 'c']);

    // At factor 3 nothing is surplus, grace or not.
    expect(await t.cleaner().runOnce()).toMatchObject({ waiting: 1, trimmed: 0 });
    t.advance(2 * HOUR);
    expect(await t.cleaner().runOnce()).toMatchObject({
      examined: 15,
      trimmed: 0,
      passesCompleted: 1,
    });

    t.policy.replication.factor = 2;
    // The settings changed: the grace starts over, and nothing goes within it.
    expect(await t.cleaner().runOnce()).toMatchObject({ waiting: 1, trimmed: 0 });
    t.advance(HOUR / 2);
    expect(await t.cleaner().runOnce()).toMatchObject({ waiting: 1, trimmed: 0 });
    for (const key of keys) expect(await t.holders(key)).toEqual(['a', 'b', 'c']);

    t.advance(HOUR);
    expect(await t.cleaner().runOnce()).toMatchObject({
      trimmed: 5,
      unverified: 0,
      failed: 0,
      passesCompleted: 1,
    });
    // The newest copy of each goes; the oldest two stay, and the bytes still read.
    for (const key of keys) {
      expect(await t.holders(key)).toEqual(['a', 'b']);
      expect(await t.read(key)).toBe(`body of ${key}`);
    }
    const queued = await t.store.cleanup.claim(new Date(), 100, 1);
    expect(queued.map((j) => [j.backend, j.reason])).toEqual(keys.map(() => ['c', 'surplus-copy']));
    // A second pass finds nothing more to do.
    expect(await t.cleaner().runOnce()).toMatchObject({ trimmed: 0, passesCompleted: 1 });
  });

  it('trims the noncurrent versions of a versioned bucket too, walking them page by page', async () => {
    await using t = await setup(dialect, true);
    const old = [];
    for (let i = 0; i < 3; i++) old.push(await t.put('k', `version ${i}`));
    t.policy.replication.factor = 2;
    await t.cleaner().runOnce();
    t.advance(2 * HOUR);
    // One current and two noncurrent versions, with copies on a, b and c: one copy each goes.
    expect(await t.cleaner().runOnce()).toMatchObject({
      trimmed: 3,
      failed: 0,
      passesCompleted: 1,
    });
    for (const [i, version] of old.entries()) {
      const stored = await t.store.versions.byWriteId('docs', 'k', version.versionId);
      expect(stored?.kind === 'object' && stored.record.copies.map((c) => c.backend)).toEqual([
        'a',
        'b',
      ]);
      expect(await t.read('k', version.versionId)).toBe(`version ${i}`);
    }
  });

  it('stops a run at maxCopiesPerRun, reporting what it did, and goes on from there', async () => {
    await using t = await setup(dialect);
    for (const key of ['k1', 'k2', 'k3']) await t.put(key, key);
    t.policy.replication.factor = 2;
    await t.cleaner().runOnce();
    t.advance(2 * HOUR);
    // Backend a first: its copies all stay; the fourth copy looked at is k1's on b (stays too).
    expect(await t.cleaner(4).runOnce()).toMatchObject({
      examined: 4,
      trimmed: 0,
      passesCompleted: 0,
    });
    expect(await t.cleaner().runOnce()).toMatchObject({ trimmed: 3, passesCompleted: 1 });
  });

  it('never trims when a copy that would stay is missing on its backend', async () => {
    await using t = await setup(dialect);
    const record = await t.put('k', 'only three copies');
    // The copy on b, which would stay, is lost on the disk (the row does not know yet).
    const onB = record.copies.find((c) => c.backend === 'b')!;
    await t.disk('b').delete(onB.blob);
    t.policy.replication.factor = 2;
    await t.cleaner().runOnce();
    t.advance(2 * HOUR);
    expect(await t.cleaner().runOnce()).toMatchObject({ trimmed: 0, unverified: 1 });
    expect(await t.holders('k')).toEqual(['a', 'b', 'c']);
    expect(await t.read('k')).toBe('only three copies');
  });

  it('refuses bad sizes', () => {
    const bad = { store: {} as never, layer: {} as never };
    expect(() => createSurplusCleaner({ ...bad, batchSize: 0 })).toThrow(RangeError);
    expect(() => createSurplusCleaner({ ...bad, graceMs: -1 })).toThrow(RangeError);
  });
});
