import { TEST_DIALECTS, usePostgresTestDatabase } from '@strata/metastore-core/testing';
import { describe, expect, it } from 'vitest';
import type { ObjectLayer } from './object-layer.js';
import { blobsOf, bodyOf, createHarness, readAll } from './testing/harness.js';

const postgres = await usePostgresTestDatabase();
const DAY = 86_400_000;

async function put(layer: ObjectLayer, key: string, data: string, lock?: object) {
  return (
    await layer.putObject({
      bucket: 'locked',
      key,
      body: bodyOf(data),
      contentLength: Buffer.byteLength(data),
      ...(lock === undefined ? {} : { lock }),
    })
  ).record;
}

const code = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (error: unknown) => (error as { code?: string }).code,
  );

for (const dialect of TEST_DIALECTS) {
  describe(`object lock (${dialect})`, () => {
    // A clock the test moves: retention periods end without waiting.
    let clock = Date.UTC(2030, 0, 1);
    const open = async (objectLockEnabled = true) => {
      clock = Date.UTC(2030, 0, 1);
      const h = await createHarness({ dialect, postgres, now: () => new Date(clock) });
      await h.layer.createBucket({ name: 'locked', owner: 'alice', objectLockEnabled });
      return h;
    };

    it('a bucket created with Object Lock is versioned for good and has an empty configuration', async () => {
      await using h = await open();
      const bucket = await h.layer.getBucket('locked');
      expect(bucket.versioning).toBe('Enabled');
      expect(await h.layer.getObjectLockConfiguration('locked')).toEqual({});
      expect(await code(h.layer.putBucketVersioning('locked', { status: 'Suspended' }))).toBe(
        'InvalidBucketState',
      );
      expect((await h.layer.getBucket('locked')).versioning).toBe('Enabled');
    });

    it('enables Object Lock later only on a versioned bucket', async () => {
      await using h = await open(false);
      expect(await code(h.layer.getObjectLockConfiguration('locked'))).toBe(
        'ObjectLockConfigurationNotFoundError',
      );
      const config = { defaultRetention: { mode: 'GOVERNANCE' as const, days: 1 } };
      expect(await code(h.layer.putObjectLockConfiguration('locked', config))).toBe(
        'InvalidBucketState',
      );
      await h.layer.putBucketVersioning('locked', { status: 'Enabled' });
      await h.layer.putObjectLockConfiguration('locked', config);
      expect(await h.layer.getObjectLockConfiguration('locked')).toEqual(config);
      expect(await code(h.layer.putObjectLockConfiguration('nope', config))).toBe('NoSuchBucket');
    });

    it('refuses lock headers and lock calls on a bucket without Object Lock, before any byte', async () => {
      await using h = await open(false);
      const until = new Date(clock + DAY);
      expect(await code(put(h.layer, 'k', 'x', { mode: 'GOVERNANCE', retainUntil: until }))).toBe(
        'InvalidRequest',
      );
      expect(await blobsOf(h.fs)).toEqual([]);
      await put(h.layer, 'k', 'x');
      const target = { bucket: 'locked', key: 'k' };
      expect(await code(h.layer.getObjectRetention(target))).toBe('InvalidRequest');
      expect(await code(h.layer.putObjectLegalHold({ ...target, on: true }))).toBe(
        'InvalidRequest',
      );
    });

    it('checks the lock a write names: both mode and date, a date in the future', async () => {
      await using h = await open();
      expect(await code(put(h.layer, 'k', 'x', { mode: 'GOVERNANCE' }))).toBe('InvalidArgument');
      expect(await code(put(h.layer, 'k', 'x', { retainUntil: new Date(clock + DAY) }))).toBe(
        'InvalidArgument',
      );
      expect(
        await code(put(h.layer, 'k', 'x', { mode: 'COMPLIANCE', retainUntil: new Date(clock) })),
      ).toBe('InvalidArgument');
      expect(await blobsOf(h.fs)).toEqual([]);
    });

    it('a version under COMPLIANCE cannot be deleted by id, bypass or not, until it ends', async () => {
      await using h = await open();
      const until = new Date(clock + 2 * DAY);
      const v1 = await put(h.layer, 'k', 'kept', { mode: 'COMPLIANCE', retainUntil: until });
      expect(v1.lock).toEqual({ retention: { mode: 'COMPLIANCE', retainUntil: until } });
      const head = await h.layer.headObject({ bucket: 'locked', key: 'k' });
      expect(head.record.lock?.retention?.mode).toBe('COMPLIANCE');
      const del = { bucket: 'locked', key: 'k', versionId: v1.versionId };
      expect(await code(h.layer.deleteObject({ ...del, bypassGovernance: true }))).toBe(
        'AccessDenied',
      );
      // A delete without an id only adds a marker, which Object Lock never prevents.
      const marker = await h.layer.deleteObject({ bucket: 'locked', key: 'k' });
      expect(marker.deleteMarker).toBe(true);
      const old = await h.layer.getObject({ bucket: 'locked', key: 'k', versionId: v1.versionId });
      expect((await readAll(old.body)).toString()).toBe('kept');
      // Nor can the retention be shortened, weakened or removed.
      expect(
        await code(
          h.layer.putObjectRetention({
            ...del,
            retention: { mode: 'COMPLIANCE', retainUntil: new Date(clock + DAY) },
            bypassGovernance: true,
          }),
        ),
      ).toBe('AccessDenied');
      expect(
        await code(
          h.layer.putObjectRetention({
            ...del,
            retention: { mode: 'GOVERNANCE', retainUntil: new Date(clock + 3 * DAY) },
          }),
        ),
      ).toBe('AccessDenied');
      expect(await code(h.layer.putObjectRetention({ ...del, bypassGovernance: true }))).toBe(
        'AccessDenied',
      );
      // Extending is allowed.
      const later = new Date(clock + 5 * DAY);
      await h.layer.putObjectRetention({
        ...del,
        retention: { mode: 'COMPLIANCE', retainUntil: later },
      });
      expect((await h.layer.getObjectRetention(del)).retention.retainUntil).toEqual(later);
      clock = later.getTime() + 1;
      expect(await h.layer.deleteObject(del)).toMatchObject({ versionId: v1.versionId });
      expect(await code(h.layer.getObjectRetention(del))).toBe('NoSuchVersion');
    });

    it('GOVERNANCE gives way only to the bypass; a legal hold to nothing but its removal', async () => {
      await using h = await open();
      const v1 = await put(h.layer, 'k', 'x', {
        mode: 'GOVERNANCE',
        retainUntil: new Date(clock + DAY),
        legalHold: true,
      });
      const del = { bucket: 'locked', key: 'k', versionId: v1.versionId };
      expect(await h.layer.getObjectLegalHold(del)).toEqual({ versionId: v1.versionId, on: true });
      expect(await code(h.layer.deleteObject({ ...del, bypassGovernance: true }))).toBe(
        'AccessDenied',
      );
      await h.layer.putObjectLegalHold({ ...del, on: false });
      expect((await h.layer.getObjectLegalHold(del)).on).toBe(false);
      expect(await code(h.layer.deleteObject(del))).toBe('AccessDenied');
      // Shortening needs the bypass, and so does turning it into COMPLIANCE; extending does not.
      const stricter = { mode: 'COMPLIANCE' as const, retainUntil: new Date(clock + 2 * DAY) };
      expect(await code(h.layer.putObjectRetention({ ...del, retention: stricter }))).toBe(
        'AccessDenied',
      );
      const longer = { mode: 'GOVERNANCE' as const, retainUntil: new Date(clock + 2 * DAY) };
      await h.layer.putObjectRetention({ ...del, retention: longer });
      const shorter = { mode: 'GOVERNANCE' as const, retainUntil: new Date(clock + DAY / 2) };
      expect(await code(h.layer.putObjectRetention({ ...del, retention: shorter }))).toBe(
        'AccessDenied',
      );
      await h.layer.putObjectRetention({ ...del, retention: shorter, bypassGovernance: true });
      expect((await h.layer.getObjectRetention(del)).retention).toEqual(shorter);
      const entries = await h.layer.deleteObjects({
        bucket: 'locked',
        objects: [{ key: 'k', versionId: v1.versionId }],
      });
      expect(entries[0]?.error?.code).toBe('AccessDenied');
      const bypassed = await h.layer.deleteObjects({
        bucket: 'locked',
        bypassGovernance: true,
        objects: [{ key: 'k', versionId: v1.versionId }],
      });
      expect(bypassed[0]?.error).toBeUndefined();
      expect((await h.layer.listObjectVersions('locked', { maxKeys: 10 })).versions).toEqual([]);
    });

    it('applies the default retention at commit, to PUT, Copy and Complete, from their own time', async () => {
      await using h = await open();
      await h.layer.putObjectLockConfiguration('locked', {
        defaultRetention: { mode: 'COMPLIANCE', years: 1 },
      });
      const plain = await put(h.layer, 'a', 'x');
      expect(plain.lock).toEqual({
        retention: { mode: 'COMPLIANCE', retainUntil: new Date(Date.UTC(2031, 0, 1)) },
      });
      // A write naming its own retention keeps it; a legal hold alone still gets the default.
      const own = new Date(clock + DAY);
      expect((await put(h.layer, 'b', 'x', { mode: 'GOVERNANCE', retainUntil: own })).lock).toEqual(
        { retention: { mode: 'GOVERNANCE', retainUntil: own } },
      );
      expect((await put(h.layer, 'c', 'x', { legalHold: true })).lock).toEqual({
        retention: { mode: 'COMPLIANCE', retainUntil: new Date(Date.UTC(2031, 0, 1)) },
        legalHold: true,
      });
      await h.layer.putObjectLockConfiguration('locked', {
        defaultRetention: { mode: 'GOVERNANCE', days: 3 },
      });
      const copied = await h.layer.copyObject({
        sourceBucket: 'locked',
        sourceKey: 'b',
        bucket: 'locked',
        key: 'copy',
      });
      // The source's lock is not copied: the destination's default applies.
      expect(copied.record.lock).toEqual({
        retention: { mode: 'GOVERNANCE', retainUntil: new Date(clock + 3 * DAY) },
      });
      const held = new Date(clock + 10 * DAY);
      const { uploadId } = await h.layer.createMultipartUpload({
        bucket: 'locked',
        key: 'mp',
        owner: 'alice',
        lock: { mode: 'COMPLIANCE', retainUntil: held },
      });
      const part = await h.layer.uploadPart({
        bucket: 'locked',
        key: 'mp',
        uploadId,
        partNumber: 1,
        body: bodyOf('part'),
        contentLength: 4,
      });
      const { record } = await h.layer.completeMultipartUpload({
        bucket: 'locked',
        key: 'mp',
        uploadId,
        parts: [{ partNumber: 1, etag: part.etag }],
      });
      expect(record.lock).toEqual({ retention: { mode: 'COMPLIANCE', retainUntil: held } });
      // Without a rule the default is gone.
      await h.layer.putObjectLockConfiguration('locked', {});
      expect((await put(h.layer, 'd', 'x')).lock).toBeUndefined();
    });

    it('answers retention and legal hold calls on markers and missing keys as S3 does', async () => {
      await using h = await open();
      await put(h.layer, 'k', 'x');
      const target = { bucket: 'locked', key: 'k' };
      expect(await code(h.layer.getObjectRetention(target))).toBe('NoSuchObjectLockConfiguration');
      expect(await code(h.layer.getObjectLegalHold(target))).toBe('NoSuchObjectLockConfiguration');
      expect(await code(h.layer.getObjectRetention({ bucket: 'locked', key: 'nope' }))).toBe(
        'NoSuchKey',
      );
      const marker = await h.layer.deleteObject(target);
      expect(
        await code(
          h.layer.putObjectLegalHold({ ...target, versionId: marker.versionId, on: true }),
        ),
      ).toBe('MethodNotAllowed');
      expect(await code(h.layer.getObjectLegalHold(target))).toBe('NoSuchKey');
    });
  });
}
