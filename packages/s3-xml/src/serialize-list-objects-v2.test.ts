import { describe, expect, it } from 'vitest';
import { serializeListObjectsV2 } from './serialize-list-objects-v2.js';
import { parseWithFxp } from './testing/parse-with-fxp.js';

const D = new Date('2024-01-01T00:00:00.000Z');

describe('serializeListObjectsV2', () => {
  it('renders a page exactly, counting objects and prefixes in KeyCount', () => {
    const xml = serializeListObjectsV2({
      name: 'b',
      prefix: 'p/',
      maxKeys: 2,
      delimiter: '/',
      isTruncated: true,
      continuationToken: 'tok+/=',
      nextContinuationToken: 'next',
      startAfter: 'p/0',
      contents: [
        {
          key: 'p/a',
          lastModified: D,
          etag: 'e1',
          size: 3,
          checksumAlgorithm: 'CRC64NVME',
          checksumType: 'FULL_OBJECT',
        },
      ],
      commonPrefixes: ['p/d/'],
    });
    expect(xml).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
        '<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
        '<Name>b</Name><Prefix>p/</Prefix><KeyCount>2</KeyCount><MaxKeys>2</MaxKeys>' +
        '<Delimiter>/</Delimiter><IsTruncated>true</IsTruncated>' +
        '<ContinuationToken>tok+/=</ContinuationToken><NextContinuationToken>next</NextContinuationToken>' +
        '<StartAfter>p/0</StartAfter>' +
        '<Contents><Key>p/a</Key><LastModified>2024-01-01T00:00:00.000Z</LastModified>' +
        '<ETag>&quot;e1&quot;</ETag><ChecksumAlgorithm>CRC64NVME</ChecksumAlgorithm>' +
        '<ChecksumType>FULL_OBJECT</ChecksumType><Size>3</Size>' +
        '<StorageClass>STANDARD</StorageClass></Contents>' +
        '<CommonPrefixes><Prefix>p/d/</Prefix></CommonPrefixes></ListBucketResult>',
    );
  });

  it('writes Owner only for objects given one (fetch-owner)', () => {
    const withOwner = serializeListObjectsV2({
      name: 'b',
      maxKeys: 1,
      isTruncated: false,
      contents: [{ key: 'k', lastModified: D, etag: 'e', size: 1, owner: { id: 'oid' } }],
    });
    expect(withOwner).toContain('<Size>1</Size><Owner><ID>oid</ID></Owner><StorageClass>');
    const without = serializeListObjectsV2({
      name: 'b',
      maxKeys: 1,
      isTruncated: false,
      contents: [{ key: 'k', lastModified: D, etag: 'e', size: 1 }],
    });
    expect(without).not.toContain('<Owner>');
  });

  it('url-encodes Key, Prefix, Delimiter, StartAfter and CommonPrefixes but not tokens', () => {
    const keys = ['sp ace', 'plus+', 'pct%', 'amp&', 'eq=', 'tilde~', 'ünï/😀', ' lead', 'nl\nx'];
    const xml = serializeListObjectsV2({
      name: 'b',
      prefix: ' ',
      delimiter: '+',
      startAfter: 'a b',
      continuationToken: 'a b',
      maxKeys: 1000,
      isTruncated: false,
      contents: keys.map((key) => ({ key, lastModified: D, etag: 'e', size: 0 })),
      commonPrefixes: ['x y+'],
      encodingType: 'url',
    });
    expect(xml).toContain('<Prefix>%20</Prefix>');
    expect(xml).toContain('<Delimiter>%2B</Delimiter>');
    expect(xml).toContain('<StartAfter>a%20b</StartAfter>');
    expect(xml).toContain('<ContinuationToken>a b</ContinuationToken>');
    expect(xml).toContain('<CommonPrefixes><Prefix>x%20y%2B</Prefix></CommonPrefixes>');
    const r = parseWithFxp(xml).ListBucketResult as Record<string, unknown>;
    const listed = (r.Contents as Record<string, string>[]).map((c) => c.Key ?? '');
    expect(listed.map((k) => decodeURIComponent(k))).toEqual(keys);
    expect(r.EncodingType).toBe('url');
  });

  it('round-trips raw keys with XML specials and whitespace without encoding', () => {
    const keys = [`&<>"'`, '  spaced  ', 'tab\tand\nnewline', 'cr\rkey'];
    const xml = serializeListObjectsV2({
      name: 'b',
      maxKeys: 1000,
      isTruncated: false,
      contents: keys.map((key) => ({ key, lastModified: D, etag: 'e', size: 0 })),
    });
    const r = parseWithFxp(xml).ListBucketResult as Record<string, unknown>;
    expect((r.Contents as Record<string, string>[]).map((c) => c.Key)).toEqual(keys);
  });
});
