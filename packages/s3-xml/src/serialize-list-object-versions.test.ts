import { describe, expect, it } from 'vitest';
import {
  serializeListObjectVersions,
  type ListObjectVersionsResult,
} from './serialize-list-object-versions.js';
import { parseWithFxp } from './testing/parse-with-fxp.js';

const D1 = new Date('2024-01-01T00:00:00.000Z');
const D2 = new Date('2024-01-02T03:04:05.678Z');
const NS = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"';
const OWNER = { id: 'oid', displayName: 'me' };

describe('serializeListObjectVersions', () => {
  it('renders versions and delete markers interleaved in the given order, exactly', () => {
    const xml = serializeListObjectVersions({
      name: 'b',
      prefix: 'p/',
      maxKeys: 1000,
      delimiter: '/',
      isTruncated: false,
      entries: [
        { kind: 'deleteMarker', key: 'p/a&b', versionId: 'v3', isLatest: true, lastModified: D2 },
        {
          kind: 'version',
          key: 'p/a&b',
          versionId: 'v2',
          isLatest: false,
          lastModified: D1,
          etag: 'e2',
          size: 3,
          owner: OWNER,
          checksumAlgorithm: 'CRC32',
          checksumType: 'FULL_OBJECT',
        },
        {
          kind: 'deleteMarker',
          key: 'p/a&b',
          versionId: 'v1',
          isLatest: false,
          lastModified: D1,
          owner: { id: 'oid' },
        },
        {
          kind: 'version',
          key: 'p/c',
          versionId: 'null',
          isLatest: true,
          lastModified: D1,
          etag: 'e0',
          size: 0,
          storageClass: 'STANDARD_IA',
        },
      ],
      commonPrefixes: ['p/sub/'],
    });
    expect(xml).toBe(
      `<?xml version="1.0" encoding="UTF-8"?>\n<ListVersionsResult ${NS}>` +
        '<Name>b</Name><Prefix>p/</Prefix><KeyMarker></KeyMarker><VersionIdMarker></VersionIdMarker>' +
        '<MaxKeys>1000</MaxKeys><Delimiter>/</Delimiter><IsTruncated>false</IsTruncated>' +
        '<DeleteMarker><Key>p/a&amp;b</Key><VersionId>v3</VersionId><IsLatest>true</IsLatest>' +
        '<LastModified>2024-01-02T03:04:05.678Z</LastModified></DeleteMarker>' +
        '<Version><Key>p/a&amp;b</Key><VersionId>v2</VersionId><IsLatest>false</IsLatest>' +
        '<LastModified>2024-01-01T00:00:00.000Z</LastModified><ETag>&quot;e2&quot;</ETag>' +
        '<ChecksumAlgorithm>CRC32</ChecksumAlgorithm><ChecksumType>FULL_OBJECT</ChecksumType>' +
        '<Size>3</Size><StorageClass>STANDARD</StorageClass>' +
        '<Owner><ID>oid</ID><DisplayName>me</DisplayName></Owner></Version>' +
        '<DeleteMarker><Key>p/a&amp;b</Key><VersionId>v1</VersionId><IsLatest>false</IsLatest>' +
        '<LastModified>2024-01-01T00:00:00.000Z</LastModified><Owner><ID>oid</ID></Owner>' +
        '</DeleteMarker>' +
        '<Version><Key>p/c</Key><VersionId>null</VersionId><IsLatest>true</IsLatest>' +
        '<LastModified>2024-01-01T00:00:00.000Z</LastModified><ETag>&quot;e0&quot;</ETag>' +
        '<Size>0</Size><StorageClass>STANDARD_IA</StorageClass></Version>' +
        '<CommonPrefixes><Prefix>p/sub/</Prefix></CommonPrefixes></ListVersionsResult>',
    );
    const r = parseWithFxp(xml).ListVersionsResult as Record<string, unknown>;
    expect((r.Version as Record<string, string>[])[0]?.ETag).toBe('"e2"');
    expect((r.DeleteMarker as Record<string, string>[])[0]?.Key).toBe('p/a&b');
  });

  it('writes the next markers only for a truncated page', () => {
    const base: ListObjectVersionsResult = {
      name: 'b',
      keyMarker: 'k0',
      versionIdMarker: 'v0',
      maxKeys: 1,
      entries: [],
      nextKeyMarker: 'k1',
      nextVersionIdMarker: 'v1',
      isTruncated: true,
    };
    expect(serializeListObjectVersions(base)).toContain(
      '<KeyMarker>k0</KeyMarker><VersionIdMarker>v0</VersionIdMarker>' +
        '<NextKeyMarker>k1</NextKeyMarker><NextVersionIdMarker>v1</NextVersionIdMarker>' +
        '<MaxKeys>1</MaxKeys><IsTruncated>true</IsTruncated>',
    );
    const whole = serializeListObjectVersions({ ...base, isTruncated: false });
    expect(whole).not.toContain('NextKeyMarker');
    expect(whole).not.toContain('NextVersionIdMarker');
  });

  it('url-encodes every key-like value with encoding-type=url, and they decode back', () => {
    const xml = serializeListObjectVersions({
      name: 'my bucket',
      prefix: 'a b/',
      keyMarker: 'a b/0+',
      versionIdMarker: 'v+0',
      delimiter: ' ',
      maxKeys: 10,
      isTruncated: true,
      nextKeyMarker: 'a b/é',
      nextVersionIdMarker: 'v+1',
      entries: [
        {
          kind: 'version',
          key: 'a b/x&y=z~%',
          versionId: 'v+2',
          isLatest: true,
          lastModified: D1,
          etag: 'e',
          size: 0,
        },
        { kind: 'deleteMarker', key: 'a b/ä', versionId: 'v+3', isLatest: true, lastModified: D1 },
      ],
      commonPrefixes: ['a b/ '],
      encodingType: 'url',
    });
    expect(xml).toContain('<Name>my bucket</Name><Prefix>a%20b/</Prefix>');
    expect(xml).toContain(
      '<KeyMarker>a%20b/0%2B</KeyMarker><VersionIdMarker>v+0</VersionIdMarker>',
    );
    expect(xml).toContain(
      '<NextKeyMarker>a%20b/%C3%A9</NextKeyMarker><NextVersionIdMarker>v+1</NextVersionIdMarker>',
    );
    expect(xml).toContain(
      '<Delimiter>%20</Delimiter><IsTruncated>true</IsTruncated><EncodingType>url</EncodingType>',
    );
    expect(xml).toContain('<Key>a%20b/x%26y%3Dz%7E%25</Key><VersionId>v+2</VersionId>');
    expect(xml).toContain('<DeleteMarker><Key>a%20b/%C3%A4</Key>');
    expect(xml).toContain('<CommonPrefixes><Prefix>a%20b/%20</Prefix></CommonPrefixes>');
    const r = parseWithFxp(xml).ListVersionsResult as Record<string, unknown>;
    const key = (r.Version as Record<string, string>[])[0]?.Key ?? '';
    expect(decodeURIComponent(key)).toBe('a b/x&y=z~%');
  });
});
