import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFsBackend } from '@strata/backend-pool';
import { Keyring, createKeyWrapper, generateDataKey } from '@strata/envelope';
import type { MetaStore, ObjectEncryption, ObjectRecord } from '@strata/metastore-core';
import {
  TEST_DIALECTS,
  openTestStore,
  usePostgresTestDatabase,
  type TestDialect,
} from '@strata/metastore-core/testing';
import { describe, expect, it } from 'vitest';
import { NoKeyringError } from './errors.js';
import { createObjectLayer, type ObjectLayer } from './object-layer.js';
import { ROTATE_KEYS_PAGE_SIZE, type RotateKeysProgress } from './rotate-keys.js';
import { createWriteId } from './write-id.js';

const postgres = await usePostgresTestDatabase();

const OLD = randomBytes(32);
const NEW = randomBytes(32);
const before = new Keyring({ keys: { old: OLD }, current: 'old' });
const after = new Keyring({ keys: { old: OLD, new: NEW }, current: 'new' });

/**
 * A layer over a fresh store (records are made directly in it: a rotation reads and writes only
 * the metastore, never a backend's bytes).
 */
async function fixture(
  dialect: TestDialect,
  options: { keyring?: Keyring | undefined; latencyMs?: number } = { keyring: after },
) {
  const dir = await mkdtemp(join(tmpdir(), 'strata-rotate-'));
  const meta = await openTestStore(dialect, { dir, postgres, latencyMs: options.latencyMs });
  const disk = createFsBackend({ name: 'disk', root: join(dir, 'disk'), fsync: false });
  const layer = createObjectLayer({
    store: meta.store,
    backends: [disk],
    region: 'us-east-1',
    keyring: options.keyring,
  });
  return {
    store: meta.store,
    layer,
    async [Symbol.asyncDispose]() {
      await meta.close();
      await disk.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** An encryption record whose data key `dataKey` is wrapped by `keyring`'s current key. */
function sealedWith(keyring: Keyring, dataKey: Buffer): ObjectEncryption {
  const wrapped = keyring.wrap(dataKey);
  return {
    method: 'AES256',
    keyId: wrapped.keyId,
    wrappedKey: wrapped.wrapped.toString('base64'),
    chunkSize: 65_536,
    salts: [randomBytes(16).toString('base64')],
  };
}

/** A record of `key` in `bucket` with a fresh write id (plaintext without `encryption`). */
function recordOf(bucket: string, key: string, encryption?: ObjectEncryption): ObjectRecord {
  return {
    bucket,
    key,
    versionId: createWriteId(),
    size: 10,
    etag: 'd41d8cd98f00b204e9800998ecf8427e',
    lastModified: new Date(),
    headers: {},
    userMetadata: {},
    checksums: {},
    storageClass: 'STANDARD',
    parts: [],
    copies: [],
    ...(encryption === undefined ? {} : { encryption }),
  };
}

/** Records a current version of `key` in `bucket` directly in the metastore. */
async function putRecord(
  store: Pick<MetaStore, 'objects'>,
  bucket: string,
  key: string,
  encryption?: ObjectEncryption,
): Promise<ObjectRecord> {
  const record = recordOf(bucket, key, encryption);
  await store.objects.put(record);
  return record;
}

async function bucket(layer: ObjectLayer, name: string): Promise<void> {
  await layer.createBucket({ name, owner: 'alice' });
}

/** The data key the stored record of `key` unwraps to, under `keyring`, and its key id. */
async function storedKey(store: MetaStore, bucket: string, key: string, keyring: Keyring) {
  const encryption = (await store.objects.get(bucket, key))!.encryption!;
  const wrapped = {
    keyId: encryption.keyId,
    wrapped: Buffer.from(encryption.wrappedKey, 'base64'),
  };
  return { keyId: encryption.keyId, dataKey: keyring.unwrap(wrapped), encryption };
}

for (const dialect of TEST_DIALECTS) {
  describe(`rotateKeys, on ${dialect}`, () => {
    it('rewraps stale data keys under the current key; SSE-C, plaintext and current ones stay as they are', async () => {
      await using f = await fixture(dialect);
      await bucket(f.layer, 'alpha');
      await bucket(f.layer, 'beta');
      const oldKey = generateDataKey();
      const stale = await putRecord(f.store, 'alpha', 'stale', sealedWith(before, oldKey));
      const currentKey = generateDataKey();
      const current = sealedWith(after, currentKey);
      await putRecord(f.store, 'alpha', 'current', current);
      const customer = createKeyWrapper('sse-c', randomBytes(32)).wrap(generateDataKey());
      const sseC: ObjectEncryption = {
        method: 'SSE-C',
        keyId: 'sse-c',
        wrappedKey: customer.wrapped.toString('base64'),
        chunkSize: 65_536,
        salts: [],
        customerKeyMd5: 'bWQ1',
      };
      await putRecord(f.store, 'alpha', 'customer', sseC);
      await putRecord(f.store, 'beta', 'plain');
      const betaKey = generateDataKey();
      await putRecord(f.store, 'beta', 'stale-too', {
        ...sealedWith(before, betaKey),
        method: 'aws:kms',
        kmsContext: 'e30=',
      });
      // A KMS write that named its key keeps it: rotation is not the retirement of a named key.
      const named = {
        ...sealedWith(before, generateDataKey()),
        method: 'aws:kms' as const,
        kmsKeyId: 'old',
      };
      await putRecord(f.store, 'beta', 'named', named);

      const result = await f.layer.rotateKeys();

      expect(result).toEqual({
        scanned: 6,
        rewrapped: 2,
        skipped: 0,
        failed: 0,
        kept: 1,
        keptKeys: { old: 1 },
        currentKeyId: 'new',
        failures: [],
        complete: true,
        cursor: { bucket: 'beta', key: 'stale-too', versionId: 'null' },
      });
      // The same data key, now wrapped by `new` (unwrapped with `new` alone), every other field kept.
      const onlyNew = new Keyring({ keys: { new: NEW }, current: 'new' });
      const rotated = await storedKey(f.store, 'alpha', 'stale', onlyNew);
      expect(rotated.keyId).toBe('new');
      expect(rotated.dataKey.equals(oldKey)).toBe(true);
      expect(rotated.encryption).toEqual({
        ...stale.encryption,
        keyId: 'new',
        wrappedKey: rotated.encryption.wrappedKey,
      });
      const kms = await storedKey(f.store, 'beta', 'stale-too', onlyNew);
      expect(kms.dataKey.equals(betaKey)).toBe(true);
      expect(kms.encryption).toMatchObject({ method: 'aws:kms', kmsContext: 'e30=' });
      // Untouched: already current, SSE-C, plaintext; the version ids are those written.
      expect((await f.store.objects.get('alpha', 'current'))!.encryption).toEqual(current);
      expect((await f.store.objects.get('alpha', 'customer'))!.encryption).toEqual(sseC);
      expect((await f.store.objects.get('beta', 'plain'))!.encryption).toBeUndefined();
      expect((await f.store.objects.get('beta', 'named'))!.encryption).toEqual(named);
      expect((await f.store.objects.get('alpha', 'stale'))!.versionId).toBe(stale.versionId);

      // Idempotent: a second run finds nothing left to do.
      expect(await f.layer.rotateKeys()).toMatchObject({ scanned: 6, rewrapped: 0, failed: 0 });
    });

    it('rewraps noncurrent versions too, and resumes inside a key from a version cursor', async () => {
      await using f = await fixture(dialect);
      await bucket(f.layer, 'vers');
      await f.layer.putBucketVersioning('vers', { status: 'Enabled' });
      const dataKeys = [generateDataKey(), generateDataKey(), generateDataKey()];
      const written: ObjectRecord[] = [];
      for (const dataKey of dataKeys) {
        const record = { ...recordOf('vers', 'k', sealedWith(before, dataKey)), versioned: true };
        await f.store.objects.put(record, undefined, { versioning: 'Enabled' });
        written.push(record);
      }
      // Listed newest first: resuming after the newest leaves it, and only it, under `old`.
      const newest = written[2]!;
      const resumed = await f.layer.rotateKeys({
        after: { bucket: 'vers', key: 'k', versionId: newest.versionId },
      });
      expect(resumed).toMatchObject({ scanned: 2, rewrapped: 2, skipped: 0 });
      const keyIdOf = async (record: ObjectRecord) => {
        const version = await f.store.versions.byWriteId('vers', 'k', record.versionId);
        return version?.kind === 'object' ? version.record.encryption?.keyId : undefined;
      };
      expect(await Promise.all(written.map(keyIdOf))).toEqual(['new', 'new', 'old']);
      expect(await f.layer.rotateKeys()).toMatchObject({ scanned: 3, rewrapped: 1 });
      // Each noncurrent version's data key is the one it was written with, now under `new`.
      const onlyNew = new Keyring({ keys: { new: NEW }, current: 'new' });
      for (const [i, record] of written.entries()) {
        const version = await f.store.versions.byWriteId('vers', 'k', record.versionId);
        const encryption = version?.kind === 'object' ? version.record.encryption : undefined;
        const unwrapped = onlyNew.unwrap({
          keyId: encryption!.keyId,
          wrapped: Buffer.from(encryption!.wrappedKey, 'base64'),
        });
        expect(unwrapped.equals(dataKeys[i]!)).toBe(true);
      }
    });

    it('takes a key again from its start when the version a page ended on is deleted', async () => {
      await using f = await fixture(dialect, { keyring: after, latencyMs: 0 });
      await bucket(f.layer, 'many');
      await f.layer.putBucketVersioning('many', { status: 'Enabled' });
      const written: ObjectRecord[] = [];
      await f.store.transaction(async (tx) => {
        for (let i = 0; i < ROTATE_KEYS_PAGE_SIZE + 2; i++) {
          const record = {
            ...recordOf('many', 'k', sealedWith(before, generateDataKey())),
            versioned: true,
          };
          await tx.objects.put(record, undefined, { versioning: 'Enabled' });
          written.push(record);
        }
      });
      // Between the pages, the version the first page ended on is deleted.
      const list = f.store.versions.list.bind(f.store.versions);
      let pages = 0;
      f.store.versions.list = async (name, query) => {
        const page = await list(name, query);
        if (++pages === 1) {
          await f.store.versions.deleteVersion('many', 'k', page.nextVersionIdMarker!);
        }
        return page;
      };
      const result = await f.layer.rotateKeys({ bucket: 'many' });
      expect(result).toMatchObject({ failed: 0, complete: true });
      const left = await list('many', { maxKeys: 1000 });
      const again = await list('many', {
        maxKeys: 1000,
        keyMarker: left.nextKeyMarker,
        versionIdMarker: left.nextVersionIdMarker,
      });
      const keyIds = [...left.versions, ...again.versions].map((v) =>
        v.kind === 'object' ? v.record.encryption?.keyId : 'marker',
      );
      expect(keyIds).toHaveLength(ROTATE_KEYS_PAGE_SIZE + 1);
      expect(new Set(keyIds)).toEqual(new Set(['new']));
    });

    it('counts a data key whose master key the keyring lacks as failed, naming it, and goes on', async () => {
      await using f = await fixture(dialect);
      await bucket(f.layer, 'bkt');
      const lost = new Keyring({ keys: { gone: randomBytes(32) }, current: 'gone' });
      const lostRecord = await putRecord(
        f.store,
        'bkt',
        'a-lost',
        sealedWith(lost, generateDataKey()),
      );
      const lostEncryption = lostRecord.encryption;
      await putRecord(f.store, 'bkt', 'b-fine', sealedWith(before, generateDataKey()));

      const result = await f.layer.rotateKeys();

      expect(result).toMatchObject({ scanned: 2, rewrapped: 1, skipped: 0, failed: 1 });
      expect(result.failures).toEqual([
        {
          bucket: 'bkt',
          key: 'a-lost',
          versionId: lostRecord.versionId,
          keyId: 'gone',
          code: 'EENVELOPE_MISSING_KEY',
          message: expect.stringContaining('"gone"') as string,
        },
      ]);
      expect((await f.store.objects.get('bkt', 'a-lost'))!.encryption).toEqual(lostEncryption);
      expect((await f.store.objects.get('bkt', 'b-fine'))!.encryption!.keyId).toBe('new');
    });

    it('counts a version overwritten during the walk as skipped, leaving the new version alone', async () => {
      await using f = await fixture(dialect);
      await bucket(f.layer, 'bkt');
      await putRecord(f.store, 'bkt', 'k', sealedWith(before, generateDataKey()));
      // The overwrite lands between the listing and the update, as a concurrent PUT would.
      const list = f.store.versions.list.bind(f.store.versions);
      let replacement: ObjectRecord | undefined;
      f.store.versions.list = async (name, query) => {
        const page = await list(name, query);
        replacement ??= await putRecord(f.store, 'bkt', 'k', sealedWith(before, generateDataKey()));
        return page;
      };

      expect(await f.layer.rotateKeys()).toMatchObject({ scanned: 1, rewrapped: 0, skipped: 1 });
      expect(await f.store.objects.get('bkt', 'k')).toMatchObject({
        versionId: replacement!.versionId,
        encryption: replacement!.encryption,
      });
    });

    it('walks pages of 1000 across buckets, resumes after a cursor, and stops on its signal', async () => {
      // A thousand records and more: no added PostgreSQL latency, or this takes a minute.
      await using f = await fixture(dialect, { keyring: after, latencyMs: 0 });
      await bucket(f.layer, 'one');
      await bucket(f.layer, 'two');
      const keys = Array.from({ length: 1005 }, (_, i) => `k${String(i).padStart(4, '0')}`);
      await f.store.transaction(async (tx) => {
        for (const key of keys) {
          await putRecord(tx, 'one', key, sealedWith(before, generateDataKey()));
        }
      });
      await putRecord(f.store, 'two', 'x', sealedWith(before, generateDataKey()));

      // Resume in the middle of `one`: what is before the cursor is not looked at.
      const progress: RotateKeysProgress[] = [];
      const resumed = await f.layer.rotateKeys({
        after: { bucket: 'one', key: 'k0002' },
        onProgress: (p) => progress.push(p),
      });
      expect(resumed).toMatchObject({ scanned: 1003, rewrapped: 1003, complete: true });
      expect(progress.map((p) => [p.cursor, p.scanned])).toEqual([
        [{ bucket: 'one', key: 'k1002', versionId: 'null' }, 1000],
        [{ bucket: 'one', key: 'k1004', versionId: 'null' }, 1002],
        [{ bucket: 'two', key: 'x', versionId: 'null' }, 1003],
      ]);
      expect((await f.store.objects.get('one', 'k0002'))!.encryption!.keyId).toBe('old');
      expect((await f.store.objects.get('one', 'k0003'))!.encryption!.keyId).toBe('new');

      // One bucket only.
      expect(await f.layer.rotateKeys({ bucket: 'one' })).toMatchObject({
        scanned: 1005,
        rewrapped: 3,
        cursor: { bucket: 'one', key: 'k1004', versionId: 'null' },
      });

      // An aborted signal stops at the next object: incomplete, with where it stopped.
      const controller = new AbortController();
      const stopped = await f.layer.rotateKeys({
        signal: controller.signal,
        onProgress: () => controller.abort(),
      });
      expect(stopped).toMatchObject({
        scanned: 1000,
        complete: false,
        cursor: { bucket: 'one', key: 'k0999', versionId: 'null' },
      });
    });

    it('refuses without a keyring, and for a bucket that does not exist', async () => {
      await using f = await fixture(dialect, { keyring: undefined });
      await expect(f.layer.rotateKeys()).rejects.toBeInstanceOf(NoKeyringError);
      await using g = await fixture(dialect);
      await expect(g.layer.rotateKeys({ bucket: 'nope' })).rejects.toMatchObject({
        code: 'NoSuchBucket',
      });
    });
  });
}
