import { isS3Error } from '@strata/s3-xml';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCopySource, parseCopySourceRange, type CopySource } from './copy-source.js';

// `pnpm fuzz` raises FUZZ_RUNS; the default keeps this file to a few seconds in CI.
const numRuns = Number(process.env.FUZZ_RUNS) || 500;

/** Runs `fn`: its value, or the code of the S3Error it threw (any other throw fails the test). */
function outcome<T>(fn: () => T): { ok: true; value: T } | { ok: false; code: string } {
  try {
    return { ok: true, value: fn() };
  } catch (err) {
    expect(isS3Error(err), `not an S3Error: ${String(err)}`).toBe(true);
    return { ok: false, code: (err as { code: string }).code };
  }
}

const bucket = fc.stringMatching(/^[a-z0-9][a-z0-9.-]{1,20}[a-z0-9]$/);
/** Keys as S3 allows them: any Unicode, `/`, `?`, `%`, `+`, spaces, dot segments. */
const key = fc
  .string({
    unit: fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...'a/?%+ #&=.~', '..', '//', 'é', '😀') },
      { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
    ),
    minLength: 1,
    maxLength: 20,
  })
  .filter((k) => k !== '');
const versionId = fc.option(fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }), {
  nil: undefined,
});

/** The header as clients write it: key escaped per segment (SDKs) or whole, slash optional. */
const copySource = fc
  .record({
    bucket,
    key,
    versionId,
    leadingSlash: fc.boolean(),
    perSegment: fc.boolean(),
  })
  .map((m) => {
    const encodedKey = m.perSegment
      ? m.key.split('/').map(encodeURIComponent).join('/')
      : encodeURIComponent(m.key);
    const query = m.versionId === undefined ? '' : `?versionId=${encodeURIComponent(m.versionId)}`;
    const expected: CopySource = { bucket: m.bucket, key: m.key, versionId: m.versionId };
    return { header: `${m.leadingSlash ? '/' : ''}${m.bucket}/${encodedKey}${query}`, expected };
  });

/**
 * Reference for `x-amz-copy-source-range`: OWS (space, tab) around the value, then exactly
 * `bytes=first-last` with first <= last, compared without rounding.
 */
function rangeReference(header: string): { start: number; end: number } | undefined {
  const m = /^bytes=([0-9]+)-([0-9]+)$/.exec(header.replace(/^[ \t]+|[ \t]+$/g, ''));
  if (!m || BigInt(m[1]!) > BigInt(m[2]!)) return undefined;
  return { start: Number(m[1]), end: Number(m[2]) };
}

const digits = fc.oneof(
  fc.integer({ min: 0, max: 10_000 }).map(String),
  fc.constantFrom('00', '9007199254740992', '9007199254740993', '18446744073709551616'),
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: 25 }),
);
const rangeHeader = fc.oneof(
  fc
    .tuple(
      // Mostly well-formed (repeats weight the choice), so that both outcomes come up often.
      fc.constantFrom('', '', '', '', ' ', '\t', '\u00a0'),
      fc.constantFrom('bytes=', 'bytes=', 'bytes=', 'BYTES=', 'bytes =', ''),
      digits,
      fc.constantFrom('-', '-', '-', '--', ''),
      digits,
      fc.option(fc.integer({ min: -2, max: 2 }), { nil: undefined }),
    )
    .map(([ows, unit, first, dash, last, near]) => {
      // Often a last a byte or two from the first: the order check at every magnitude.
      const end = near === undefined ? last : String(BigInt(first) + BigInt(near));
      return `${ows}${unit}${first}${dash}${end.startsWith('-') ? last : end}${ows}`;
    }),
  fc.string({ maxLength: 30 }),
);

describe('x-amz-copy-source (fuzz)', () => {
  it('parses any header to a source or refuses it with S3Error InvalidArgument', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 40 }),
          fc.string({ unit: 'binary', maxLength: 40 }),
          copySource.map((c) => c.header),
        ),
        (header) => {
          const got = outcome(() => parseCopySource(header));
          if (!got.ok) expect(got.code).toBe('InvalidArgument');
          else expect(got.value.bucket !== '' && got.value.key !== '').toBe(true);
        },
      ),
      { numRuns },
    );
  });

  it('round-trips any bucket, key and version id written as clients write them', () => {
    fc.assert(
      fc.property(copySource, ({ header, expected }) => {
        expect(outcome(() => parseCopySource(header))).toEqual({ ok: true, value: expected });
      }),
      { numRuns },
    );
  });

  it('parses x-amz-copy-source-range as the reference does, else InvalidArgument', () => {
    const seen = { ok: 0, refused: 0 };
    fc.assert(
      fc.property(rangeHeader, (header) => {
        const expected = rangeReference(header);
        const got = outcome(() => parseCopySourceRange(header));
        seen[got.ok ? 'ok' : 'refused']++;
        expect(got).toEqual(
          expected === undefined
            ? { ok: false, code: 'InvalidArgument' }
            : { ok: true, value: expected },
        );
      }),
      { numRuns },
    );
    expect(seen.ok).toBeGreaterThan(0);
    expect(seen.refused).toBeGreaterThan(0);
  });
});
