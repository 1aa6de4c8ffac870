import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { isS3Error, type ChecksumAlgorithm, type ChecksumType } from '@strata/s3-xml';
import { describe, expect, it } from 'vitest';
import { crc32Base64 } from '../testing/checksum-functions.js';
import { bodyOf, createHarness, patternBytes, type Harness } from '../testing/harness.js';

const MiB = 1024 * 1024;
const PARTS = [patternBytes(5 * MiB, 11), patternBytes(5 * MiB, 12), patternBytes(1000, 13)];

function sumOf(algorithm: ChecksumAlgorithm, data: Buffer): string {
  return algorithm === 'CRC32'
    ? crc32Base64(data)
    : createHash(algorithm.toLowerCase()).update(data).digest('base64');
}

async function code(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (isS3Error(error)) return `${error.code}: ${error.message}`;
    throw error;
  }
  throw new Error('expected an S3Error');
}

/** Creates an upload and sends PARTS, each with its checksum the way the body decoder reports it. */
async function upload(h: Harness, algorithm: ChecksumAlgorithm, type?: ChecksumType) {
  const created = await h.layer.createMultipartUpload({
    bucket: 'b01',
    key: 'k',
    owner: 'alice',
    checksumAlgorithm: algorithm,
    checksumType: type,
  });
  const listed = [];
  for (const [i, data] of PARTS.entries()) {
    const sum = sumOf(algorithm, data);
    const { etag } = await h.layer.uploadPart({
      bucket: 'b01',
      key: 'k',
      uploadId: created.uploadId,
      partNumber: i + 1,
      body: bodyOf(data),
      contentLength: data.length,
      checksums: () => ({ [algorithm]: sum }),
    });
    listed.push({ partNumber: i + 1, etag, checksums: { [algorithm]: sum } });
  }
  return { ...created, listed };
}

