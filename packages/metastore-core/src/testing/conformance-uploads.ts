import { describe, expect, it } from 'vitest';
import { MetastoreNotFoundError } from '../errors.js';
import type { ListUploadsQuery, MetaStore } from '../store.js';
import type { MultipartUpload, UploadPart } from '../types.js';
import type { ConformanceOpener } from './fixtures.js';
import { rejection, useStores } from './fixtures.js';

/** An upload row of bucket `b` on backend `b1`. */
export function makeUpload(
  uploadId: string,
  key: string,
  initiatedAt = 1_000,
  overrides: Partial<MultipartUpload> = {},
) {
  return {
    uploadId,
    bucket: 'b',
    key,
    owner: 'alice',
    initiatedAt: new Date(initiatedAt),
    backend: 'b1',
    blob: `b/${key}@${uploadId}`,
    backendUploadId: `native-${uploadId}`,
    headers: { 'content-type': 'video/mp4' },
    userMetadata: { a: '1' },
    storageClass: 'STANDARD',
    checksumAlgorithm: undefined,
    checksumType: undefined,
    ...overrides,
  } satisfies MultipartUpload;
}

/** A 5 MiB part. */
export function makePart(
  uploadId: string,
  partNumber: number,
  etag = `etag-${partNumber}`,
): UploadPart {
  return {
    uploadId,
    partNumber,
    size: 5 * 1024 * 1024,
    etag,
    token: `token-${partNumber}-${etag}`,
    lastModified: new Date(2_000 + partNumber),
    checksums: { CRC32C: 'AAAAAA==' },
  };
}

/** Pages through ListMultipartUploads, returning `key/uploadId` and `P:prefix` entries. */
async function listAllUploads(
  store: MetaStore,
  query: Omit<ListUploadsQuery, 'maxUploads'>,
  maxUploads: number,
) {
  const entries: string[] = [];
  let { keyMarker, uploadIdMarker } = query;
  for (let pages = 0; pages < 1000; pages++) {
    const page = await store.uploads.list('b', { ...query, keyMarker, uploadIdMarker, maxUploads });
    expect(page.uploads.length + page.commonPrefixes.length).toBeLessThanOrEqual(maxUploads);
    entries.push(
      ...page.uploads.map((u) => `${u.key}/${u.uploadId}`),
      ...page.commonPrefixes.map((p) => `P:${p}`),
    );
    if (!page.isTruncated) return entries;
    keyMarker = page.nextKeyMarker;
    uploadIdMarker = page.nextUploadIdMarker;
  }
  throw new Error('listing did not end');
}

