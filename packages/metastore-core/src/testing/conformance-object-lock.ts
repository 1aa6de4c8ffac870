import { describe, expect, it } from 'vitest';
import { ObjectLockedError } from '../errors.js';
import type { MetaStore } from '../store.js';
import type { ObjectLock } from '../types.js';
import { makeUpload } from './conformance-uploads.js';
import type { ConformanceOpener } from './fixtures.js';
import { makeBucket, makeRecord, rejection, useStores } from './fixtures.js';

const FUTURE = new Date(Date.UTC(2099, 0, 1));
const PAST = new Date(Date.UTC(2001, 0, 1));

/** Object Lock: bucket configuration, per-version retention and legal hold, and enforcement. */
export function describeObjectLock(opener: ConformanceOpener): void {
  const stores = useStores(opener);

  /** A lock-enabled bucket `l` with two versions of `k`: `old` (noncurrent) and `now`. */
  async function lockedKey(store: MetaStore) {
    await store.buckets.create({ ...makeBucket('l'), versioning: 'Enabled', objectLock: {} });
    const old = makeRecord('l', 'k', { size: 1, versioned: true });
    const now = makeRecord('l', 'k', { size: 2, versioned: true });
    await store.objects.put(old, undefined, { versioning: 'Enabled' });
    await store.objects.put(now, undefined, { versioning: 'Enabled' });
    return { old, now };
  }

  describe('object lock', () => {
    it('stores a bucket configuration, created with it or set later', async () => {
      const store = await stores.fresh();
      await store.buckets.create({ ...makeBucket('l'), versioning: 'Enabled', objectLock: {} });
      await store.buckets.create(makeBucket('plain'));
      expect((await store.buckets.get('l'))?.objectLock).toEqual({});
      expect(await store.buckets.get('plain')).not.toHaveProperty('objectLock');
      const config = { defaultRetention: { mode: 'COMPLIANCE' as const, years: 2 } };
      // Only on a bucket whose versioning is Enabled, checked in the update.
      expect(await store.buckets.setObjectLock('plain', config)).toBe(false);
      expect(await store.buckets.get('plain')).not.toHaveProperty('objectLock');
      expect(await store.buckets.setVersioning('plain', 'Enabled')).toBe(true);
      expect(await store.buckets.setObjectLock('plain', config)).toBe(true);
      expect((await store.buckets.get('plain'))?.objectLock).toEqual(config);
      expect(await store.buckets.setObjectLock('missing', config)).toBe(false);
      // A locked bucket is never suspended; enabling again is fine.
      expect(await store.buckets.setVersioning('plain', 'Suspended')).toBe(false);
      expect((await store.buckets.get('plain'))?.versioning).toBe('Enabled');
      expect(await store.buckets.setVersioning('plain', 'Enabled')).toBe(true);
    });

    it('keeps a version lock through writes, moves into the history and back', async () => {
      const store = await stores.fresh();
      const { old, now } = await lockedKey(store);
      const lock: ObjectLock = {
        retention: { mode: 'GOVERNANCE', retainUntil: FUTURE },
        legalHold: true,
      };
      expect(await store.versions.setLock('l', 'k', old.versionId, lock)).toBe(true);
      expect(await store.versions.setLock('l', 'k', now.versionId, { legalHold: true })).toBe(true);
      expect(await store.versions.setLock('l', 'k', 'missing', lock)).toBe(false);
      const read = await store.versions.get('l', 'k', old.versionId);
      expect(read?.kind === 'object' && read.record.lock).toEqual(lock);
      expect((await store.objects.get('l', 'k'))?.lock).toEqual({ legalHold: true });
      // A record written with a lock keeps it, and keeps it when a newer write displaces it.
      const locked = makeRecord('l', 'k', {
        versioned: true,
        lock: { retention: { mode: 'COMPLIANCE', retainUntil: FUTURE } },
      });
      await store.objects.put(locked, undefined, { versioning: 'Enabled' });
      await store.objects.put(makeRecord('l', 'k', { versioned: true }), undefined, {
        versioning: 'Enabled',
      });
      const displaced = await store.versions.get('l', 'k', locked.versionId);
      expect(displaced?.kind === 'object' && displaced.record.lock).toEqual(locked.lock);
      // A compare-and-swap changes only the lock it was checked against.
      const hold = { legalHold: true };
      expect(
        await store.versions.setLock(
          'l',
          'k',
          now.versionId,
          { legalHold: false },
          {
            expected: undefined,
          },
        ),
      ).toBe(false);
      expect(
        await store.versions.setLock(
          'l',
          'k',
          now.versionId,
          { legalHold: false },
          {
            expected: hold,
          },
        ),
      ).toBe(true);
      // A hold turned off is kept as off (GetObjectLegalHold answers OFF, not "none").
      const off = await store.versions.get('l', 'k', now.versionId);
      expect(off?.kind === 'object' && off.record.lock).toEqual({ legalHold: false });
      expect(
        await store.versions.setLock('l', 'k', old.versionId, undefined, { expected: lock }),
      ).toBe(true);
      expect(
        await store.versions.setLock('l', 'k', old.versionId, hold, { expected: undefined }),
      ).toBe(true);
      // Clearing removes the field altogether.
      expect(await store.versions.setLock('l', 'k', now.versionId, undefined)).toBe(true);
      const cleared = await store.versions.get('l', 'k', now.versionId);
      expect(cleared?.kind === 'object' && cleared.record).not.toHaveProperty('lock');
    });

    it('refuses to delete a protected version, current or noncurrent, and changes nothing', async () => {
      const store = await stores.fresh();
      const { old, now } = await lockedKey(store);
      await store.versions.setLock('l', 'k', old.versionId, {
        retention: { mode: 'COMPLIANCE', retainUntil: FUTURE },
      });
      await store.versions.setLock('l', 'k', now.versionId, {
        retention: { mode: 'GOVERNANCE', retainUntil: FUTURE },
      });
      const compliance = await rejection(
        store.versions.deleteVersion('l', 'k', old.versionId, { bypassGovernance: true }),
      );
      expect(compliance).toBeInstanceOf(ObjectLockedError);
      expect((compliance as ObjectLockedError).reason).toBe('compliance');
      const governance = await rejection(store.versions.deleteVersion('l', 'k', now.versionId));
      expect((governance as ObjectLockedError).reason).toBe('governance');
      expect((await store.versions.list('l', { maxKeys: 10 })).versions).toHaveLength(2);
      expect(await store.usage.byBucket('l')).toEqual({ bytes: 3, objects: 2 });
      // GOVERNANCE gives way to a bypass; the old version then becomes current.
      const removed = await store.versions.deleteVersion('l', 'k', now.versionId, {
        bypassGovernance: true,
      });
      expect(removed?.promoted?.versionId).toBe(old.versionId);
      // A retention that has ended protects nothing; a legal hold protects whatever the date.
      expect(
        (await store.versions.deleteVersion('l', 'k', old.versionId, { now: FUTURE }))?.removed
          .kind,
      ).toBe('object');
      const held = makeRecord('l', 'h', {
        versioned: true,
        lock: { retention: { mode: 'GOVERNANCE', retainUntil: PAST }, legalHold: true },
      });
      await store.objects.put(held, undefined, { versioning: 'Enabled' });
      const hold = await rejection(
        store.versions.deleteVersion('l', 'h', held.versionId, { bypassGovernance: true }),
      );
      expect((hold as ObjectLockedError).reason).toBe('legal-hold');
      await store.versions.setLock('l', 'h', held.versionId, undefined);
      expect(await store.versions.deleteVersion('l', 'h', held.versionId)).toBeDefined();
    });

    it('carries a multipart upload lock', async () => {
      const store = await stores.fresh();
      const lock: ObjectLock = { retention: { mode: 'COMPLIANCE', retainUntil: FUTURE } };
      await store.uploads.create(makeUpload('u1', 'k', 1_000, { lock }));
      await store.uploads.create(makeUpload('u2', 'k'));
      expect((await store.uploads.get('u1'))?.lock).toEqual(lock);
      expect(await store.uploads.get('u2')).not.toHaveProperty('lock');
    });
  });
}
