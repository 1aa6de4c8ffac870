import { describe, expect, it } from 'vitest';
import { isS3Error } from './s3-error.js';
import {
  parseObjectAttributes,
  serializeGetObjectAttributes,
} from './serialize-get-object-attributes.js';
import { serializePostResponse } from './serialize-post-response.js';
import { parseWithFxp } from './testing/parse-with-fxp.js';

const HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n';
const NS = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"';

describe('serializeGetObjectAttributes', () => {
  it('renders every attribute in AWS order, the ETag unquoted', () => {
    const xml = serializeGetObjectAttributes({
      etag: 'abc-2',
      checksum: { checksums: { CRC32: 'AAAAAA==-2' }, type: 'COMPOSITE' },
      objectParts: {
        totalPartsCount: 3,
        partNumberMarker: 1,
        nextPartNumberMarker: 2,
        maxParts: 1,
        isTruncated: true,
        parts: [{ partNumber: 2, size: 5242880, checksums: { CRC32: 'BBBBBB==' } }],
      },
      storageClass: 'STANDARD',
      objectSize: 10485761,
    });
    expect(xml).toBe(
      `${HEAD}<GetObjectAttributesResponse ${NS}><ETag>abc-2</ETag>` +
        '<Checksum><ChecksumCRC32>AAAAAA==-2</ChecksumCRC32><ChecksumType>COMPOSITE</ChecksumType></Checksum>' +
        '<ObjectParts><IsTruncated>true</IsTruncated><MaxParts>1</MaxParts>' +
        '<NextPartNumberMarker>2</NextPartNumberMarker><PartNumberMarker>1</PartNumberMarker>' +
        '<Part><ChecksumCRC32>BBBBBB==</ChecksumCRC32><PartNumber>2</PartNumber><Size>5242880</Size></Part>' +
        '<PartsCount>3</PartsCount></ObjectParts>' +
        '<StorageClass>STANDARD</StorageClass><ObjectSize>10485761</ObjectSize></GetObjectAttributesResponse>',
    );
    const parsed = parseWithFxp(xml).GetObjectAttributesResponse as {
      ObjectParts: { Part: { PartNumber: string }[]; PartsCount: string };
    };
    expect(parsed.ObjectParts.Part[0]?.PartNumber).toBe('2');
    expect(parsed.ObjectParts.PartsCount).toBe('3');
  });

  it('omits what was not asked for', () => {
    expect(serializeGetObjectAttributes({ objectSize: 0 })).toBe(
      `${HEAD}<GetObjectAttributesResponse ${NS}><ObjectSize>0</ObjectSize></GetObjectAttributesResponse>`,
    );
  });
});

describe('parseObjectAttributes', () => {
  it('splits, trims and de-duplicates', () => {
    expect(parseObjectAttributes('ETag, ObjectSize,ETag,ObjectParts')).toEqual([
      'ETag',
      'ObjectSize',
      'ObjectParts',
    ]);
  });

  it.each([undefined, '', ' , ', 'etag', 'ETag,Size'])('refuses %j with InvalidArgument', (h) => {
    let caught: unknown;
    try {
      parseObjectAttributes(h);
    } catch (error) {
      caught = error;
    }
    expect(isS3Error(caught) && caught.code).toBe('InvalidArgument');
  });
});

describe('serializePostResponse', () => {
  it('renders Location, Bucket, Key and the quoted ETag', () => {
    expect(
      serializePostResponse({ location: 'https://h/b/a%26b', bucket: 'b', key: 'a&b', etag: 'e1' }),
    ).toBe(
      `${HEAD}<PostResponse ${NS}><Location>https://h/b/a%26b</Location><Bucket>b</Bucket>` +
        '<Key>a&amp;b</Key><ETag>&quot;e1&quot;</ETag></PostResponse>',
    );
  });
});
