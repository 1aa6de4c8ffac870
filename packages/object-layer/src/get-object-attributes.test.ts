import { isS3Error } from '@strata/s3-xml';
import { describe, expect, it } from 'vitest';
import { toObjectAttributes } from './get-object-attributes.js';
import { crc32Base64 } from './testing/checksum-functions.js';
import { bodyOf, createHarness, patternBytes } from './testing/harness.js';
import type { ObjectRecord } from './types.js';

const ALL = ['ETag', 'Checksum', 'ObjectParts', 'StorageClass', 'ObjectSize'] as const;

describe('getObjectAttributes', () => {
  it('a single PUT: ETag, Checksum, StorageClass, ObjectSize and no ObjectParts', async () => {
    await using h = await createHarness();
    await h.bucket('b01');
    const sum = crc32Base64(Buffer.from('hello'));
    await h.layer.putObject({
      bucket: 'b01',
      key: 'k',
      body: bodyOf('hello'),
      contentLength: 5,
      checksums: () => ({ CRC32: sum }),
    });
    const { record, attributes } = await h.layer.getObjectAttributes({
      bucket: 'b01',
      key: 'k',
      attributes: ALL,
    });
    expect(attributes).toEqual({
      etag: '5d41402abc4b2a76b9719d911017c592',
      checksum: { checksums: { CRC32: sum }, type: 'FULL_OBJECT' },
      storageClass: 'STANDARD',
      objectSize: 5,
    });
    expect(record.key).toBe('k');
    const some = await h.layer.getObjectAttributes({
      bucket: 'b01',
      key: 'k',
      attributes: ['ObjectSize'],
    });
    expect(some.attributes).toEqual({ objectSize: 5 });
  });

  it('a multipart object: PartsCount and paging over its parts', async () => {
    await using h = await createHarness();
    await h.bucket('b01');
    const { uploadId } = await h.layer.createMultipartUpload({
      bucket: 'b01',
      key: 'm',
      owner: 'alice',
    });
    const parts = [];
    for (const [i, data] of [patternBytes(5 * 1024 * 1024, 1), patternBytes(10, 2)].entries()) {
      const { etag } = await h.layer.uploadPart({
        bucket: 'b01',
        key: 'm',
        uploadId,
        partNumber: i + 1,
        body: bodyOf(data),
        contentLength: data.length,
      });
      parts.push({ partNumber: i + 1, etag });
    }
    await h.layer.completeMultipartUpload({ bucket: 'b01', key: 'm', uploadId, parts });
    const { attributes } = await h.layer.getObjectAttributes({
      bucket: 'b01',
      key: 'm',
      attributes: ['ObjectParts', 'ObjectSize'],
      maxParts: 1,
    });
    // No additional checksums: S3 lists no Part elements, only the count and paging.
    expect(attributes).toEqual({
      objectParts: {
        totalPartsCount: 2,
        partNumberMarker: 0,
        nextPartNumberMarker: 1,
        maxParts: 1,
        isTruncated: true,
        parts: [],
      },
      objectSize: 5 * 1024 * 1024 + 10,
    });
  });

  it('lists per-part checksums after the marker when the parts carry them', () => {
    const record = {
      etag: 'e-3',
      size: 30,
      storageClass: 'STANDARD',
      checksums: { CRC32: 'AAAAAA==-3' },
      checksumType: 'COMPOSITE',
      parts: [1, 2, 3].map((n) => ({
        partNumber: n,
        size: 10,
        etag: 'x',
        checksums: { CRC32: `P${n}AAAA==` },
      })),
    } as unknown as ObjectRecord;
    expect(
      toObjectAttributes(record, { attributes: ['ObjectParts', 'Checksum'], partNumberMarker: 1 }),
    ).toEqual({
      checksum: { checksums: { CRC32: 'AAAAAA==-3' }, type: 'COMPOSITE' },
      objectParts: {
        totalPartsCount: 3,
        partNumberMarker: 1,
        maxParts: 1000,
        isTruncated: false,
        parts: [
          { partNumber: 2, size: 10, checksums: { CRC32: 'P2AAAA==' } },
          { partNumber: 3, size: 10, checksums: { CRC32: 'P3AAAA==' } },
        ],
      },
    });
  });

  it('NoSuchKey and NoSuchBucket', async () => {
    await using h = await createHarness();
    await h.bucket('b01');
    for (const [bucket, expected] of [
      ['b01', 'NoSuchKey'],
      ['nope', 'NoSuchBucket'],
    ] as const) {
      const error = await h.layer
        .getObjectAttributes({ bucket, key: 'x', attributes: ALL })
        .catch((e: unknown) => e);
      expect(isS3Error(error) && error.code).toBe(expected);
    }
  });
});
