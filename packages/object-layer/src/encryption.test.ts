import { createHash, randomBytes } from 'node:crypto';
import { Keyring } from '@strata/envelope';
import { TEST_DIALECTS, usePostgresTestDatabase } from '@strata/metastore-core/testing';
import { describe, expect, it } from 'vitest';
import { bodyOf, md5Hex, readAll } from './testing/harness.js';
import { createMultiHarness, type MultiHarness } from './testing/multi-harness.js';
import { switchable } from './testing/switchable-store.js';
import type { CustomerKey, WriteEncryption } from './types.js';

// Encryption at rest through the object layer, on real fs backends and both metastores: the bytes
// a client reads back are exactly what it wrote, whole and in every range, while the blobs on the
// backends hold no plaintext; a tampered or foreign blob is an error, never wrong bytes.

const postgres = await usePostgresTestDatabase();

/** Plaintext with a marker repeated through it, so a plaintext leak anywhere in a blob shows. */
const MARKER = Buffer.from('PLAINTEXT-MARKER-7d1f');
function markedBytes(size: number, seed: number): Buffer {
  const out = Buffer.alloc(size);
  for (let i = 0; i < size; i++) out[i] = (i * 31 + seed * 7 + (i >> 9)) & 0xff;
  for (let at = 0; at + MARKER.length <= size; at += 4096) MARKER.copy(out, at);
  return out;
}

function customerKey(): CustomerKey {
  const key = randomBytes(32);
  return { key, keyMd5: createHash('md5').update(key).digest('base64') };
}

const CHUNK = 1024;
const keys = { k1: randomBytes(32), k2: randomBytes(32) };

async function storedBytes(h: MultiHarness, disk: string): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for (const blob of await h.blobs(disk))
    out.push(await readAll(await h.disks.get(disk)!.get(blob)));
  return out;
}

async function expectNoPlaintext(h: MultiHarness, disk: string): Promise<void> {
  const blobs = await storedBytes(h, disk);
  expect(blobs.length).toBeGreaterThan(0);
  for (const bytes of blobs) expect(bytes.includes(MARKER)).toBe(false);
}

const MODES: [string, () => WriteEncryption, boolean][] = [
  ['SSE-S3', () => ({ method: 'AES256' }), false],
  ['SSE-KMS', () => ({ method: 'aws:kms', kmsKeyId: 'arn:aws:kms:us-east-1:1:key/k2' }), false],
  ['SSE-C', () => ({ method: 'SSE-C', customerKey: customerKey() }), true],
];

