import { describe, expect, it } from 'vitest';
import { ConditionFailedError } from '../errors.js';
import type { LifecycleRule } from '../types.js';
import type { ConformanceOpener } from './fixtures.js';
import { makeBucket, makeRecord, rejection, useStores } from './fixtures.js';

/** Buckets, object CRUD, usage accounting and transactions. */
export function describeObjectBasics(opener: ConformanceOpener): void {
  const stores = useStores(opener);

  describe('buckets', () => {
    it('creates, refuses a taken name, gets, lists by name and owner, deletes', async () => {
      const store = await stores.fresh();
      expect(await store.buckets.create(makeBucket('zeta', 'bob'))).toBe(true);
      expect(await store.buckets.create(makeBucket('alpha'))).toBe(true);
      expect(
        await store.buckets.create({ ...makeBucket('alpha', 'mallory'), region: 'eu-west-1' }),
      ).toBe(false);
      expect(await store.buckets.get('alpha')).toEqual(makeBucket('alpha'));
      expect(await store.buckets.get('nope')).toBeUndefined();
      expect((await store.buckets.list()).map((b) => b.name)).toEqual(['alpha', 'zeta']);
      expect((await store.buckets.list('bob')).map((b) => b.name)).toEqual(['zeta']);
      expect(await store.buckets.delete('alpha')).toBe(true);
      expect(await store.buckets.delete('alpha')).toBe(false);
      expect((await store.buckets.list()).map((b) => b.name)).toEqual(['zeta']);
    });

    it('sets, replaces and removes a tag set', async () => {
      const store = await stores.fresh();
      await store.buckets.create(makeBucket('t'));
      expect(await store.buckets.get('t')).toEqual(makeBucket('t'));
      expect(await store.buckets.setTags('t', { env: 'prod', 'cost-center': 'ünï' })).toBe(true);
      expect(await store.buckets.get('t')).toEqual({
        ...makeBucket('t'),
        tags: { env: 'prod', 'cost-center': 'ünï' },
      });
      expect((await store.buckets.list()).find((b) => b.name === 't')?.tags).toEqual({
        env: 'prod',
        'cost-center': 'ünï',
      });
      expect(await store.buckets.setTags('t', {})).toBe(true);
      expect(await store.buckets.get('t')).toEqual(makeBucket('t'));
      expect(await store.buckets.setTags('t', { a: '1' })).toBe(true);
      expect(await store.buckets.setTags('t', undefined)).toBe(true);
      expect(await store.buckets.get('t')).toEqual(makeBucket('t'));
      expect(await store.buckets.setTags('missing', { a: '1' })).toBe(false);
    });

    it('sets, replaces and removes CORS rules, keeping their order and optional fields', async () => {
      const store = await stores.fresh();
      await store.buckets.create(makeBucket('c'));
      const rules = [
        {
          id: 'uploads',
          allowedOrigins: ['https://*.example.com'],
          allowedMethods: ['PUT', 'POST'],
          allowedHeaders: ['*'],
          exposeHeaders: ['ETag'],
          maxAgeSeconds: 3000,
        },
        { allowedOrigins: ['*'], allowedMethods: ['GET'], allowedHeaders: [], exposeHeaders: [] },
      ];
      expect(await store.buckets.setCors('c', rules)).toBe(true);
      expect((await store.buckets.get('c'))?.cors).toEqual(rules);
      expect(await store.buckets.setCors('c', [])).toBe(true);
      expect(await store.buckets.get('c')).toEqual(makeBucket('c'));
      expect(await store.buckets.setCors('c', rules.slice(1))).toBe(true);
      expect(await store.buckets.setCors('c', undefined)).toBe(true);
      expect(await store.buckets.get('c')).toEqual(makeBucket('c'));
      expect(await store.buckets.setCors('missing', rules)).toBe(false);
    });

    it('sets, replaces and removes a default encryption rule', async () => {
      const store = await stores.fresh();
      await store.buckets.create(makeBucket('e'));
      const kms = {
        algorithm: 'aws:kms',
        kmsKeyId: 'arn:aws:kms:k1',
        bucketKeyEnabled: true,
      } as const;
      expect(await store.buckets.setEncryption('e', kms)).toBe(true);
      expect(await store.buckets.get('e')).toEqual({ ...makeBucket('e'), encryption: kms });
      expect(await store.buckets.setEncryption('e', { algorithm: 'AES256' })).toBe(true);
      expect((await store.buckets.list()).find((b) => b.name === 'e')?.encryption).toEqual({
        algorithm: 'AES256',
      });
      expect(await store.buckets.setEncryption('e', undefined)).toBe(true);
      expect(await store.buckets.get('e')).toEqual(makeBucket('e'));
      expect(await store.buckets.setEncryption('missing', kms)).toBe(false);
    });

    it('sets, replaces and removes a policy, a public access block and an ownership', async () => {
      const store = await stores.fresh();
      const block = {
        blockPublicAcls: true,
        ignorePublicAcls: false,
        blockPublicPolicy: true,
        restrictPublicBuckets: false,
      };
      await store.buckets.create({ ...makeBucket('p'), publicAccessBlock: block });
      expect(await store.buckets.get('p')).toEqual({
        ...makeBucket('p'),
        publicAccessBlock: block,
      });
      // Kept verbatim: GetBucketPolicy answers the document as it was sent, spacing and all.
      const policy = '{ "Version": "2012-10-17",\n  "Statement": [] }';
      expect(await store.buckets.setPolicy('p', policy)).toBe(true);
      expect(await store.buckets.setPublicAccessBlock('p', undefined)).toBe(true);
      expect(await store.buckets.get('p')).toEqual({ ...makeBucket('p'), policy });
      expect(await store.buckets.setPolicy('p', undefined)).toBe(true);
      expect(await store.buckets.get('p')).toEqual(makeBucket('p'));
      expect(await store.buckets.setPolicy('missing', policy)).toBe(false);
      expect(await store.buckets.setPublicAccessBlock('missing', block)).toBe(false);
      expect(await store.buckets.setOwnership('p', 'ObjectWriter')).toBe(true);
      expect((await store.buckets.get('p'))?.ownership).toBe('ObjectWriter');
      expect(await store.buckets.setOwnership('p', undefined)).toBe(true);
      expect(await store.buckets.get('p')).toEqual(makeBucket('p'));
      expect(await store.buckets.setOwnership('missing', 'ObjectWriter')).toBe(false);
    });

    it('sets, replaces and removes lifecycle rules', async () => {
      const store = await stores.fresh();
      await store.buckets.create(makeBucket('l'));
      const rules: LifecycleRule[] = [
        {
          id: 'logs',
          status: 'Enabled',
          filter: {
            form: 'and',
            prefix: 'logs/',
            tags: { tier: 'cold' },
            objectSizeLessThan: 1024,
          },
          expiration: { days: 30 },
          noncurrentVersionExpiration: { noncurrentDays: 7, newerNoncurrentVersions: 2 },
        },
        {
          id: 'uploads',
          status: 'Disabled',
          filter: { form: 'filter' },
          abortIncompleteMultipartUploadDays: 1,
        },
      ];
      expect(await store.buckets.setLifecycle('l', rules)).toBe(true);
      expect((await store.buckets.get('l'))?.lifecycle).toEqual(rules);
      expect(await store.buckets.setLifecycle('l', rules.slice(1))).toBe(true);
      expect((await store.buckets.list()).find((b) => b.name === 'l')?.lifecycle).toEqual(
        rules.slice(1),
      );
      expect(await store.buckets.setLifecycle('l', [])).toBe(true);
      expect(await store.buckets.get('l')).toEqual(makeBucket('l'));
      expect(await store.buckets.setLifecycle('l', rules)).toBe(true);
      expect(await store.buckets.setLifecycle('l', undefined)).toBe(true);
      expect(await store.buckets.get('l')).toEqual(makeBucket('l'));
      expect(await store.buckets.setLifecycle('missing', rules)).toBe(false);
    });

    it('saves, replaces and removes job cursors, also inside a transaction', async () => {
      const store = await stores.fresh();
      expect(await store.cursors.get('lifecycle')).toBeUndefined();
      await store.cursors.set('lifecycle', '{"bucket":"a"}');
      await store.cursors.set('other', 'x');
      await store.cursors.set('lifecycle', '{"bucket":"b"}');
      expect(await store.cursors.get('lifecycle')).toBe('{"bucket":"b"}');
      await store.transaction((tx) => tx.cursors.set('lifecycle', undefined));
      expect(await store.cursors.get('lifecycle')).toBeUndefined();
      expect(await store.cursors.get('other')).toBe('x');
      await store.cursors.set('missing', undefined);
    });

    it('turns versioning on and suspends it, never back to Unversioned', async () => {
      const store = await stores.fresh();
      await store.buckets.create(makeBucket('v'));
      expect((await store.buckets.get('v'))?.versioning).toBe('Unversioned');
      expect(await store.buckets.setVersioning('v', 'Enabled')).toBe(true);
      expect(await store.buckets.get('v')).toEqual({ ...makeBucket('v'), versioning: 'Enabled' });
      expect(await store.buckets.setVersioning('v', 'Suspended')).toBe(true);
      expect((await store.buckets.list()).find((b) => b.name === 'v')?.versioning).toBe(
        'Suspended',
      );
      expect(await store.buckets.setVersioning('missing', 'Enabled')).toBe(false);
    });
  });

  describe('objects', () => {
    it('round-trips every field of a record', async () => {
      const store = await stores.fresh();
      const record = makeRecord('b', 'dir/file.txt', {
        size: 12345,
        etag: 'abc123-2',
        headers: { 'content-type': 'image/png', 'cache-control': 'no-cache' },
        userMetadata: { 'x-y': 'ünïcode' },
        checksums: { CRC32: 'AAAAAA==' },
        checksumType: 'COMPOSITE',
        storageClass: 'STANDARD_IA',
        parts: [
          { partNumber: 1, size: 10000, etag: 'p1', checksums: { CRC32: 'AQIDBA==' } },
          { partNumber: 2, size: 2345, etag: 'p2', checksums: { CRC32: 'BQYHCA==' } },
        ],
        copies: [
          { backend: 'b1', blob: 'blob-a' },
          { backend: 'b2', blob: 'blob-b' },
        ],
        tags: { project: 'ünïcode', 'empty-value': '' },
      });
      expect(await store.objects.put(record)).toEqual({ previous: undefined, discarded: [] });
      expect(await store.objects.get('b', 'dir/file.txt')).toEqual(record);
      expect(await store.objects.get('b', 'dir/other')).toBeUndefined();
      expect(await store.objects.get('other', 'dir/file.txt')).toBeUndefined();
    });

    it('replaces a key, returning the displaced version with its copies', async () => {
      const store = await stores.fresh();
      const first = makeRecord('b', 'k', { size: 100 });
      const second = makeRecord('b', 'k', {
        size: 40,
        copies: [{ backend: 'b2', blob: 'new-blob' }],
      });
      await store.objects.put(first);
      const { previous } = await store.objects.put(second);
      expect(previous).toEqual(first);
      expect(await store.objects.get('b', 'k')).toEqual(second);
      expect(await store.objects.isBlobReferenced('b1', first.copies[0]!.blob)).toBe(false);
      expect(await store.objects.isBlobReferenced('b2', 'new-blob')).toBe(true);
    });

    it('sets the tags of the current version only, leaving the rest of the row', async () => {
      const store = await stores.fresh();
      const record = makeRecord('b', 'k', { tags: { a: '1' } });
      await store.objects.put(record);
      expect(await store.objects.setTags('b', 'k', record.versionId, { b: '2', c: '' })).toBe(true);
      expect(await store.objects.get('b', 'k')).toEqual({ ...record, tags: { b: '2', c: '' } });
      expect(await store.objects.setTags('b', 'k', record.versionId, {})).toBe(true);
      const { tags: _removed, ...untagged } = record;
      expect(await store.objects.get('b', 'k')).toEqual(untagged);
      // Another version (an overwrite committed first) or a missing key: nothing changes.
      expect(await store.objects.setTags('b', 'k', 'other-version', { x: 'y' })).toBe(false);
      expect(await store.objects.setTags('b', 'missing', record.versionId, { x: 'y' })).toBe(false);
      expect(await store.objects.get('b', 'k')).toEqual(untagged);
    });

    it('keeps an encryption record, and replaces it only on the encrypted current version', async () => {
      const store = await stores.fresh();
      const encryption = {
        method: 'SSE-C',
        keyId: 'sse-c',
        wrappedKey: 'd3JhcHBlZA==',
        chunkSize: 65536,
        salts: ['c2FsdDE=', 'c2FsdDI='],
        customerKeyMd5: 'bWQ1',
      } as const;
      const record = makeRecord('b', 'k', { encryption });
      await store.objects.put(record);
      expect(await store.objects.get('b', 'k')).toEqual(record);
      const rewrapped = { ...encryption, keyId: 'k2', wrappedKey: 'bmV3' };
      expect(await store.objects.setEncryption('b', 'k', 'other-version', rewrapped)).toBe(false);
      expect(await store.objects.setEncryption('b', 'k', record.versionId, rewrapped)).toBe(true);
      expect(await store.objects.get('b', 'k')).toEqual({ ...record, encryption: rewrapped });
      // A plaintext version never becomes "encrypted" by a rewrap.
      const plain = makeRecord('b', 'plain');
      await store.objects.put(plain);
      expect(await store.objects.setEncryption('b', 'plain', plain.versionId, rewrapped)).toBe(
        false,
      );
      expect(await store.objects.get('b', 'plain')).toEqual(plain);
    });

    it('deletes a key and reports what it removed', async () => {
      const store = await stores.fresh();
      const record = makeRecord('b', 'k');
      await store.objects.put(record);
      expect(await store.objects.hasAny('b')).toBe(true);
      expect(await store.objects.delete('b', 'k')).toEqual(record);
      expect(await store.objects.delete('b', 'k')).toBeUndefined();
      expect(await store.objects.get('b', 'k')).toBeUndefined();
      expect(await store.objects.hasAny('b')).toBe(false);
      expect(await store.objects.isBlobReferenced('b1', record.copies[0]!.blob)).toBe(false);
    });

    it('keeps usage per backend (per copy) and per bucket (per key) through put, replace and delete', async () => {
      const store = await stores.fresh();
      const twoCopies = [
        { backend: 'b1', blob: 'x1' },
        { backend: 'b2', blob: 'x2' },
      ];
      await store.objects.put(makeRecord('photos', 'a', { size: 100, copies: twoCopies }));
      await store.objects.put(makeRecord('photos', 'b', { size: 50 }));
      await store.objects.put(
        makeRecord('docs', 'c', { size: 7, copies: [{ backend: 'b2', blob: 'y' }] }),
      );
      expect(await store.usage.byBackend()).toEqual({
        b1: { bytes: 150, objects: 2 },
        b2: { bytes: 107, objects: 2 },
      });
      expect(await store.usage.byBucket('photos')).toEqual({ bytes: 150, objects: 2 });

      // Replace 'a' (2 copies, 100 bytes) with a single 30-byte copy on b2.
      await store.objects.put(
        makeRecord('photos', 'a', { size: 30, copies: [{ backend: 'b2', blob: 'z' }] }),
      );
      expect(await store.usage.byBackend()).toEqual({
        b1: { bytes: 50, objects: 1 },
        b2: { bytes: 37, objects: 2 },
      });
      expect(await store.usage.byBucket('photos')).toEqual({ bytes: 80, objects: 2 });

      await store.objects.delete('photos', 'a');
      await store.objects.delete('photos', 'b');
      expect(await store.usage.byBucket('photos')).toEqual({ bytes: 0, objects: 0 });
      expect(await store.usage.byBucket('docs')).toEqual({ bytes: 7, objects: 1 });
      expect(await store.usage.byBucket('never')).toEqual({ bytes: 0, objects: 0 });
      const backends = await store.usage.byBackend();
      expect(backends.b1).toEqual({ bytes: 0, objects: 0 });
      expect(backends.b2).toEqual({ bytes: 7, objects: 1 });
    });

    it('sums usage correctly over many writes spread across shards', async () => {
      const store = await stores.fresh();
      await Promise.all(
        Array.from({ length: 60 }, (_, i) =>
          store.objects.put(makeRecord('b', `k${i}`, { size: i + 1 })),
        ),
      );
      expect(await store.usage.byBucket('b')).toEqual({ bytes: (60 * 61) / 2, objects: 60 });
      expect((await store.usage.byBackend()).b1).toEqual({ bytes: (60 * 61) / 2, objects: 60 });
    });
  });

  describe('transactions', () => {
    it('commits every change of the callback together', async () => {
      const store = await stores.fresh();
      const result = await store.transaction(async (tx) => {
        await tx.buckets.create(makeBucket('b'));
        await tx.objects.put(makeRecord('b', 'k'));
        await tx.intents.remove('nothing');
        return (await tx.objects.get('b', 'k'))?.key;
      });
      expect(result).toBe('k');
      expect(await store.objects.get('b', 'k')).toBeDefined();
      expect(await store.buckets.get('b')).toBeDefined();
    });

    it('rolls everything back when the callback throws, and rethrows its error', async () => {
      const store = await stores.fresh();
      await store.objects.put(makeRecord('b', 'kept', { size: 5 }));
      const boom = new Error('boom');
      const error = await rejection(
        store.transaction(async (tx) => {
          await tx.buckets.create(makeBucket('b'));
          await tx.objects.put(makeRecord('b', 'new', { size: 99 }));
          await tx.objects.delete('b', 'kept');
          throw boom;
        }),
      );
      expect(error).toBe(boom);
      expect(await store.buckets.get('b')).toBeUndefined();
      expect(await store.objects.get('b', 'new')).toBeUndefined();
      expect(await store.objects.get('b', 'kept')).toBeDefined();
      expect(await store.usage.byBucket('b')).toEqual({ bytes: 5, objects: 1 });
    });

    it('rolls back a commit whose condition fails midway (delete empty bucket pattern)', async () => {
      const store = await stores.fresh();
      await store.buckets.create(makeBucket('b'));
      await store.objects.put(makeRecord('b', 'k'));
      const error = await rejection(
        store.transaction(async (tx) => {
          await tx.objects.put(makeRecord('b', 'k2'));
          await tx.objects.put(makeRecord('b', 'k'), { kind: 'absent' });
        }),
      );
      expect(error).toBeInstanceOf(ConditionFailedError);
      expect(await store.objects.get('b', 'k2')).toBeUndefined();
    });
  });
}
