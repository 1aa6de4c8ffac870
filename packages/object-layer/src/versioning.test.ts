import { TEST_DIALECTS, usePostgresTestDatabase } from '@strata/metastore-core/testing';
import { describe, expect, it } from 'vitest';
import type { ObjectLayer } from './object-layer.js';
import { blobsOf, bodyOf, createHarness, readAll, runCleanup } from './testing/harness.js';

const postgres = await usePostgresTestDatabase();

async function put(layer: ObjectLayer, key: string, data: string) {
  return (
    await layer.putObject({
      bucket: 'ver',
      key,
      body: bodyOf(data),
      contentLength: Buffer.byteLength(data),
    })
  ).record;
}

async function text(layer: ObjectLayer, key: string, versionId?: string): Promise<string> {
  const out = await layer.getObject({ bucket: 'ver', key, versionId });
  return (await readAll(out.body)).toString();
}

/** The listing's entries as `key versionId kind latest`, for exact comparisons. */
async function versionsOf(layer: ObjectLayer, prefix?: string): Promise<string[]> {
  const page = await layer.listObjectVersions('ver', { prefix, maxKeys: 1000 });
  return page.versions.map((v) =>
    v.kind === 'marker'
      ? `${v.marker.key} ${v.marker.versioned ? v.marker.versionId : 'null'} marker ${v.isLatest}`
      : `${v.record.key} ${v.record.versioned ? v.record.versionId : 'null'} ${v.record.size} ${v.isLatest}`,
  );
}

