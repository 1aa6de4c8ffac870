import { TEST_DIALECTS, usePostgresTestDatabase } from '@strata/metastore-core/testing';
import { describe, expect, it } from 'vitest';
import { createObjectLayer, type ObjectLayer } from './object-layer.js';
import { bodyOf, createHarness } from './testing/harness.js';

const postgres = await usePostgresTestDatabase();

async function put(layer: ObjectLayer, key: string, data: string) {
  return (await layer.putObject({ bucket: 'cdel', key, body: bodyOf(data) })).record;
}

async function exists(layer: ObjectLayer, key: string): Promise<boolean> {
  return layer.headObject({ bucket: 'cdel', key }).then(
    () => true,
    () => false,
  );
}

/**
 * `target` with `name` replaced; its other methods stay bound to `target` (the store's
 * classes keep private fields, which a proxy as `this` cannot reach).
 */
function withMember<T extends object>(target: T, name: keyof T, value: unknown): T {
  return new Proxy(target, {
    get(obj, prop) {
      if (prop === name) return value;
      const member = Reflect.get(obj, prop, obj) as unknown;
      return typeof member === 'function'
        ? (member as (...args: unknown[]) => unknown).bind(obj)
        : member;
    },
  });
}

for (const dialect of TEST_DIALECTS) {
  describe(`conditional deletes (${dialect})`, () => {
    const open = async () => {
      const h = await createHarness({ dialect, postgres });
      await h.bucket('cdel');
      return h;
    };

    it('If-Match: a matching ETag deletes, another is 412 and keeps the object, none is 404', async () => {
      await using h = await open();
      const record = await put(h.layer, 'k', 'data');
      await expect(
        h.layer.deleteObject({ bucket: 'cdel', key: 'k', ifMatch: '"0123"' }),
      ).rejects.toMatchObject({ code: 'PreconditionFailed', status: 412 });
      expect(await exists(h.layer, 'k')).toBe(true);
      await h.layer.deleteObject({ bucket: 'cdel', key: 'k', ifMatch: `"${record.etag}"` });
      expect(await exists(h.layer, 'k')).toBe(false);
      await expect(
        h.layer.deleteObject({ bucket: 'cdel', key: 'k', ifMatch: '*' }),
      ).rejects.toMatchObject({ code: 'NoSuchKey', status: 404 });
      await expect(
        h.layer.deleteObject({ bucket: 'none-such', key: 'k', ifMatch: '*' }),
      ).rejects.toMatchObject({ code: 'NoSuchBucket' });
    });

    it('versioned: If-Match guards the marker; a key behind a marker is 404; by id it checks that version', async () => {
      await using h = await open();
      await h.layer.putBucketVersioning('cdel', { status: 'Enabled' });
      const v1 = await put(h.layer, 'k', 'one');
      const v2 = await put(h.layer, 'k', 'two');
      await expect(
        h.layer.deleteObject({ bucket: 'cdel', key: 'k', ifMatch: v1.etag }),
      ).rejects.toMatchObject({ code: 'PreconditionFailed' });
      const marker = await h.layer.deleteObject({ bucket: 'cdel', key: 'k', ifMatch: v2.etag });
      expect(marker.deleteMarker).toBe(true);
      await expect(
        h.layer.deleteObject({ bucket: 'cdel', key: 'k', ifMatch: '*' }),
      ).rejects.toMatchObject({ code: 'NoSuchKey' });
      await expect(
        h.layer.deleteObject({
          bucket: 'cdel',
          key: 'k',
          versionId: v1.versionId,
          ifMatch: v2.etag,
        }),
      ).rejects.toMatchObject({ code: 'PreconditionFailed' });
      await h.layer.deleteObject({
        bucket: 'cdel',
        key: 'k',
        versionId: v1.versionId,
        ifMatch: v1.etag,
      });
      const left = await h.layer.listObjectVersions('cdel', { maxKeys: 10 });
      expect(left.versions.map((v) => v.kind)).toEqual(['marker', 'object']);
    });

    it("DeleteObjects checks each entry's ETag on its own", async () => {
      await using h = await open();
      const a = await put(h.layer, 'a', 'a');
      await put(h.layer, 'b', 'b');
      const entries = await h.layer.deleteObjects({
        bucket: 'cdel',
        objects: [
          { key: 'a', etag: `"${a.etag}"` },
          { key: 'b', etag: '"nope"' },
          { key: 'c', etag: '*' },
        ],
      });
      expect(entries).toEqual([
        { key: 'a' },
        { key: 'b', error: expect.objectContaining({ code: 'PreconditionFailed' }) as unknown },
        { key: 'c', error: expect.objectContaining({ code: 'NoSuchKey' }) as unknown },
      ]);
      expect(await exists(h.layer, 'a')).toBe(false);
      expect(await exists(h.layer, 'b')).toBe(true);
    });

    it('an overwrite committed between the check and the commit fails the delete with 412', async () => {
      await using h = await open();
      const first = await put(h.layer, 'k', 'first');
      // A second layer on the same store whose conditional delete reads the current version,
      // and then, before its transaction starts, sees an overwrite commit through the first.
      let armed = true;
      const get = async (bucket: string, key: string) => {
        const current = await h.store.objects.get(bucket, key);
        if (armed) {
          armed = false;
          await put(h.layer, 'k', 'second');
        }
        return current;
      };
      const objects = withMember(h.store.objects, 'get', get);
      const store = withMember(h.store, 'objects', objects);
      const racing = createObjectLayer({ store, backends: [h.fs], region: 'us-east-1' });
      await expect(
        racing.deleteObject({ bucket: 'cdel', key: 'k', ifMatch: first.etag }),
      ).rejects.toMatchObject({ code: 'PreconditionFailed', status: 412 });
      expect(armed).toBe(false);
      const left = await h.layer.headObject({ bucket: 'cdel', key: 'k' });
      expect(left.record.size).toBe('second'.length);
    });
  });
}
