import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ChecksumAlgorithm } from '@strata/checksums';
import { createBodyDecoder } from './create-body-decoder.js';
import type { PayloadMode } from './payload-mode.js';
import { SigV4Error } from './sigv4-error.js';
import { encodeAwsChunked } from './testing/aws-chunked-encoder.js';
import { auth, checksum } from './testing/decoder-fixtures.js';
import { cuts, drive, fuzzRuns, splitAt, type StreamOutcome } from './testing/fuzz.js';
import type { HeaderMap } from './verifiable-request.js';

const numRuns = fuzzRuns(200);
// A decoder that waits forever on some input fails the property (and is shrunk) after this.
const timeout = 5_000;

const ALGORITHMS: ChecksumAlgorithm[] = ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'];
const STREAMING = [
  'streaming-signed',
  'streaming-signed-trailer',
  'streaming-unsigned-trailer',
] as const;

interface Body {
  payload: PayloadMode;
  headers: Record<string, string>;
  data: Buffer;
  body: Buffer;
  /** The checksums a correct decode reports. */
  checksums: Record<string, string>;
  /** [start, end) of every chunk's data and of the trailer checksum value in `body`. */
  covered: [number, number][];
}

/** [start, end) of each chunk's data, walking a body known to be valid. */
function dataRegions(body: Buffer): [number, number][] {
  const regions: [number, number][] = [];
  for (let pos = 0; ;) {
    const eol = body.indexOf('\r\n', pos);
    const size = parseInt(body.toString('latin1', pos, eol).split(';')[0]!, 16);
    if (size === 0) return regions;
    regions.push([eol + 2, eol + 2 + size]);
    pos = eol + 2 + size + 2;
  }
}

const chunkedBody: fc.Arbitrary<Body> = fc
  .record({
    kind: fc.constantFrom(...STREAMING),
    algorithm: fc.constantFrom(...ALGORITHMS),
    data: fc.uint8Array({ maxLength: 3000, size: 'large' }).map((a) => Buffer.from(a)),
    sizes: fc.array(fc.integer({ min: 1, max: 1500 }), { maxLength: 6 }),
    // The AWS docs' trailer framing: an empty line before the trailers, none after.
    docsFraming: fc.boolean(),
  })
  .map(({ kind, algorithm, data, sizes, docsFraming }) => {
    const name = `x-amz-checksum-${algorithm.toLowerCase()}`;
    const value = checksum(algorithm, data);
    const trailers: [string, string][] | undefined =
      kind === 'streaming-signed' ? undefined : [[name, value]];
    let body = encodeAwsChunked(data, sizes, {
      ...(kind === 'streaming-unsigned-trailer' ? {} : { signing: auth({ kind }).signing! }),
      ...(trailers ? { trailers } : {}),
    });
    if (trailers && docsFraming) {
      const start = body.lastIndexOf(`\r\n${name}:`) + 2;
      body = Buffer.concat([
        body.subarray(0, start),
        Buffer.from('\r\n'),
        body.subarray(start, -2),
      ]);
    }
    const headers: Record<string, string> = {
      'x-amz-decoded-content-length': String(data.length),
      'content-encoding': 'aws-chunked',
    };
    if (trailers) headers['x-amz-trailer'] = name;
    const covered = dataRegions(body);
    if (trailers) {
      const at = body.lastIndexOf(`${name}:${value}`) + name.length + 1;
      covered.push([at, at + value.length]);
    }
    return {
      payload: { kind },
      headers,
      data,
      body,
      checksums: trailers ? { [algorithm]: value } : {},
      covered,
    };
  });

/** A plain (not aws-chunked) body with its `x-amz-content-sha256` or `x-amz-checksum-*`. */
const plainBody: fc.Arbitrary<Body> = fc
  .record({
    data: fc.uint8Array({ maxLength: 3000, size: 'large' }).map((a) => Buffer.from(a)),
    algorithm: fc.option(fc.constantFrom(...ALGORITHMS), { nil: undefined }),
    sha256: fc.boolean(),
  })
  .filter(({ algorithm, sha256 }) => algorithm !== undefined || sha256)
  .map(({ data, algorithm, sha256 }) => {
    const headers: Record<string, string> = {};
    const checksums: Record<string, string> = {};
    if (algorithm !== undefined) {
      headers[`x-amz-checksum-${algorithm.toLowerCase()}`] = checksum(algorithm, data);
      checksums[algorithm] = checksum(algorithm, data);
    }
    const payload: PayloadMode = sha256
      ? { kind: 'sha256', hex: createHash('sha256').update(data).digest('hex') }
      : { kind: 'unsigned' };
    return { payload, headers, data, body: data, checksums, covered: [[0, data.length]] };
  });

type Corruption =
  | { kind: 'flip'; at: number; mask: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'delete'; at: number; length: number };

const corruption: fc.Arbitrary<Corruption> = fc.oneof(
  fc.record({
    kind: fc.constant('flip' as const),
    at: fc.nat(),
    mask: fc.integer({ min: 1, max: 255 }),
  }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    bytes: fc.oneof(
      fc.uint8Array({ minLength: 1, maxLength: 4 }),
      fc.constantFrom(';', '\r\n', '0\r\n', 'a', ':', ' ').map((s) => Buffer.from(s)),
    ),
  }),
  fc.record({
    kind: fc.constant('delete' as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 8 }),
  }),
);

/** The corrupted body, or undefined when the corruption does not apply (an empty body). */
function corrupt(body: Buffer, c: Corruption): Buffer | undefined {
  if (body.length === 0) return undefined;
  const at = c.at % body.length;
  switch (c.kind) {
    case 'flip': {
      const out = Buffer.from(body);
      out[at] = out[at]! ^ c.mask;
      return out;
    }
    case 'truncate':
      return body.subarray(0, at);
    case 'insert':
      return Buffer.concat([body.subarray(0, at), c.bytes, body.subarray(at)]);
    case 'delete':
      return Buffer.concat([body.subarray(0, at), body.subarray(at + c.length)]);
  }
}