for (const dialect of TEST_DIALECTS) {
  describe(`encryption at rest on ${dialect}`, () => {
    const open = (extra: Parameters<typeof createMultiHarness>[0] = {}) =>
      createMultiHarness({
        names: ['a', 'b'],
        dialect,
        postgres,
        encryption: {
          keyring: new Keyring({ keys, current: 'k1' }),
          encryptionChunkSize: CHUNK,
        },
        ...extra,
      });

    for (const [name, request, isCustomer] of MODES) {
      it(`${name}: single PUT reads back whole and in every range; the blob holds no plaintext`, async () => {
        await using h = await open();
        const encryption = request();
        const reader =
          isCustomer && encryption.method === 'SSE-C' ? encryption.customerKey : undefined;
        const data = markedBytes(10 * CHUNK + 123, 1);
        const { record } = await h.layer.putObject({
          bucket: 'bkt',
          key: 'secret.bin',
          body: bodyOf(data, 777),
          contentLength: data.length,
          contentMd5: createHash('md5').update(data).digest('base64'),
          encryption,
        });
        expect(record.size).toBe(data.length);
        expect(record.encryption?.method).toBe(encryption.method);
        // SSE-S3's ETag is the MD5, as on AWS; SSE-C's and SSE-KMS's are not.
        if (name === 'SSE-S3') expect(record.etag).toBe(md5Hex(data));
        else expect(record.etag).not.toBe(md5Hex(data));
        await expectNoPlaintext(h, 'a');

        const whole = await h.layer.getObject({
          bucket: 'bkt',
          key: 'secret.bin',
          customerKey: reader,
        });
        expect((await readAll(whole.body)).equals(data)).toBe(true);
        const ranges: [number, number][] = [
          [0, 0],
          [CHUNK - 1, CHUNK],
          [5, 3 * CHUNK + 17],
          [data.length - 1, data.length - 1],
          [10 * CHUNK, data.length - 1],
        ];
        for (const [start, end] of ranges) {
          const got = await h.layer.getObject({
            bucket: 'bkt',
            key: 'secret.bin',
            range: { kind: 'bounded', start, end },
            customerKey: reader,
          });
          expect(got.range).toEqual({ start, end });
          expect((await readAll(got.body)).equals(data.subarray(start, end + 1))).toBe(true);
        }
        const suffix = await h.layer.getObject({
          bucket: 'bkt',
          key: 'secret.bin',
          range: { kind: 'suffix', length: 100 },
          customerKey: reader,
        });
        expect((await readAll(suffix.body)).equals(data.subarray(data.length - 100))).toBe(true);
      });
    }

    it('an empty object round-trips encrypted', async () => {
      await using h = await open();
      await h.layer.putObject({
        bucket: 'bkt',
        key: 'empty',
        body: bodyOf(Buffer.alloc(0)),
        contentLength: 0,
        encryption: { method: 'AES256' },
      });
      const got = await h.layer.getObject({ bucket: 'bkt', key: 'empty' });
      expect(got.record.size).toBe(0);
      expect((await readAll(got.body)).length).toBe(0);
    });

    it('SSE-C: the key is required, checked, and refused for other objects', async () => {
      await using h = await open();
      const key = customerKey();
      const data = markedBytes(3000, 2);
      await h.layer.putObject({
        bucket: 'bkt',
        key: 'c',
        body: bodyOf(data),
        contentLength: data.length,
        encryption: { method: 'SSE-C', customerKey: key },
      });
      await expect(h.layer.headObject({ bucket: 'bkt', key: 'c' })).rejects.toMatchObject({
        code: 'InvalidRequest',
        status: 400,
      });
      await expect(
        h.layer.getObject({ bucket: 'bkt', key: 'c', customerKey: customerKey() }),
      ).rejects.toMatchObject({ code: 'AccessDenied', status: 403 });
      // Right MD5 of the wrong key: the unwrap is the proof, not the MD5.
      const forged = { key: randomBytes(32), keyMd5: key.keyMd5 };
      await expect(
        h.layer.getObject({ bucket: 'bkt', key: 'c', customerKey: forged }),
      ).rejects.toMatchObject({ code: 'AccessDenied' });
      await h.layer.putObject({ bucket: 'bkt', key: 'plain', body: bodyOf('x'), contentLength: 1 });
      await expect(
        h.layer.headObject({ bucket: 'bkt', key: 'plain', customerKey: key }),
      ).rejects.toMatchObject({ code: 'InvalidRequest' });
      await expect(
        h.layer.getObjectAttributes({ bucket: 'bkt', key: 'c', attributes: ['ObjectSize'] }),
      ).rejects.toMatchObject({ code: 'InvalidRequest' });
      const attributes = await h.layer.getObjectAttributes({
        bucket: 'bkt',
        key: 'c',
        attributes: ['ObjectSize'],
        customerKey: key,
      });
      expect(attributes.attributes.objectSize).toBe(data.length);
      const head = await h.layer.headObject({ bucket: 'bkt', key: 'c', customerKey: key });
      expect(head.record.encryption).toMatchObject({ method: 'SSE-C', customerKeyMd5: key.keyMd5 });
      // The key itself is stored nowhere: not in the record, not in the blob.
      expect(JSON.stringify(head.record)).not.toContain(key.key.toString('base64'));
      for (const bytes of await storedBytes(h, 'a')) expect(bytes.includes(key.key)).toBe(false);
    });

    it('multipart: parts are segments, read as one object, by range across parts and by part number', async () => {
      await using h = await open();
      const key = customerKey();
      const MiB = 1024 * 1024;
      const parts = [markedBytes(5 * MiB + 1, 3), markedBytes(5 * MiB, 4), markedBytes(700, 5)];
      const { uploadId } = await h.layer.createMultipartUpload({
        bucket: 'bkt',
        key: 'mp',
        owner: 'alice',
        encryption: { method: 'SSE-C', customerKey: key },
      });
      await expect(
        h.layer.uploadPart({
          bucket: 'bkt',
          key: 'mp',
          uploadId,
          partNumber: 1,
          body: bodyOf(parts[0]!),
          contentLength: parts[0]!.length,
        }),
      ).rejects.toMatchObject({ code: 'InvalidRequest' });
      const etags: string[] = [];
      for (const [i, part] of parts.entries()) {
        const { etag } = await h.layer.uploadPart({
          bucket: 'bkt',
          key: 'mp',
          uploadId,
          partNumber: i + 1,
          body: bodyOf(part),
          contentLength: part.length,
          customerKey: key,
        });
        etags.push(etag);
      }
      const { record } = await h.layer.completeMultipartUpload({
        bucket: 'bkt',
        key: 'mp',
        uploadId,
        parts: etags.map((etag, i) => ({ partNumber: i + 1, etag })),
      });
      const data = Buffer.concat(parts);
      expect(record.size).toBe(data.length);
      expect(record.encryption?.salts).toHaveLength(3);
      await expectNoPlaintext(h, 'a');
      const whole = await h.layer.getObject({ bucket: 'bkt', key: 'mp', customerKey: key });
      expect((await readAll(whole.body)).equals(data)).toBe(true);
      const start = parts[0]!.length - 10;
      const end = parts[0]!.length + parts[1]!.length + 5;
      const across = await h.layer.getObject({
        bucket: 'bkt',
        key: 'mp',
        range: { kind: 'bounded', start, end },
        customerKey: key,
      });
      expect((await readAll(across.body)).equals(data.subarray(start, end + 1))).toBe(true);
      const second = await h.layer.getObject({
        bucket: 'bkt',
        key: 'mp',
        partNumber: 2,
        customerKey: key,
      });
      expect((await readAll(second.body)).equals(parts[1]!)).toBe(true);
    });

    it('copies decrypt and re-encrypt for the destination, between every pair of modes', async () => {
      await using h = await open();
      const key = customerKey();
      const data = markedBytes(4 * CHUNK + 9, 6);
      await h.layer.putObject({
        bucket: 'bkt',
        key: 'src-c',
        body: bodyOf(data),
        contentLength: data.length,
        encryption: { method: 'SSE-C', customerKey: key },
      });
      await expect(
        h.layer.copyObject({ sourceBucket: 'bkt', sourceKey: 'src-c', bucket: 'bkt', key: 'x' }),
      ).rejects.toMatchObject({ code: 'InvalidRequest' });
      const toS3 = await h.layer.copyObject({
        sourceBucket: 'bkt',
        sourceKey: 'src-c',
        bucket: 'bkt',
        key: 'dst-s3',
        sourceCustomerKey: key,
        encryption: { method: 'AES256' },
      });
      expect(toS3.record).toMatchObject({ etag: md5Hex(data), encryption: { method: 'AES256' } });
      // Asking for nothing, to a bucket without a default: an encrypted source is not decrypted
      // into plain text silently; with keys configured the copy is SSE-S3.
      const kept = await h.layer.copyObject({
        sourceBucket: 'bkt',
        sourceKey: 'dst-s3',
        bucket: 'bkt',
        key: 'dst-plain',
      });
      expect(kept.record.encryption?.method).toBe('AES256');
      expect(kept.record.etag).toBe(md5Hex(data));
      const other = customerKey();
      await h.layer.copyObject({
        sourceBucket: 'bkt',
        sourceKey: 'dst-plain',
        bucket: 'bkt',
        key: 'dst-c',
        encryption: { method: 'SSE-C', customerKey: other },
      });
      for (const [k, reader] of [
        ['dst-s3', undefined],
        ['dst-plain', undefined],
        ['dst-c', other],
      ] as const) {
        const got = await h.layer.getObject({ bucket: 'bkt', key: k, customerKey: reader });
        expect((await readAll(got.body)).equals(data), k).toBe(true);
      }
      // Re-encrypting in place is a change S3 allows (the copy onto itself is not "unchanged").
      const rekeyed = await h.layer.copyObject({
        sourceBucket: 'bkt',
        sourceKey: 'dst-s3',
        bucket: 'bkt',
        key: 'dst-s3',
        encryption: { method: 'aws:kms' },
      });
      expect(rekeyed.record.encryption?.method).toBe('aws:kms');
    });

    it('replicas carry the ciphertext as is and serve reads when the first copy is gone', async () => {
      await using h = await open({ policy: { replication: { factor: 2, mode: 'sync' } } });
      const data = markedBytes(6 * CHUNK, 7);
      const { record } = await h.layer.putObject({
        bucket: 'bkt',
        key: 'r',
        body: bodyOf(data),
        contentLength: data.length,
        encryption: { method: 'AES256' },
      });
      expect(record.copies).toHaveLength(2);
      const [onA] = await storedBytes(h, 'a');
      const [onB] = await storedBytes(h, 'b');
      expect(onA!.equals(onB!)).toBe(true);
      expect(onA!.includes(MARKER)).toBe(false);
      await h.disks.get(record.copies[0]!.backend)!.delete(record.copies[0]!.blob);
      const got = await h.layer.getObject({
        bucket: 'bkt',
        key: 'r',
        range: { kind: 'bounded', start: 100, end: 5000 },
      });
      expect((await readAll(got.body)).equals(data.subarray(100, 5001))).toBe(true);
    });

    it('a tampered, truncated or swapped blob fails the read, never giving wrong bytes', async () => {
      await using h = await open();
      const data = markedBytes(3 * CHUNK, 8);
      const other = markedBytes(3 * CHUNK, 9);
      const put = async (key: string, body: Buffer) =>
        (
          await h.layer.putObject({
            bucket: 'bkt',
            key,
            body: bodyOf(body),
            contentLength: body.length,
            encryption: { method: 'AES256' },
          })
        ).record;
      const first = await put('one', data);
      const second = await put('two', other);
      const disk = h.disks.get('a')!;
      const bytesOf = async (blob: string) => readAll(await disk.get(blob));
      const rewrite = async (blob: string, bytes: Buffer) => {
        await disk.delete(blob);
        await disk.put(blob, bodyOf(bytes), { size: bytes.length });
      };
      const original = await bytesOf(first.copies[0]!.blob);
      const readOne = async () =>
        readAll((await h.layer.getObject({ bucket: 'bkt', key: 'one' })).body);

      const flipped = Buffer.from(original);
      flipped.writeUInt8(flipped.readUInt8(original.length - 30) ^ 1, original.length - 30);
      await rewrite(first.copies[0]!.blob, flipped);
      await expect(readOne()).rejects.toThrow();

      await rewrite(first.copies[0]!.blob, original.subarray(0, original.length - CHUNK - 20));
      // A shorter blob: the backend's length no longer matches; either way no bytes are trusted.
      await expect(readOne()).rejects.toThrow();

      // The other object's blob under this one's name: bound to another version, it fails.
      await rewrite(first.copies[0]!.blob, await bytesOf(second.copies[0]!.blob));
      await expect(readOne()).rejects.toThrow();

      await rewrite(first.copies[0]!.blob, original);
      expect((await readOne()).equals(data)).toBe(true);
    });

    it('degraded mode reads an encrypted object from its blob alone', async () => {
      let sw: ReturnType<typeof switchable> | undefined;
      await using h = await open({
        metastoreRetryMs: 60_000,
        wrapStore: (store) => (sw = switchable(store)).store,
      });
      const data = markedBytes(5 * CHUNK + 5, 10);
      const key = customerKey();
      await h.layer.putObject({
        bucket: 'bkt',
        key: 'd',
        body: bodyOf(data),
        contentLength: data.length,
        encryption: { method: 'AES256' },
      });
      await h.layer.putObject({
        bucket: 'bkt',
        key: 'dc',
        body: bodyOf(data),
        contentLength: data.length,
        encryption: { method: 'SSE-C', customerKey: key },
      });
      sw!.down = true;
      const head = await h.layer.headObject({ bucket: 'bkt', key: 'd' });
      expect(head).toMatchObject({ degraded: true, record: { size: data.length } });
      const got = await h.layer.getObject({
        bucket: 'bkt',
        key: 'd',
        range: { kind: 'bounded', start: 2000, end: 4100 },
      });
      expect((await readAll(got.body)).equals(data.subarray(2000, 4101))).toBe(true);
      await expect(h.layer.getObject({ bucket: 'bkt', key: 'dc' })).rejects.toMatchObject({
        code: 'InvalidRequest',
      });
      const withKey = await h.layer.getObject({ bucket: 'bkt', key: 'dc', customerKey: key });
      expect((await readAll(withKey.body)).equals(data)).toBe(true);
    });

    it('a bucket default applies to writes without headers; without a keyring it is refused', async () => {
      await using h = await open();
      await h.store.buckets.setEncryption('bkt', { algorithm: 'AES256' });
      const { record } = await h.layer.putObject({
        bucket: 'bkt',
        key: 'by-default',
        body: bodyOf(markedBytes(5000, 11)),
        contentLength: 5000,
      });
      expect(record.encryption?.method).toBe('AES256');
      await expectNoPlaintext(h, 'a');

      await using bare = await createMultiHarness({ names: ['a'], dialect, postgres });
      await expect(
        bare.layer.putObject({
          bucket: 'bkt',
          key: 'k',
          body: bodyOf('secret'),
          contentLength: 6,
          encryption: { method: 'AES256' },
        }),
      ).rejects.toMatchObject({ code: 'NotImplemented', status: 501 });
      expect(await bare.blobs('a')).toEqual([]);
      await bare.store.buckets.setEncryption('bkt', { algorithm: 'AES256' });
      await expect(
        bare.layer.putObject({ bucket: 'bkt', key: 'k', body: bodyOf('secret'), contentLength: 6 }),
      ).rejects.toMatchObject({ code: 'NotImplemented' });
      expect(await bare.blobs('a')).toEqual([]);
      await bare.store.buckets.setEncryption('bkt', undefined);
      // Without keys, an SSE-C source copied with no encryption asked for is stored as asked.
      const key = customerKey();
      const data = markedBytes(3000, 12);
      await bare.layer.putObject({
        bucket: 'bkt',
        key: 'c',
        body: bodyOf(data),
        contentLength: data.length,
        encryption: { method: 'SSE-C', customerKey: key },
      });
      const plain = await bare.layer.copyObject({
        sourceBucket: 'bkt',
        sourceKey: 'c',
        bucket: 'bkt',
        key: 'p',
        sourceCustomerKey: key,
      });
      expect(plain.record.encryption).toBeUndefined();
      expect(plain.record.etag).toBe(md5Hex(data));
      expect(
        (await readAll((await bare.layer.getObject({ bucket: 'bkt', key: 'p' })).body)).equals(
          data,
        ),
      ).toBe(true);
    });

    it('refuses aws:kms:dsse (one layer is not the dual layer it promises) and storing nothing', async () => {
      await using h = await open();
      await expect(
        h.layer.putObject({
          bucket: 'bkt',
          key: 'k',
          body: bodyOf('secret'),
          contentLength: 6,
          encryption: { method: 'aws:kms:dsse' },
        }),
      ).rejects.toMatchObject({ code: 'NotImplemented', status: 501 });
      await expect(
        h.layer.putBucketEncryption('bkt', { sseAlgorithm: 'aws:kms:dsse' }),
      ).rejects.toMatchObject({ code: 'NotImplemented' });
      await expect(
        h.layer.putBucketEncryption('bkt', { sseAlgorithm: 'aws:kms', kmsMasterKeyId: 'nope' }),
      ).rejects.toMatchObject({ code: 'KMS.NotFoundException' });
      expect(await h.blobs('a')).toEqual([]);
    });

    it('a KMS key the keyring lacks is refused; a master key gone from config fails naming it', async () => {
      await using h = await open();
      await expect(
        h.layer.putObject({
          bucket: 'bkt',
          key: 'k',
          body: bodyOf('x'),
          contentLength: 1,
          encryption: { method: 'aws:kms', kmsKeyId: 'alias/nope' },
        }),
      ).rejects.toMatchObject({ code: 'KMS.NotFoundException', status: 400 });
      // An object wrapped under a key id this layer's keyring does not hold.
      const foreign = new Keyring({ keys: { gone: randomBytes(32) }, current: 'gone' });
      const { record } = await h.layer.putObject({
        bucket: 'bkt',
        key: 'k',
        body: bodyOf('x'),
        contentLength: 1,
        encryption: { method: 'AES256' },
      });
      const wrapped = foreign.wrap(randomBytes(32));
      await h.store.objects.setEncryption('bkt', 'k', record.versionId, {
        ...record.encryption!,
        keyId: wrapped.keyId,
        wrappedKey: wrapped.wrapped.toString('base64'),
      });
      // A server fault naming the key (logged by the gateway), never bytes; HEAD still answers.
      await expect(h.layer.getObject({ bucket: 'bkt', key: 'k' })).rejects.toMatchObject({
        code: 'EENVELOPE_MISSING_KEY',
        keyId: 'gone',
      });
      expect((await h.layer.headObject({ bucket: 'bkt', key: 'k' })).record.size).toBe(1);
    });
  });
}
