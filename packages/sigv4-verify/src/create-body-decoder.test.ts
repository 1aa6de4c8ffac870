import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ChecksumAlgorithm } from '@strata/checksums';
import type { PayloadMode } from './payload-mode.js';
import { encodeAwsChunked } from './testing/aws-chunked-encoder.js';
import {
  bytewise,
  checksum,
  docSigning,
  failure,
  run,
  splitRandom,
  testSigning,
} from './testing/decoder-fixtures.js';
import { createRandom } from './testing/smithy-signer.js';

describe('createBodyDecoder: AWS documentation vectors', () => {
  const data = Buffer.alloc(66_560, 'a');
  const chunk = (size: number, sig: string, body: Buffer): Buffer[] => [
    Buffer.from(`${size.toString(16)};chunk-signature=${sig}\r\n`),
    body,
    Buffer.from('\r\n'),
  ];

  it('STREAMING-AWS4-HMAC-SHA256-PAYLOAD: 64 KiB + 1 KiB + final chunk', async () => {
    const body = Buffer.concat([
      ...chunk(
        65_536,
        'ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648',
        data.subarray(0, 65_536),
      ),
      ...chunk(
        1024,
        '0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497',
        data.subarray(65_536),
      ),
      ...chunk(
        0,
        'b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9',
        Buffer.alloc(0),
      ),
    ]);
    const options = {
      payload: { kind: 'streaming-signed' } as const,
      headers: { 'x-amz-decoded-content-length': '66560', 'content-encoding': 'aws-chunked' },
      signing: docSigning('4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9'),
    };
    for (const pieces of [
      [body],
      splitRandom(body, createRandom(7)),
      splitRandom(body, createRandom(8), 3),
    ]) {
      const result = await run(options, pieces);
      expect(result.data.equals(data)).toBe(true);
      expect(result.bytes).toBe(66_560);
    }
    const wrongSeed = { ...options, signing: docSigning('0'.repeat(64)) };
    expect((await failure(run(wrongSeed, [body]))).code).toBe('SignatureDoesNotMatch');
  });

  it('STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER with a signed CRC32C trailer, in both framings', async () => {
    const head = Buffer.concat([
      ...chunk(
        65_536,
        'b474d8862b1487a5145d686f57f013e54db672cee1c953b3010fb58501ef5aa2',
        data.subarray(0, 65_536),
      ),
      ...chunk(
        1024,
        '1c1344b170168f8e65b41376b44b20fe354e373826ccbbe2c1d40a8cae51e5c7',
        data.subarray(65_536),
      ),
      Buffer.from(
        '0;chunk-signature=2ca2aba2005185cf7159c6277faf83795951dd77a3a99e6e65d5c9f85863f992\r\n',
      ),
    ]);
    const trailer =
      'x-amz-checksum-crc32c:sOO8/Q==\r\nx-amz-trailer-signature:d81f82fc3505edab99d459891051a732e8730629a2e4a59689829ca17fe2e435\r\n';
    const options = {
      payload: { kind: 'streaming-signed-trailer' } as const,
      headers: {
        'x-amz-decoded-content-length': '66560',
        'x-amz-trailer': 'x-amz-checksum-crc32c',
      },
      signing: docSigning('106e2a8a18243abcf37539882f36619c00e2dfc72633413f02d3b74544bfeb8e'),
    };
    // HTTP-trailer style (what SDKs send) and the AWS docs' style (empty line first, none last).
    for (const body of [
      Buffer.concat([head, Buffer.from(`${trailer}\r\n`)]),
      Buffer.concat([head, Buffer.from(`\r\n${trailer}`)]),
    ]) {
      const result = await run(options, splitRandom(body, createRandom(9)));
      expect(result.data.equals(data)).toBe(true);
      expect(result.checksums).toEqual({ CRC32C: 'sOO8/Q==' });
    }
    const forged = Buffer.concat([
      head,
      Buffer.from(`${trailer.replace('sOO8/Q==', 'sOO8/A==')}\r\n`),
    ]);
    expect((await failure(run(options, [forged]))).code).toBe('SignatureDoesNotMatch');
  });
});

const MODES = [
  'streaming-signed',
  'streaming-signed-trailer',
  'streaming-unsigned-trailer',
] as const;
const ALGORITHMS: ChecksumAlgorithm[] = ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'];

interface Case {
  payload: PayloadMode;
  headers: Record<string, string>;
  data: Buffer;
  body: Buffer;
  algorithm: ChecksumAlgorithm;
}

