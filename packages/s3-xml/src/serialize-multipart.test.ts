import { describe, expect, it } from 'vitest';
import { serializeCompleteMultipartUploadResult } from './serialize-complete-multipart-upload-result.js';
import {
  serializeCopyObjectResult,
  serializeCopyPartResult,
} from './serialize-copy-object-result.js';
import { serializeInitiateMultipartUploadResult } from './serialize-initiate-multipart-upload-result.js';
import { serializeListMultipartUploads } from './serialize-list-multipart-uploads.js';
import { serializeListParts } from './serialize-list-parts.js';
import { parseWithFxp } from './testing/parse-with-fxp.js';

const D = new Date('2024-01-01T00:00:00.000Z');
const HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n';
const NS = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"';
const OWNER = { id: 'oid', displayName: 'me' };

describe('multipart and copy serializers', () => {
  it('serializeInitiateMultipartUploadResult', () => {
    expect(
      serializeInitiateMultipartUploadResult({ bucket: 'b', key: 'a&b', uploadId: 'u1' }),
    ).toBe(
      `${HEAD}<InitiateMultipartUploadResult ${NS}><Bucket>b</Bucket><Key>a&amp;b</Key>` +
        '<UploadId>u1</UploadId></InitiateMultipartUploadResult>',
    );
  });

  it('serializeCompleteMultipartUploadResult', () => {
    const xml = serializeCompleteMultipartUploadResult({
      location: 'http://h/b/a%26b',
      bucket: 'b',
      key: 'a&b',
      etag: '3858f62230ac3c915f300c664312c11f-9',
      checksums: { SHA256: 'c2hh', CRC32: 'Y3Jj' },
      checksumType: 'COMPOSITE',
    });
    expect(xml).toBe(
      `${HEAD}<CompleteMultipartUploadResult ${NS}><Location>http://h/b/a%26b</Location>` +
        '<Bucket>b</Bucket><Key>a&amp;b</Key>' +
        '<ETag>&quot;3858f62230ac3c915f300c664312c11f-9&quot;</ETag>' +
        '<ChecksumCRC32>Y3Jj</ChecksumCRC32><ChecksumSHA256>c2hh</ChecksumSHA256>' +
        '<ChecksumType>COMPOSITE</ChecksumType></CompleteMultipartUploadResult>',
    );
    const r = parseWithFxp(xml).CompleteMultipartUploadResult as Record<string, string>;
    expect(r.ETag).toBe('"3858f62230ac3c915f300c664312c11f-9"');
    expect(r.Key).toBe('a&b');
  });

  it('serializeCopyObjectResult and serializeCopyPartResult', () => {
    expect(serializeCopyObjectResult({ etag: 'e', lastModified: D })).toBe(
      `${HEAD}<CopyObjectResult ${NS}><ETag>&quot;e&quot;</ETag>` +
        '<LastModified>2024-01-01T00:00:00.000Z</LastModified></CopyObjectResult>',
    );
    const part = serializeCopyPartResult({
      etag: 'e',
      lastModified: D,
      checksums: { CRC32C: 'eA==' },
      checksumType: 'FULL_OBJECT',
    });
    expect(part).toBe(
      `${HEAD}<CopyPartResult ${NS}><ETag>&quot;e&quot;</ETag>` +
        '<LastModified>2024-01-01T00:00:00.000Z</LastModified>' +
        '<ChecksumCRC32C>eA==</ChecksumCRC32C></CopyPartResult>',
    );
  });

  it('serializeListParts', () => {
    const xml = serializeListParts({
      bucket: 'b',
      key: 'k',
      uploadId: 'u',
      initiator: OWNER,
      owner: OWNER,
      partNumberMarker: 1,
      nextPartNumberMarker: 3,
      maxParts: 2,
      isTruncated: true,
      parts: [
        { partNumber: 2, lastModified: D, etag: 'p2', size: 5242880, checksums: { CRC32: 'AA==' } },
        { partNumber: 3, lastModified: D, etag: 'p3', size: 1 },
      ],
      checksumAlgorithm: 'CRC32',
      checksumType: 'COMPOSITE',
    });
    expect(xml).toBe(
      `${HEAD}<ListPartsResult ${NS}><Bucket>b</Bucket><Key>k</Key><UploadId>u</UploadId>` +
        '<Initiator><ID>oid</ID><DisplayName>me</DisplayName></Initiator>' +
        '<Owner><ID>oid</ID><DisplayName>me</DisplayName></Owner>' +
        '<StorageClass>STANDARD</StorageClass><PartNumberMarker>1</PartNumberMarker>' +
        '<NextPartNumberMarker>3</NextPartNumberMarker><MaxParts>2</MaxParts>' +
        '<IsTruncated>true</IsTruncated>' +
        '<Part><PartNumber>2</PartNumber><LastModified>2024-01-01T00:00:00.000Z</LastModified>' +
        '<ETag>&quot;p2&quot;</ETag><Size>5242880</Size><ChecksumCRC32>AA==</ChecksumCRC32></Part>' +
        '<Part><PartNumber>3</PartNumber><LastModified>2024-01-01T00:00:00.000Z</LastModified>' +
        '<ETag>&quot;p3&quot;</ETag><Size>1</Size></Part>' +
        '<ChecksumAlgorithm>CRC32</ChecksumAlgorithm><ChecksumType>COMPOSITE</ChecksumType>' +
        '</ListPartsResult>',
    );
    const r = parseWithFxp(xml).ListPartsResult as Record<string, unknown>;
    expect((r.Part as unknown[]).length).toBe(2);
  });

  it('serializeListMultipartUploads, plain and url-encoded', () => {
    const page = {
      bucket: 'b',
      keyMarker: 'k m',
      uploadIdMarker: 'u0',
      nextKeyMarker: 'n k',
      nextUploadIdMarker: 'u9',
      prefix: 'p ',
      delimiter: '/',
      maxUploads: 2,
      isTruncated: true,
      uploads: [{ key: 'p a&b', uploadId: 'u1', initiator: OWNER, owner: OWNER, initiated: D }],
      commonPrefixes: ['p d/'],
    };
    expect(serializeListMultipartUploads(page)).toBe(
      `${HEAD}<ListMultipartUploadsResult ${NS}><Bucket>b</Bucket><KeyMarker>k m</KeyMarker>` +
        '<UploadIdMarker>u0</UploadIdMarker><NextKeyMarker>n k</NextKeyMarker>' +
        '<NextUploadIdMarker>u9</NextUploadIdMarker><Delimiter>/</Delimiter><Prefix>p </Prefix>' +
        '<MaxUploads>2</MaxUploads><IsTruncated>true</IsTruncated>' +
        '<Upload><Key>p a&amp;b</Key><UploadId>u1</UploadId>' +
        '<Initiator><ID>oid</ID><DisplayName>me</DisplayName></Initiator>' +
        '<Owner><ID>oid</ID><DisplayName>me</DisplayName></Owner>' +
        '<StorageClass>STANDARD</StorageClass><Initiated>2024-01-01T00:00:00.000Z</Initiated>' +
        '</Upload><CommonPrefixes><Prefix>p d/</Prefix></CommonPrefixes>' +
        '</ListMultipartUploadsResult>',
    );
    const encoded = serializeListMultipartUploads({ ...page, encodingType: 'url' });
    expect(encoded).toContain('<KeyMarker>k%20m</KeyMarker><UploadIdMarker>u0</UploadIdMarker>');
    expect(encoded).toContain('<NextKeyMarker>n%20k</NextKeyMarker>');
    expect(encoded).toContain('<Prefix>p%20</Prefix>');
    expect(encoded).toContain('<Key>p%20a%26b</Key>');
    expect(encoded).toContain(
      '<Prefix>p%20d/</Prefix></CommonPrefixes><EncodingType>url</EncodingType>',
    );
  });
});