async function decode(b: Pick<Body, 'payload' | 'headers'>, pieces: Buffer[]) {
  const decoder = createBodyDecoder({ auth: auth(b.payload), headers: b.headers });
  const outcome = await drive(decoder.stream, pieces);
  return { outcome, checksums: decoder.checksums() };
}

function expectSigV4Error(outcome: StreamOutcome): SigV4Error {
  if (outcome.ok) expect.unreachable('expected the body to be rejected');
  expect(SigV4Error.is(outcome.error), `not a SigV4Error: ${String(outcome.error)}`).toBe(true);
  return outcome.error as SigV4Error;
}

const anyBody = fc.oneof(
  { weight: 3, arbitrary: chunkedBody },
  { weight: 1, arbitrary: plainBody },
);

describe('createBodyDecoder (fuzz)', () => {
  it('decodes a valid body split into write() calls anywhere to the same bytes and checksums', async () => {
    await fc.assert(
      fc.asyncProperty(anyBody, cuts, async (b, at) => {
        const { outcome, checksums } = await decode(b, splitAt(b.body, at));
        expect(outcome).toEqual({ ok: true, data: b.data });
        expect(checksums).toEqual(b.checksums);
      }),
      { numRuns, timeout },
    );
  });

  it('rejects any corruption through the error event with a SigV4Error, or decodes the same bytes', async () => {
    const seen = { ok: 0, error: 0 };
    await fc.assert(
      fc.asyncProperty(anyBody, corruption, cuts, async (b, c, at) => {
        const body = corrupt(b.body, c);
        fc.pre(body !== undefined);
        const { outcome, checksums } = await decode(b, splitAt(body, at));
        seen[outcome.ok ? 'ok' : 'error']++;
        if (!outcome.ok) return void expectSigV4Error(outcome);
        // Harmless edits (the case of a hex digit, a dropped final empty line) may pass; a
        // decode that succeeds must still give exactly the bytes and checksums that were sent.
        expect(outcome.data.equals(b.data)).toBe(true);
        expect(checksums).toEqual(b.checksums);
      }),
      { numRuns, timeout },
    );
    expect(seen.error).toBeGreaterThan(seen.ok);
  });

  it('always rejects a changed byte of data or of the checksum that covers it', async () => {
    const target = anyBody
      .filter((b) => b.covered.some(([from, to]) => to > from))
      .chain((b) =>
        fc.record({
          b: fc.constant(b),
          region: fc.constantFrom(...b.covered.filter(([from, to]) => to > from)),
          offset: fc.nat(),
          mask: fc.integer({ min: 1, max: 255 }),
          at: cuts,
        }),
      );
    await fc.assert(
      fc.asyncProperty(target, async ({ b, region: [from, to], offset, mask, at }) => {
        const body = corrupt(b.body, { kind: 'flip', at: from + (offset % (to - from)), mask })!;
        const { outcome } = await decode(b, splitAt(body, at));
        const err = expectSigV4Error(outcome);
        expect([
          'SignatureDoesNotMatch',
          'BadDigest',
          'XAmzContentSHA256Mismatch',
          'InvalidRequest',
          'MalformedTrailerError',
        ]).toContain(err.code);
      }),
      { numRuns, timeout },
    );
  });

  it('rejects random bytes in every streaming mode with a SigV4Error', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...STREAMING),
        fc.oneof(
          fc.uint8Array({ maxLength: 300 }),
          fc
            .array(
              fc.constantFrom(
                '0',
                '1',
                'f',
                ';',
                'chunk-signature=',
                '\r\n',
                ':',
                'x-amz-checksum-crc32',
              ),
            )
            .map((t) => Buffer.from(t.join(''))),
        ),
        cuts,
        async (kind, bytes, at) => {
          const headers: Record<string, string> =
            kind === 'streaming-signed' ? {} : { 'x-amz-trailer': 'x-amz-checksum-crc32' };
          const { outcome } = await decode(
            { payload: { kind }, headers },
            splitAt(Buffer.from(bytes), at),
          );
          // Only a well-formed, correctly signed body may pass; random bytes never are.
          expectSigV4Error(outcome);
        },
      ),
      { numRuns, timeout },
    );
  });

  it('refuses inconsistent headers synchronously with a SigV4Error and nothing else', () => {
    const headerValue = fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.constantFrom(
        '10',
        '-1',
        '1e3',
        '99999999999999999',
        'x-amz-checksum-crc32',
        'CRC32',
        'AAAAAA==',
      ),
    );
    const headers: fc.Arbitrary<HeaderMap> = fc.dictionary(
      fc.constantFrom(
        'x-amz-decoded-content-length',
        'x-amz-trailer',
        'x-amz-sdk-checksum-algorithm',
        'x-amz-checksum-crc32',
        'x-amz-checksum-sha256',
        'x-amz-checksum-md5',
      ),
      fc.oneof(headerValue, fc.array(headerValue, { maxLength: 3 })),
    );
    const payload = fc.oneof(
      fc.constantFrom(...STREAMING, 'unsigned' as const).map((kind) => ({ kind })),
      fc.constant({ kind: 'sha256' as const, hex: 'e'.repeat(64) }),
    );
    fc.assert(
      fc.property(payload, headers, (p, h) => {
        try {
          createBodyDecoder({ auth: auth(p), headers: h });
        } catch (err) {
          expect(SigV4Error.is(err), `not a SigV4Error: ${String(err)}`).toBe(true);
        }
      }),
      { numRuns },
    );
  });
});