function randomCase(seed: number, maxSize = 150_000): Case {
  const rand = createRandom(seed);
  const kind = MODES[seed % MODES.length]!;
  const algorithm = ALGORITHMS[Math.floor(rand() * ALGORITHMS.length)]!;
  const data = randomBytes(Math.floor(rand() * maxSize));
  const sizes = Array.from({ length: 64 }, () => 1 + Math.floor(rand() * 70_000));
  const trailerName = `x-amz-checksum-${algorithm.toLowerCase()}`;
  const trailers: [string, string][] | undefined =
    kind === 'streaming-signed' ? undefined : [[trailerName, checksum(algorithm, data)]];
  const body = encodeAwsChunked(data, sizes, {
    ...(kind !== 'streaming-unsigned-trailer' ? { signing: testSigning } : {}),
    ...(trailers ? { trailers } : {}),
  });
  const headers: Record<string, string> = {
    'x-amz-decoded-content-length': String(data.length),
    'content-encoding': 'aws-chunked',
  };
  if (trailers) headers['x-amz-trailer'] = trailerName;
  return { payload: { kind }, headers, data, body, algorithm };
}

describe('createBodyDecoder: aws-chunked round trips', () => {
  it('decodes 45 random bodies in every mode, whole and in random splits', async () => {
    for (let seed = 1; seed <= 45; seed++) {
      const c = randomCase(seed);
      const rand = createRandom(seed * 31);
      for (const pieces of [[c.body], splitRandom(c.body, rand), splitRandom(c.body, rand, 5)]) {
        const result = await run({ payload: c.payload, headers: c.headers }, pieces);
        expect([seed, result.data.equals(c.data)]).toEqual([seed, true]);
        if (c.payload.kind !== 'streaming-signed')
          expect(result.checksums).toEqual({ [c.algorithm]: checksum(c.algorithm, c.data) });
      }
    }
  });

  it('decodes bodies fed one byte at a time', async () => {
    for (let seed = 100; seed < 106; seed++) {
      const c = randomCase(seed, 3000);
      const result = await run({ payload: c.payload, headers: c.headers }, bytewise(c.body));
      expect([c.payload.kind, result.data.equals(c.data)]).toEqual([c.payload.kind, true]);
    }
  });

  it('accepts the unsigned-trailer body exactly as the AWS SDK v3 sends it', async () => {
    const data = Buffer.from('hello world, this is the payload');
    const crc = checksum('CRC32', data);
    const body = Buffer.from(
      `${data.length.toString(16)}\r\n${data.toString()}\r\n0\r\nx-amz-checksum-crc32:${crc}\r\n\r\n`,
    );
    const headers = {
      'x-amz-trailer': 'x-amz-checksum-crc32',
      'x-amz-decoded-content-length': String(data.length),
      'x-amz-sdk-checksum-algorithm': 'CRC32',
    };
    const result = await run(
      { payload: { kind: 'streaming-unsigned-trailer' }, headers, compute: ['CRC64NVME'] },
      bytewise(body),
    );
    expect(result.data.toString()).toBe(data.toString());
    expect(result.checksums).toEqual({ CRC32: crc, CRC64NVME: checksum('CRC64NVME', data) });
    const wrong = Buffer.from(body.toString().replace(crc, 'AAAAAA=='));
    const err = await failure(
      run({ payload: { kind: 'streaming-unsigned-trailer' }, headers }, [wrong]),
    );
    expect(err).toMatchObject({
      code: 'BadDigest',
      status: 400,
      message: 'The CRC32 you specified did not match the calculated checksum.',
    });
    const malformed = Buffer.from(body.toString().replace(crc, 'not-base64!'));
    expect(
      (
        await failure(
          run({ payload: { kind: 'streaming-unsigned-trailer' }, headers }, [malformed]),
        )
      ).code,
    ).toBe('InvalidRequest');
  });

  it('rejects a corrupted data byte: SignatureDoesNotMatch when signed, BadDigest otherwise', async () => {
    for (let seed = 200; seed < 230; seed++) {
      const c = randomCase(seed, 20_000);
      if (c.data.length === 0) continue;
      // Find a data byte: the first chunk's data starts right after the first line.
      const at =
        c.body.indexOf('\r\n') +
        2 +
        Math.floor(createRandom(seed)() * Math.min(c.data.length, 100));
      const corrupted = Buffer.from(c.body);
      corrupted[at] = corrupted[at]! ^ 0x01;
      const err = await failure(
        run({ payload: c.payload, headers: c.headers }, splitRandom(corrupted, createRandom(seed))),
      );
      expect([c.payload.kind, err.code]).toEqual([
        c.payload.kind,
        c.payload.kind === 'streaming-unsigned-trailer' ? 'BadDigest' : 'SignatureDoesNotMatch',
      ]);
    }
  });

  it('rejects every truncation with IncompleteBody (or MalformedTrailerError inside the trailers), never hanging', async () => {
    for (let seed = 300; seed < 306; seed++) {
      const c = randomCase(seed, 2000);
      const finalChunk = c.body.lastIndexOf(
        c.payload.kind === 'streaming-unsigned-trailer' ? '\r\n0\r\n' : '\r\n0;',
      );
      for (let cut = 0; cut < c.body.length - 2; cut += 1 + (cut % 7)) {
        const err = await failure(
          run({ payload: c.payload, headers: c.headers }, [c.body.subarray(0, cut)]),
        );
        const allowed =
          cut <= finalChunk + 2 ? ['IncompleteBody'] : ['IncompleteBody', 'MalformedTrailerError'];
        expect([cut, allowed.includes(err.code)]).toEqual([cut, true]);
      }
    }
  });

  it('rejects framing errors, a wrong decoded length and missing chunk signatures', async () => {
    const data = Buffer.from('0123456789');
    const body = encodeAwsChunked(data, [4], { signing: testSigning });
    const headers = { 'x-amz-decoded-content-length': '10' };
    const signed = { payload: { kind: 'streaming-signed' } as const, headers };
    await expect(run(signed, [body])).resolves.toMatchObject({ bytes: 10 });
    expect(
      (await failure(run({ ...signed, headers: { 'x-amz-decoded-content-length': '11' } }, [body])))
        .code,
    ).toBe('IncompleteBody');
    expect(
      (await failure(run({ ...signed, headers: { 'x-amz-decoded-content-length': '9' } }, [body])))
        .code,
    ).toBe('IncompleteBody');
    expect(
      (await failure(run(signed, [Buffer.from(body.toString().replace(/^4;/, '5;'))]))).code,
    ).toBe('IncompleteBody');
    expect(
      (await failure(run(signed, [Buffer.from(body.toString().replace(/^4;/, 'zz;'))]))).code,
    ).toBe('IncompleteBody');
    expect(
      (
        await failure(
          run(signed, [Buffer.from(body.toString().replace(/;chunk-signature=[0-9a-f]+/, ''))]),
        )
      ).code,
    ).toBe('SignatureDoesNotMatch');
    expect((await failure(run(signed, [Buffer.concat([body, Buffer.from('junk')])]))).code).toBe(
      'InvalidRequest',
    );
    expect((await failure(run(signed, [Buffer.alloc(0)]))).code).toBe('IncompleteBody');
  });

  it('rejects undeclared, missing and unsigned trailers', async () => {
    const data = Buffer.from('payload');
    const crc = checksum('CRC32', data);
    const unsigned = { kind: 'streaming-unsigned-trailer' } as const;
    const withTrailer = encodeAwsChunked(data, [], { trailers: [['x-amz-checksum-crc32', crc]] });
    expect((await failure(run({ payload: unsigned, headers: {} }, [withTrailer]))).code).toBe(
      'MalformedTrailerError',
    );
    const without = encodeAwsChunked(data, [], { trailers: [] });
    expect(
      (
        await failure(
          run({ payload: unsigned, headers: { 'x-amz-trailer': 'x-amz-checksum-crc32' } }, [
            without,
          ]),
        )
      ).code,
    ).toBe('MalformedTrailerError');
    const signed = encodeAwsChunked(data, [], {
      signing: testSigning,
      trailers: [['x-amz-checksum-crc32', crc]],
    });
    const stripped = Buffer.from(
      signed.toString().replace(/x-amz-trailer-signature:[0-9a-f]+\r\n/, ''),
    );
    const headers = { 'x-amz-trailer': 'x-amz-checksum-crc32' };
    await expect(
      run({ payload: { kind: 'streaming-signed-trailer' }, headers }, [signed]),
    ).resolves.toMatchObject({ checksums: { CRC32: crc } });
    expect(
      (await failure(run({ payload: { kind: 'streaming-signed-trailer' }, headers }, [stripped])))
        .code,
    ).toBe('MalformedTrailerError');
  });
});
