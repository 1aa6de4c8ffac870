import { describe, expect, it } from 'vitest';
import { parseCompleteMultipartUpload } from './parse-complete-multipart-upload.js';
import type { S3Error } from './s3-error.js';
import { expectS3Error } from './testing/expect-s3-error.js';

const wrap = (parts: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<CompleteMultipartUpload xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${parts}</CompleteMultipartUpload>`;
const part = (n: string, etag: string, extra = ''): string =>
  `<Part><PartNumber>${n}</PartNumber><ETag>${etag}</ETag>${extra}</Part>`;

describe('parseCompleteMultipartUpload', () => {
  it('parses parts in document order, unquoting ETags', () => {
    const xml = wrap(
      `\n ${part('1', '"a54357aff0632cce46d942af68356b38"')}\n ${part('2', '&quot;0c78aef83f66abc1fa1e8477f296d394&quot;')}\n ${part(' 3 ', 'bare')}\n`,
    );
    expect(parseCompleteMultipartUpload(xml)).toEqual({
      parts: [
        { partNumber: 1, etag: 'a54357aff0632cce46d942af68356b38', checksums: {} },
        { partNumber: 2, etag: '0c78aef83f66abc1fa1e8477f296d394', checksums: {} },
        { partNumber: 3, etag: 'bare', checksums: {} },
      ],
    });
  });

  it('maps checksum elements to algorithm names', () => {
    const xml = wrap(
      part(
        '1',
        '"e"',
        '<ChecksumCRC32>AAAAAA==</ChecksumCRC32><ChecksumCRC32C>BBBBBB==</ChecksumCRC32C>' +
          '<ChecksumCRC64NVME>CCCCCCCCCCC=</ChecksumCRC64NVME><ChecksumSHA1>c2hhMQ==</ChecksumSHA1>' +
          '<ChecksumSHA256>c2hhMjU2</ChecksumSHA256><ChecksumType>COMPOSITE</ChecksumType>',
      ),
    );
    expect(parseCompleteMultipartUpload(xml).parts[0]?.checksums).toEqual({
      CRC32: 'AAAAAA==',
      CRC32C: 'BBBBBB==',
      CRC64NVME: 'CCCCCCCCCCC=',
      SHA1: 'c2hhMQ==',
      SHA256: 'c2hhMjU2',
    });
  });

  it('leaves part order to the caller', () => {
    const parts = parseCompleteMultipartUpload(wrap(part('2', 'b') + part('1', 'a'))).parts;
    expect(parts.map((p) => p.partNumber)).toEqual([2, 1]);
  });

  it('answers InvalidArgument for part numbers outside 1..10000', () => {
    for (const n of ['0', '10001', '99999999999']) {
      const err = expectS3Error(
        () => parseCompleteMultipartUpload(wrap(part(n, 'e'))),
        'InvalidArgument',
      ) as S3Error;
      expect(err.extra).toEqual({ ArgumentName: 'partNumber', ArgumentValue: n });
    }
    expect(parseCompleteMultipartUpload(wrap(part('10000', 'e'))).parts[0]?.partNumber).toBe(10000);
  });

  it.each([
    ['non-numeric part number', wrap(part('one', 'e'))],
    ['negative part number', wrap(part('-1', 'e'))],
    ['exponent', wrap(part('1e3', 'e'))],
    ['hex', wrap(part('0x10', 'e'))],
    ['fraction', wrap(part('1.5', 'e'))],
    ['empty part number', wrap(part('', 'e'))],
    ['huge part number', wrap(part('1'.repeat(40), 'e'))],
    ['missing PartNumber', wrap('<Part><ETag>e</ETag></Part>')],
    ['missing ETag', wrap('<Part><PartNumber>1</PartNumber></Part>')],
    ['empty ETag', wrap(part('1', ''))],
    ['quotes-only ETag', wrap(part('1', '""'))],
    ['two ETags', wrap(part('1', 'a', '<ETag>b</ETag>'))],
    [
      'two checksums of one kind',
      wrap(part('1', 'a', '<ChecksumCRC32>x</ChecksumCRC32><ChecksumCRC32>y</ChecksumCRC32>')),
    ],
    ['no parts', wrap('')],
    [
      'wrong root',
      '<CompleteUpload><Part><PartNumber>1</PartNumber><ETag>e</ETag></Part></CompleteUpload>',
    ],
    ['malformed', wrap('<Part><PartNumber>1</PartNumber><ETag>e</Part>')],
    ['doctype', `<!DOCTYPE x [<!ENTITY e "1">]>${wrap(part('&e;', 'e'))}`],
  ])('rejects %s as MalformedXML', (_name, xml) => {
    expectS3Error(() => parseCompleteMultipartUpload(xml), 'MalformedXML');
  });

  it('refuses more than 10000 parts', () => {
    expectS3Error(
      () => parseCompleteMultipartUpload(wrap(part('1', 'e').repeat(10001))),
      'MalformedXML',
    );
  });
});
