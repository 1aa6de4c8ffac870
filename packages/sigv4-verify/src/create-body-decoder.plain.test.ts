import { createHash, randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { createChecksum, type ChecksumAlgorithm } from '@strata/checksums';
import { createBodyDecoder } from './create-body-decoder.js';
import type { PayloadMode } from './payload-mode.js';
import type { SigV4Error } from './sigv4-error.js';
import { auth, checksum, failure, run, splitRandom } from './testing/decoder-fixtures.js';
import { createRandom } from './testing/smithy-signer.js';
import type { HeaderMap } from './verifiable-request.js';

const ALGORITHMS: ChecksumAlgorithm[] = ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'];

describe('createBodyDecoder: plain bodies', () => {
  const data = randomBytes(100_000);
  const sha = createHash('sha256').update(data).digest('hex');

  it('verifies x-amz-content-sha256 while streaming', async () => {
    const ok = await run(
      { payload: { kind: 'sha256', hex: sha } },
      splitRandom(data, createRandom(1), 9000),
    );
    expect(ok.data.equals(data)).toBe(true);
    const err = await failure(run({ payload: { kind: 'sha256', hex: 'f'.repeat(64) } }, [data]));
    expect(err).toMatchObject({
      code: 'XAmzContentSHA256Mismatch',
      status: 400,
      detail: { S3ComputedContentSHA256: sha },
    });
  });

  it('verifies every x-amz-checksum-* header algorithm', async () => {
    for (const algorithm of ALGORITHMS) {
      const headers = { [`x-amz-checksum-${algorithm.toLowerCase()}`]: checksum(algorithm, data) };
      const ok = await run(
        { payload: { kind: 'unsigned' }, headers },
        splitRandom(data, createRandom(2), 5000),
      );
      expect(ok.checksums).toEqual({ [algorithm]: checksum(algorithm, data) });
      const other = checksum(algorithm, Buffer.from('other'));
      const err = await failure(
        run(
          {
            payload: { kind: 'unsigned' },
            headers: { [`x-amz-checksum-${algorithm.toLowerCase()}`]: other },
          },
          [data],
        ),
      );
      expect(err).toMatchObject({
        code: 'BadDigest',
        message: `The ${algorithm} you specified did not match the calculated checksum.`,
      });
    }
  });

  it('rejects inconsistent checksum headers before reading the body', () => {
    const create =
      (headers: HeaderMap, payload: PayloadMode = { kind: 'unsigned' }) =>
      () =>
        createBodyDecoder({ auth: auth(payload), headers });
    const invalid = (fn: () => unknown, code: string) => {
      try {
        fn();
      } catch (err) {
        expect((err as SigV4Error).code).toBe(code);
        return;
      }
      throw new Error('expected a throw');
    };
    invalid(create({ 'x-amz-checksum-crc32': 'AAAA' }), 'InvalidRequest');
    invalid(
      create({ 'x-amz-checksum-crc32': 'AAAAAA==', 'x-amz-checksum-sha1': checksum('SHA1', data) }),
      'InvalidRequest',
    );
    invalid(create({ 'x-amz-trailer': 'x-amz-checksum-crc32' }), 'InvalidRequest');
    invalid(
      create({ 'x-amz-trailer': 'x-amz-checksum-md5' }, { kind: 'streaming-unsigned-trailer' }),
      'InvalidRequest',
    );
    invalid(create({ 'x-amz-sdk-checksum-algorithm': 'CRC32' }), 'InvalidRequest');
    invalid(
      create({ 'x-amz-decoded-content-length': 'ten' }, { kind: 'streaming-signed' }),
      'InvalidArgument',
    );
    // Not checksums: the multipart algorithm choice and the checksum type.
    expect(
      create({ 'x-amz-checksum-algorithm': 'CRC32', 'x-amz-checksum-type': 'FULL_OBJECT' })(),
    ).toBeDefined();
  });

  it('streams a large body with backpressure and constant memory', async () => {
    const decoder = createBodyDecoder({
      auth: auth({ kind: 'unsigned' }),
      headers: {},
      computeChecksums: ['CRC64NVME'],
    });
    const piece = randomBytes(64 * 1024);
    const sum = createChecksum('CRC64NVME');
    function* source() {
      for (let i = 0; i < 256; i++) {
        sum.update(piece);
        yield piece;
      }
    }
    let maxBuffered = 0;
    await pipeline(
      source(),
      decoder.stream,
      new Writable({
        highWaterMark: 64 * 1024,
        write(_chunk, _enc, cb) {
          maxBuffered = Math.max(
            maxBuffered,
            decoder.stream.readableLength + decoder.stream.writableLength,
          );
          setImmediate(cb);
        },
      }),
    );
    expect(decoder.bytes).toBe(256 * 64 * 1024);
    expect(decoder.checksums()).toEqual({ CRC64NVME: sum.digest() });
    expect(maxBuffered).toBeLessThanOrEqual(4 * 64 * 1024);
  });
});