for (const dialect of TEST_DIALECTS) {
  describe(`versioning (${dialect})`, () => {
    const open = async () => {
      const h = await createHarness({ dialect, postgres });
      await h.bucket('ver');
      return h;
    };

    it('keeps every version of a key; GET and HEAD read any of them by id', async () => {
      await using h = await open();
      const before = await put(h.layer, 'k', 'unversioned');
      expect(before.versioned).toBeUndefined();
      await h.layer.putBucketVersioning('ver', { status: 'Enabled' });
      expect((await h.layer.getBucket('ver')).versioning).toBe('Enabled');
      const v1 = await put(h.layer, 'k', 'one');
      const v2 = await put(h.layer, 'k', 'two!');
      expect(v1.versioned).toBe(true);
      expect(v2.versionId).not.toBe(v1.versionId);
      expect(await text(h.layer, 'k')).toBe('two!');
      expect(await text(h.layer, 'k', v1.versionId)).toBe('one');
      expect(await text(h.layer, 'k', 'null')).toBe('unversioned');
      const head = await h.layer.headObject({ bucket: 'ver', key: 'k', versionId: v1.versionId });
      expect(head.record.size).toBe(3);
      expect(await versionsOf(h.layer)).toEqual([
        `k ${v2.versionId} 4 true`,
        `k ${v1.versionId} 3 false`,
        'k null 11 false',
      ]);
      // Three versions, three blobs: nothing was queued for cleanup.
      expect(await runCleanup(h.store, [h.fs])).toBe(0);
      expect(await blobsOf(h.fs)).toHaveLength(3);
    });

    it('a delete adds a marker: GET is 404 with the marker, the marker by id 405, deleting it restores', async () => {
      await using h = await open();
      await h.layer.putBucketVersioning('ver', { status: 'Enabled' });
      const v1 = await put(h.layer, 'k', 'data');
      const deleted = await h.layer.deleteObject({ bucket: 'ver', key: 'k' });
      expect(deleted.deleteMarker).toBe(true);
      const markerId = deleted.versionId!;
      expect(markerId).toMatch(/^[0-9A-Z]{26}$/);
      const missing = await h.layer.getObject({ bucket: 'ver', key: 'k' }).catch((e: unknown) => e);
      expect(missing).toMatchObject({
        code: 'NoSuchKey',
        status: 404,
        headers: { 'x-amz-delete-marker': 'true', 'x-amz-version-id': markerId },
      });
      const byId = await h.layer
        .headObject({ bucket: 'ver', key: 'k', versionId: markerId })
        .catch((e: unknown) => e);
      expect(byId).toMatchObject({
        code: 'MethodNotAllowed',
        status: 405,
        headers: { 'x-amz-delete-marker': 'true', allow: 'DELETE' },
      });
      expect(await text(h.layer, 'k', v1.versionId)).toBe('data');
      expect((await h.layer.listObjects('ver', { maxKeys: 10 })).objects).toEqual([]);
      // A copy from the marker by id is refused; from the deleted key it is NoSuchKey.
      await expect(
        h.layer.copyObject({
          sourceBucket: 'ver',
          sourceKey: 'k',
          sourceVersionId: markerId,
          bucket: 'ver',
          key: 'copy',
        }),
      ).rejects.toMatchObject({ code: 'InvalidRequest' });
      await expect(
        h.layer.copyObject({ sourceBucket: 'ver', sourceKey: 'k', bucket: 'ver', key: 'copy' }),
      ).rejects.toMatchObject({ code: 'NoSuchKey' });

      const undo = await h.layer.deleteObject({ bucket: 'ver', key: 'k', versionId: markerId });
      expect(undo).toEqual({ versionId: markerId, deleteMarker: true });
      expect(await text(h.layer, 'k')).toBe('data');
      expect(await versionsOf(h.layer)).toEqual([`k ${v1.versionId} 4 true`]);
    });

    it('deleting a version by id removes its bytes; the next newest becomes current', async () => {
      await using h = await open();
      await h.layer.putBucketVersioning('ver', { status: 'Enabled' });
      const v1 = await put(h.layer, 'k', 'first');
      const v2 = await put(h.layer, 'k', 'second');
      expect(
        await h.layer.deleteObject({ bucket: 'ver', key: 'k', versionId: v2.versionId }),
      ).toEqual({
        versionId: v2.versionId,
      });
      expect(await text(h.layer, 'k')).toBe('first');
      await runCleanup(h.store, [h.fs]);
      expect(await blobsOf(h.fs)).toEqual([v1.copies[0]!.blob]);
      // A well-formed id naming nothing succeeds, as on S3; a malformed one is 400.
      await expect(
        h.layer.deleteObject({ bucket: 'ver', key: 'k', versionId: v2.versionId }),
      ).resolves.toEqual({ versionId: v2.versionId });
      await expect(
        h.layer.deleteObject({ bucket: 'ver', key: 'k', versionId: 'not-a-version' }),
      ).rejects.toMatchObject({ code: 'InvalidArgument', status: 400 });
      await expect(
        h.layer.getObject({ bucket: 'ver', key: 'k', versionId: v2.versionId }),
      ).rejects.toMatchObject({ code: 'NoSuchVersion', status: 404 });
      await expect(
        h.layer.getObject({ bucket: 'ver', key: 'k', versionId: 'x' }),
      ).rejects.toMatchObject({ code: 'InvalidArgument' });
      await h.layer.deleteObject({ bucket: 'ver', key: 'k', versionId: v1.versionId });
      await expect(h.layer.getObject({ bucket: 'ver', key: 'k' })).rejects.toMatchObject({
        code: 'NoSuchKey',
        headers: {},
      });
      await runCleanup(h.store, [h.fs]);
      expect(await blobsOf(h.fs)).toEqual([]);
      await h.layer.deleteBucket('ver');
    });

    it('suspended: writes and deletes replace the null version; versioned ones stay', async () => {
      await using h = await open();
      await h.layer.putBucketVersioning('ver', { status: 'Enabled' });
      const v1 = await put(h.layer, 'k', 'kept');
      await h.layer.putBucketVersioning('ver', { status: 'Suspended' });
      const n1 = await put(h.layer, 'k', 'null-1');
      expect(n1.versioned).toBeUndefined();
      await put(h.layer, 'k', 'null-2');
      expect(await versionsOf(h.layer)).toEqual([`k null 6 true`, `k ${v1.versionId} 4 false`]);
      const marker = await h.layer.deleteObject({ bucket: 'ver', key: 'k' });
      expect(marker).toEqual({ versionId: 'null', deleteMarker: true });
      expect(await versionsOf(h.layer)).toEqual([
        `k null marker true`,
        `k ${v1.versionId} 4 false`,
      ]);
      await runCleanup(h.store, [h.fs]);
      // The kept version's bytes, and the marker's empty tombstone (for degraded reads).
      const blobs = await blobsOf(h.fs);
      expect(blobs.filter((b) => !b.endsWith('.deleted'))).toEqual([v1.copies[0]!.blob]);
      expect(blobs.filter((b) => b.endsWith('.deleted'))).toHaveLength(1);
    });

    it('DeleteObjects reports markers added and removed, and versions deleted by id', async () => {
      await using h = await open();
      await h.layer.putBucketVersioning('ver', { status: 'Enabled' });
      const a = await put(h.layer, 'a', 'a');
      await put(h.layer, 'b', 'b');
      const entries = await h.layer.deleteObjects({
        bucket: 'ver',
        objects: [
          { key: 'a', versionId: a.versionId },
          { key: 'b' },
          { key: 'c', versionId: '??' },
        ],
      });
      expect(entries[0]).toEqual({ key: 'a', versionId: a.versionId });
      expect(entries[1]).toMatchObject({ key: 'b', deleteMarker: true });
      const markerId = entries[1]!.deleteMarkerVersionId!;
      expect(entries[2]).toMatchObject({
        key: 'c',
        versionId: '??',
        error: { code: 'InvalidArgument' },
      });
      const again = await h.layer.deleteObjects({
        bucket: 'ver',
        objects: [{ key: 'b', versionId: markerId }],
      });
      expect(again).toEqual([
        { key: 'b', versionId: markerId, deleteMarker: true, deleteMarkerVersionId: markerId },
      ]);
      expect(await text(h.layer, 'b')).toBe('b');
    });

    it('copies, tags and describes a version named by id', async () => {
      await using h = await open();
      await h.layer.putBucketVersioning('ver', { status: 'Enabled' });
      const v1 = await put(h.layer, 'src', 'old bytes');
      await put(h.layer, 'src', 'new bytes');
      const copied = await h.layer.copyObject({
        sourceBucket: 'ver',
        sourceKey: 'src',
        sourceVersionId: v1.versionId,
        bucket: 'ver',
        key: 'dst',
      });
      expect(copied.sourceVersionId).toBe(v1.versionId);
      expect(copied.record.versioned).toBe(true);
      expect(await text(h.layer, 'dst')).toBe('old bytes');
      const attributes = await h.layer.getObjectAttributes({
        bucket: 'ver',
        key: 'src',
        versionId: v1.versionId,
        attributes: ['ObjectSize'],
      });
      expect(attributes.record.versionId).toBe(v1.versionId);
      expect(
        (await h.layer.getObjectTagging({ bucket: 'ver', key: 'src', versionId: v1.versionId }))
          .versionId,
      ).toBe(v1.versionId);
      // Tags of a noncurrent version are its own; the current version's stay as they were.
      expect(
        await h.layer.putObjectTagging({
          bucket: 'ver',
          key: 'src',
          versionId: v1.versionId,
          tags: [{ key: 'a', value: 'b' }],
        }),
      ).toEqual({ versionId: v1.versionId });
      const tagsOf = async (versionId?: string) =>
        (await h.layer.getObjectTagging({ bucket: 'ver', key: 'src', versionId })).tags;
      expect(await tagsOf(v1.versionId)).toEqual([{ key: 'a', value: 'b' }]);
      expect(await tagsOf()).toEqual([]);
      await h.layer.deleteObjectTagging({ bucket: 'ver', key: 'src', versionId: v1.versionId });
      expect(await tagsOf(v1.versionId)).toEqual([]);
    });

    it('lists versions in pages by key and version-id markers, and checks the markers', async () => {
      await using h = await open();
      await h.layer.putBucketVersioning('ver', { status: 'Enabled' });
      for (const key of ['a', 'b'])
        for (const n of [1, 2, 3]) await put(h.layer, key, `${key}${n}`);
      await h.layer.deleteObject({ bucket: 'ver', key: 'a' });
      const all = await versionsOf(h.layer);
      expect(all).toHaveLength(7);
      const seen: string[] = [];
      let keyMarker: string | undefined;
      let versionIdMarker: string | undefined;
      for (let pages = 0; pages < 10; pages++) {
        const page = await h.layer.listObjectVersions('ver', {
          keyMarker,
          versionIdMarker,
          maxKeys: 2,
        });
        for (const v of page.versions)
          seen.push(v.kind === 'marker' ? v.marker.versionId : v.record.versionId);
        if (!page.isTruncated) break;
        keyMarker = page.nextKeyMarker;
        versionIdMarker = page.nextVersionIdMarker;
      }
      expect(seen.map((id) => all.find((line) => line.includes(id)))).toEqual(all);
      await expect(
        h.layer.listObjectVersions('ver', { versionIdMarker: 'null', maxKeys: 1 }),
      ).rejects.toMatchObject({ code: 'InvalidArgument' });
      await expect(
        h.layer.listObjectVersions('ver', { keyMarker: 'a', versionIdMarker: 'bad', maxKeys: 1 }),
      ).rejects.toMatchObject({ code: 'InvalidArgument' });
      await expect(h.layer.listObjectVersions('nope', { maxKeys: 1 })).rejects.toMatchObject({
        code: 'NoSuchBucket',
      });
    });

    it('PutBucketVersioning refuses MFA delete and a configuration without a status', async () => {
      await using h = await open();
      await expect(
        h.layer.putBucketVersioning('ver', { status: 'Enabled', mfaDelete: 'Enabled' }),
      ).rejects.toMatchObject({ code: 'NotImplemented', status: 501 });
      await expect(h.layer.putBucketVersioning('ver', {})).rejects.toMatchObject({
        code: 'IllegalVersioningConfigurationException',
        status: 400,
      });
      expect((await h.layer.getBucket('ver')).versioning).toBe('Unversioned');
      await h.layer.putBucketVersioning('ver', { status: 'Suspended', mfaDelete: 'Disabled' });
      expect((await h.layer.getBucket('ver')).versioning).toBe('Suspended');
      await expect(
        h.layer.putBucketVersioning('nope', { status: 'Enabled' }),
      ).rejects.toMatchObject({ code: 'NoSuchBucket' });
    });

    it('a bucket with only old versions is not empty', async () => {
      await using h = await open();
      await h.layer.putBucketVersioning('ver', { status: 'Enabled' });
      await put(h.layer, 'k', 'x');
      await h.layer.deleteObject({ bucket: 'ver', key: 'k' });
      await expect(h.layer.deleteBucket('ver')).rejects.toMatchObject({ code: 'BucketNotEmpty' });
    });
  });
}
