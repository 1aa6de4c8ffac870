import { isS3Error, type S3ErrorCode } from '@strata/s3-xml';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertKey, assertPartNumber, assertUserMetadata, decodeContentMd5 } from './validate.js';

// `pnpm fuzz` raises FUZZ_RUNS; the default keeps this file to a few seconds in CI.
const numRuns = Number(process.env.FUZZ_RUNS) || 500;

/** UTF-8 length by hand: a lone surrogate is written as U+FFFD (3 bytes), as Node does. */
function utf8Length(text: string): number {
  let bytes = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/** Runs `fn`; the S3Error code it threw, `undefined` when it returned, a test failure otherwise. */
function thrown(fn: () => unknown): S3ErrorCode | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    expect(isS3Error(err), `not an S3Error: ${String(err)}`).toBe(true);
    return (err as { code: S3ErrorCode }).code;
  }
}

const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((u) => String.fromCharCode(u));
/** Keys of every UTF-8 width around the 1024-byte limit, lone surrogates included. */
const key = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 400 }),
  fc.string({ unit: codeUnit, maxLength: 400 }),
  fc
    .tuple(
      fc.constantFrom('a', 'é', '日', '😀', '\uD800'),
      fc.integer({ min: 200, max: 1100 }),
      fc.string({ maxLength: 4 }),
    )
    .map(([ch, n, tail]) => ch.repeat(Math.ceil(n / utf8Length(ch))) + tail),
);

describe('object-layer request checks (fuzz)', () => {
  it('assertKey: KeyTooLongError exactly when the key is over 1024 bytes of UTF-8', () => {
    const seen = new Set<string | undefined>();
    fc.assert(
      fc.property(key, (k) => {
        const code = thrown(() => assertKey(k));
        seen.add(code);
        expect(code).toBe(utf8Length(k) > 1024 ? 'KeyTooLongError' : undefined);
      }),
      { numRuns },
    );
    expect(seen).toEqual(new Set([undefined, 'KeyTooLongError']));
  });

  it('assertUserMetadata: MetadataTooLarge exactly when names and values exceed 2048 bytes', () => {
    const metadata = fc.dictionary(fc.string({ unit: 'binary', maxLength: 30 }), key, {
      maxKeys: 8,
    });
    fc.assert(
      fc.property(metadata, (m) => {
        const size = Object.entries(m).reduce(
          (n, [k, val]) => n + utf8Length(k) + utf8Length(val),
          0,
        );
        expect(thrown(() => assertUserMetadata(m))).toBe(
          size > 2048 ? 'MetadataTooLarge' : undefined,
        );
      }),
      { numRuns },
    );
  });

  it('assertPartNumber: InvalidArgument for anything but an integer in 1..10000', () => {
    const n = fc.oneof(
      fc.integer({ min: -5, max: 10_005 }),
      fc.double(),
      fc.constantFrom(Number.NaN, Infinity, -Infinity, 1.5, 2 ** 53, -0),
    );
    fc.assert(
      fc.property(n, (partNumber) => {
        const ok = Number.isInteger(partNumber) && partNumber >= 1 && partNumber <= 10_000;
        expect(thrown(() => assertPartNumber(partNumber))).toBe(ok ? undefined : 'InvalidArgument');
      }),
      { numRuns },
    );
  });

  it('decodeContentMd5: the 16 digest bytes of canonical base64, InvalidDigest for anything else', () => {
    const value = fc.oneof(
      fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => Buffer.from(b).toString('base64')),
      fc.uint8Array({ maxLength: 24 }).map((b) => Buffer.from(b).toString('base64')),
      fc
        .tuple(
          fc.uint8Array({ minLength: 16, maxLength: 16 }),
          fc.constantFrom(' ', '\t', '\n', '=', 'A', '-', '_'),
        )
        .map(([b, extra]) => Buffer.from(b).toString('base64') + extra),
      fc.string({ maxLength: 30 }),
    );
    fc.assert(
      fc.property(value, (v) => {
        let decoded: Buffer | undefined;
        const code = thrown(() => (decoded = decodeContentMd5(v)));
        if (code === undefined) {
          // Accepted: 16 bytes whose base64 is the value (without its surrounding whitespace).
          expect(decoded?.length).toBe(16);
          expect(decoded?.toString('base64')).toBe(v.trim());
        } else expect(code).toBe('InvalidDigest');
      }),
      { numRuns },
    );
  });
});
