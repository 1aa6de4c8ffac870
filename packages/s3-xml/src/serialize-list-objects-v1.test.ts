import { describe, expect, it } from 'vitest';
import { serializeListObjectsV1 } from './serialize-list-objects-v1.js';
import { parseWithFxp } from './testing/parse-with-fxp.js';

const D = new Date('2024-01-01T00:00:00.000Z');
const NS = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"';

describe('serializeListObjectsV1', () => {
  it('renders an empty listing exactly', () => {
    expect(
      serializeListObjectsV1({ name: 'b', maxKeys: 1000, isTruncated: false, contents: [] }),
    ).toBe(
      `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult ${NS}><Name>b</Name>` +
        '<Prefix></Prefix><Marker></Marker><MaxKeys>1000</MaxKeys>' +
        '<IsTruncated>false</IsTruncated></ListBucketResult>',
    );
  });

  it('renders contents with owner and common prefixes, escaping keys', () => {
    const xml = serializeListObjectsV1({
      name: 'b',
      prefix: 'p/',
      maxKeys: 2,
      delimiter: '/',
      isTruncated: false,
      contents: [
        {
          key: `p/a&b<c>"d'`,
          lastModified: D,
          etag: 'e1',
          size: 3,
          owner: { id: 'oid', displayName: 'me' },
          storageClass: 'STANDARD_IA',
        },
      ],
      commonPrefixes: ['p/sub/'],
    });
    expect(xml).toContain(
      '<Contents><Key>p/a&amp;b&lt;c&gt;&quot;d&apos;</Key>' +
        '<LastModified>2024-01-01T00:00:00.000Z</LastModified><ETag>&quot;e1&quot;</ETag>' +
        '<Size>3</Size><Owner><ID>oid</ID><DisplayName>me</DisplayName></Owner>' +
        '<StorageClass>STANDARD_IA</StorageClass></Contents>' +
        '<CommonPrefixes><Prefix>p/sub/</Prefix></CommonPrefixes></ListBucketResult>',
    );
    const r = parseWithFxp(xml).ListBucketResult as Record<string, unknown>;
    const contents = r.Contents as Record<string, string>[];
    expect(contents[0]?.Key).toBe(`p/a&b<c>"d'`);
    expect(contents[0]?.ETag).toBe('"e1"');
    expect(r.Delimiter).toBe('/');
  });

  it('writes NextMarker only for a truncated, delimited page', () => {
    const base = { name: 'b', maxKeys: 1, contents: [], nextMarker: 'm' };
    expect(serializeListObjectsV1({ ...base, isTruncated: true, delimiter: '/' })).toContain(
      '<IsTruncated>true</IsTruncated><NextMarker>m</NextMarker>',
    );
    expect(serializeListObjectsV1({ ...base, isTruncated: true })).not.toContain('NextMarker');
    expect(serializeListObjectsV1({ ...base, isTruncated: false, delimiter: '/' })).not.toContain(
      'NextMarker',
    );
  });

  it('url-encodes every key-like value with encoding-type=url, and they decode back', () => {
    const xml = serializeListObjectsV1({
      name: 'my bucket',
      prefix: 'a b/',
      marker: 'a b/0+',
      delimiter: ' ',
      maxKeys: 10,
      isTruncated: true,
      nextMarker: 'a b/é',
      contents: [{ key: 'a b/x&y=z~%', lastModified: D, etag: 'e', size: 0 }],
      commonPrefixes: ['a b/ '],
      encodingType: 'url',
    });
    expect(xml).toContain('<Name>my bucket</Name><Prefix>a%20b/</Prefix>');
    expect(xml).toContain('<Marker>a%20b/0%2B</Marker>');
    expect(xml).toContain('<Delimiter>%20</Delimiter>');
    expect(xml).toContain('<NextMarker>a%20b/%C3%A9</NextMarker><EncodingType>url</EncodingType>');
    expect(xml).toContain('<Key>a%20b/x%26y%3Dz%7E%25</Key>');
    expect(xml).toContain('<CommonPrefixes><Prefix>a%20b/%20</Prefix></CommonPrefixes>');
    const r = parseWithFxp(xml).ListBucketResult as Record<string, unknown>;
    const key = (r.Contents as Record<string, string>[])[0]?.Key ?? '';
    expect(decodeURIComponent(key)).toBe('a b/x&y=z~%');
  });
});