/** Multipart uploads and parts. */
export function describeUploads(opener: ConformanceOpener): void {
  const stores = useStores(opener);

  describe('multipart uploads', () => {
    it('creates, records parts (replacing a re-uploaded one), completes and deletes', async () => {
      const store = await stores.fresh();
      const upload = makeUpload('u1', 'big.bin', 1_000, {
        checksumAlgorithm: 'CRC32C',
        checksumType: 'COMPOSITE',
        tags: { team: 'data', note: '' },
        encryption: {
          method: 'aws:kms',
          keyId: 'k1',
          wrappedKey: 'd3JhcHBlZA==',
          chunkSize: 65536,
          salts: [],
          kmsKeyId: 'arn:aws:kms:us-east-1:1:key/a',
          kmsContext: 'eyJhIjoiYiJ9',
          bucketKeyEnabled: false,
        },
      });
      await store.uploads.create(upload);
      expect(await store.uploads.get('u1')).toEqual({
        ...upload,
        state: 'active',
        completedEtag: undefined,
        completedVersionId: undefined,
      });
      expect(await store.uploads.putPart(makePart('u1', 2))).toBeUndefined();
      expect(await store.uploads.putPart(makePart('u1', 1))).toBeUndefined();
      expect(await store.uploads.putPart(makePart('u1', 2, 'again'))).toEqual(makePart('u1', 2));
      const salted = { ...makePart('u1', 3), salt: 'c2FsdA==' };
      expect(await store.uploads.putPart(salted)).toBeUndefined();
      expect(await store.uploads.parts('u1')).toEqual([
        makePart('u1', 1),
        makePart('u1', 2, 'again'),
        salted,
      ]);

      await store.uploads.markCompleted('u1', { etag: 'final-2', versionId: 'v9' });
      expect(await store.uploads.get('u1')).toMatchObject({
        state: 'completed',
        completedEtag: 'final-2',
        completedVersionId: 'v9',
      });
      expect(await store.uploads.parts('u1')).toEqual([]);
      expect((await store.uploads.list('b', { maxUploads: 10 })).uploads).toEqual([]);
      expect(
        await rejection(store.uploads.markCompleted('u1', { etag: 'x', versionId: 'y' })),
      ).toBeInstanceOf(MetastoreNotFoundError);
      expect(await rejection(store.uploads.putPart(makePart('u1', 3)))).toMatchObject({
        code: 'EMETA_NOT_FOUND',
        entity: 'upload',
      });
      expect(await store.uploads.delete('u1')).toBe(true);
      expect(await store.uploads.delete('u1')).toBe(false);
      expect(await store.uploads.get('u1')).toBeUndefined();
    });

    it('deletes an upload with its parts', async () => {
      const store = await stores.fresh();
      await store.uploads.create(makeUpload('u1', 'k'));
      await store.uploads.putPart(makePart('u1', 1));
      expect(await store.uploads.delete('u1')).toBe(true);
      expect(await store.uploads.parts('u1')).toEqual([]);
      expect(await rejection(store.uploads.putPart(makePart('nope', 1)))).toBeInstanceOf(
        MetastoreNotFoundError,
      );
    });

    it('pages parts by part number with an exclusive marker', async () => {
      const store = await stores.fresh();
      await store.uploads.create(makeUpload('u1', 'k'));
      for (const n of [5, 1, 3, 2, 4, 10000]) await store.uploads.putPart(makePart('u1', n));
      const first = await store.uploads.listParts('u1', { maxParts: 2 });
      expect(first.parts.map((p) => p.partNumber)).toEqual([1, 2]);
      expect([first.isTruncated, first.nextPartNumberMarker]).toEqual([true, 2]);
      const second = await store.uploads.listParts('u1', { partNumberMarker: 2, maxParts: 3 });
      expect(second.parts.map((p) => p.partNumber)).toEqual([3, 4, 5]);
      expect(second.isTruncated).toBe(true);
      const last = await store.uploads.listParts('u1', { partNumberMarker: 5, maxParts: 3 });
      expect(last.parts.map((p) => p.partNumber)).toEqual([10000]);
      expect(last.isTruncated).toBe(false);
      const exact = await store.uploads.listParts('u1', { partNumberMarker: 4, maxParts: 2 });
      expect([exact.parts.length, exact.isTruncated]).toEqual([2, false]);
      expect(await store.uploads.listParts('u1', { maxParts: 0 })).toEqual({
        parts: [],
        isTruncated: false,
      });
    });

    it('lists active uploads by key, initiation time and id, with S3 marker semantics', async () => {
      const store = await stores.fresh();
      await store.uploads.create(makeUpload('u3', 'b.bin', 300));
      await store.uploads.create(makeUpload('u1', 'b.bin', 100));
      await store.uploads.create(makeUpload('u2', 'b.bin', 100));
      await store.uploads.create(makeUpload('u0', 'a.bin', 900));
      await store.uploads.create(makeUpload('u4', 'c.bin', 50));
      await store.uploads.create(makeUpload('other', 'a.bin', 1, { bucket: 'elsewhere' }));
      const all = await store.uploads.list('b', { maxUploads: 100 });
      expect(all.uploads.map((u) => u.uploadId)).toEqual(['u0', 'u1', 'u2', 'u3', 'u4']);
      expect(all.isTruncated).toBe(false);
      expect(all.uploads[0]).not.toHaveProperty('state');

      const page = await store.uploads.list('b', { maxUploads: 2 });
      expect(page.uploads.map((u) => u.uploadId)).toEqual(['u0', 'u1']);
      expect([page.isTruncated, page.nextKeyMarker, page.nextUploadIdMarker]).toEqual([
        true,
        'b.bin',
        'u1',
      ]);
      const next = await store.uploads.list('b', {
        keyMarker: 'b.bin',
        uploadIdMarker: 'u1',
        maxUploads: 2,
      });
      expect(next.uploads.map((u) => u.uploadId)).toEqual(['u2', 'u3']);
      // key-marker alone: only keys after it.
      const keyOnly = await store.uploads.list('b', { keyMarker: 'b.bin', maxUploads: 10 });
      expect(keyOnly.uploads.map((u) => u.uploadId)).toEqual(['u4']);
      // upload-id-marker without key-marker is ignored.
      expect(
        (await store.uploads.list('b', { uploadIdMarker: 'u3', maxUploads: 10 })).uploads,
      ).toHaveLength(5);
      expect(await listAllUploads(store, {}, 1)).toEqual([
        'a.bin/u0',
        'b.bin/u1',
        'b.bin/u2',
        'b.bin/u3',
        'c.bin/u4',
      ]);
    });

    it('groups uploads by delimiter and prefix, paging through common prefixes', async () => {
      const store = await stores.fresh();
      let id = 0;
      for (const key of ['logs/1', 'logs/2', 'media/a/x', 'media/b', 'readme', 'media/a/y']) {
        await store.uploads.create(makeUpload(`u${id++}`, key, 1_000 + id));
      }
      const root = await store.uploads.list('b', { delimiter: '/', maxUploads: 10 });
      expect(root.commonPrefixes).toEqual(['logs/', 'media/']);
      expect(root.uploads.map((u) => u.key)).toEqual(['readme']);
      const media = await store.uploads.list('b', {
        prefix: 'media/',
        delimiter: '/',
        maxUploads: 10,
      });
      expect([media.commonPrefixes, media.uploads.map((u) => u.key)]).toEqual([
        ['media/a/'],
        ['media/b'],
      ]);
      const first = await store.uploads.list('b', { delimiter: '/', maxUploads: 1 });
      expect([
        first.commonPrefixes,
        first.isTruncated,
        first.nextKeyMarker,
        first.nextUploadIdMarker,
      ]).toEqual([['logs/'], true, 'logs/', undefined]);
      expect(await listAllUploads(store, { delimiter: '/' }, 1)).toEqual([
        'P:logs/',
        'P:media/',
        'readme/u4',
      ]);
    });
  });
}