describe('multipart checksums', () => {
  it('COMPOSITE (the default for CRC32): checksum of the part checksums, -N', async () => {
    await using h = await createHarness();
    await h.bucket('b01');
    const { uploadId, checksumType, listed } = await upload(h, 'CRC32');
    expect(checksumType).toBe('COMPOSITE');
    const page = await h.layer.listParts({ bucket: 'b01', key: 'k', uploadId });
    expect(page.upload.checksumType).toBe('COMPOSITE');
    expect(page.parts.map((p) => p.checksums['CRC32'])).toEqual(
      listed.map((p) => p.checksums.CRC32),
    );

    const { record } = await h.layer.completeMultipartUpload({
      bucket: 'b01',
      key: 'k',
      uploadId,
      parts: listed,
    });
    const raw = Buffer.concat(PARTS.map((p) => Buffer.from(crc32Base64(p), 'base64')));
    expect(record.checksums).toEqual({ CRC32: `${crc32Base64(raw)}-3` });
    expect(record.checksumType).toBe('COMPOSITE');
    expect(record.parts.map((p) => p.checksums)).toEqual(listed.map((p) => p.checksums));
    const head = await h.layer.headObject({ bucket: 'b01', key: 'k' });
    expect(head.record.checksums).toEqual(record.checksums);
  });

  it('FULL_OBJECT CRC32: the parts combined into the CRC of the whole object', async () => {
    await using h = await createHarness();
    await h.bucket('b01');
    const { uploadId, listed } = await upload(h, 'CRC32', 'FULL_OBJECT');
    const whole = crc32Base64(Buffer.concat(PARTS));
    // FULL_OBJECT lets the Complete leave per-part checksums out; the expected value is checked.
    const parts = listed.map(({ partNumber, etag }) => ({ partNumber, etag }));
    const { record } = await h.layer.completeMultipartUpload({
      bucket: 'b01',
      key: 'k',
      uploadId,
      parts,
      expectedChecksums: { CRC32: whole },
    });
    expect(record.checksums).toEqual({ CRC32: whole });
    expect(record.checksumType).toBe('FULL_OBJECT');
    expect(crc32(Buffer.concat(PARTS))).toBe(Buffer.from(whole, 'base64').readUInt32BE());
  });

  it('SHA256: a wrong expected object checksum is BadDigest and stores nothing', async () => {
    await using h = await createHarness();
    await h.bucket('b01');
    const { uploadId, listed } = await upload(h, 'SHA256');
    const wrong = createHash('sha256').update('nope').digest('base64');
    const failed = h.layer.completeMultipartUpload({
      bucket: 'b01',
      key: 'k',
      uploadId,
      parts: listed,
      expectedChecksums: { SHA256: `${wrong}-3` },
    });
    expect(await code(failed)).toMatch(/^BadDigest/);
    expect(await h.store.objects.get('b01', 'k')).toBeUndefined();
    // The upload is still there: the right request completes it.
    const { record } = await h.layer.completeMultipartUpload({
      bucket: 'b01',
      key: 'k',
      uploadId,
      parts: listed,
    });
    expect(record.checksums.SHA256).toMatch(/-3$/);
  });

  it('a listed part checksum that differs is InvalidPart; a missing one (COMPOSITE) InvalidRequest', async () => {
    await using h = await createHarness();
    await h.bucket('b01');
    const { uploadId, listed } = await upload(h, 'CRC32');
    const tampered = listed.map((p, i) =>
      i === 1 ? { ...p, checksums: { CRC32: crc32Base64(Buffer.from('other')) } } : p,
    );
    const base = { bucket: 'b01', key: 'k', uploadId };
    expect(await code(h.layer.completeMultipartUpload({ ...base, parts: tampered }))).toMatch(
      /^InvalidPart:/,
    );
    const missing = listed.map((p, i) =>
      i === 2 ? { partNumber: p.partNumber, etag: p.etag } : p,
    );
    expect(await code(h.layer.completeMultipartUpload({ ...base, parts: missing }))).toBe(
      'InvalidRequest: The upload was created using a crc32 checksum. The complete request must include the checksum for each part. It was missing for part 3 in the request.',
    );
    expect(await h.store.objects.get('b01', 'k')).toBeUndefined();
  });

  it('a part without the upload algorithm checksum is refused', async () => {
    await using h = await createHarness();
    await h.bucket('b01');
    const { uploadId } = await h.layer.createMultipartUpload({
      bucket: 'b01',
      key: 'k',
      owner: 'alice',
      checksumAlgorithm: 'SHA1',
    });
    const part = {
      bucket: 'b01',
      key: 'k',
      uploadId,
      partNumber: 1,
      body: bodyOf('abc'),
      contentLength: 3,
    };
    expect(await code(h.layer.uploadPart(part))).toBe(
      'InvalidRequest: Checksum Type mismatch occurred, expected checksum Type: sha1, actual checksum Type: null',
    );
    const crc = {
      ...part,
      body: bodyOf('abc'),
      checksums: () => ({ CRC32: crc32Base64(Buffer.from('abc')) }),
    };
    expect(await code(h.layer.uploadPart(crc))).toMatch(/actual checksum Type: crc32$/);
    expect((await h.layer.listParts({ bucket: 'b01', key: 'k', uploadId })).parts).toEqual([]);
  });

  it('Create pairs algorithms and types as S3 does', async () => {
    await using h = await createHarness();
    await h.bucket('b01');
    const create = (checksumAlgorithm?: ChecksumAlgorithm, checksumType?: ChecksumType) =>
      h.layer.createMultipartUpload({
        bucket: 'b01',
        key: 'k',
        owner: 'alice',
        checksumAlgorithm,
        checksumType,
      });
    expect((await create('CRC64NVME')).checksumType).toBe('FULL_OBJECT');
    expect((await create('CRC32C', 'FULL_OBJECT')).checksumType).toBe('FULL_OBJECT');
    expect((await create('SHA256')).checksumType).toBe('COMPOSITE');
    expect((await create()).checksumType).toBeUndefined();
    expect(await code(create('CRC64NVME', 'COMPOSITE'))).toBe(
      'InvalidRequest: The COMPOSITE checksum type cannot be used with the crc64nvme checksum algorithm.',
    );
    expect(await code(create('SHA1', 'FULL_OBJECT'))).toMatch(/^InvalidRequest/);
    expect(await code(create(undefined, 'COMPOSITE'))).toMatch(/^InvalidRequest/);
  });
});
