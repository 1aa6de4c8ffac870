import { isS3Error } from '@strata/s3-xml';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRange, resolveRange, serializeRange } from './range.js';

// `pnpm fuzz` raises FUZZ_RUNS; the default keeps this file to a few seconds in CI.
const numRuns = Number(process.env.FUZZ_RUNS) || 300;

type Served =
  | { status: 200 }
  | { status: 206; start: number; end: number }
  | { status: 416; contentRange: string };

/**
 * Reference model, written from RFC 9110 §14.1-14.2 with S3's choices, in BigInt so that no
 * digit string is rounded:
 * - the field value without its leading and trailing OWS (space, tab);
 * - one `bytes=first-last`, `bytes=first-` or `bytes=-suffix` (unit case-insensitive); anything
 *   else (another unit, several ranges, `bytes=-`, a last before the first, any other syntax) is
 *   ignored and the whole object served, which is what S3 does;
 * - `first >= size` is unsatisfiable (416); `last` is clamped to `size - 1`;
 * - a suffix of 0 is unsatisfiable; a suffix on an empty object serves it whole (S3 answers 200).
 */
function reference(header: string, size: number): Served {
  const value = header.replace(/^[ \t]+|[ \t]+$/g, '');
  if (value.slice(0, 6).toLowerCase() !== 'bytes=') return { status: 200 };
  const spec = value.slice(6);
  const dash = spec.indexOf('-');
  const first = spec.slice(0, dash);
  const last = spec.slice(dash + 1);
  const digits = (s: string) => [...s].every((c) => c >= '0' && c <= '9');
  if (dash < 0 || !digits(first) || !digits(last) || (first === '' && last === '')) {
    return { status: 200 };
  }
  const n = BigInt(size);
  const unsatisfiable = { status: 416 as const, contentRange: `bytes */${size}` };
  if (first === '') {
    const suffix = BigInt(last);
    if (suffix === 0n) return unsatisfiable;
    if (n === 0n) return { status: 200 };
    const start = suffix >= n ? 0n : n - suffix;
    return { status: 206, start: Number(start), end: size - 1 };
  }
  const start = BigInt(first);
  if (last !== '' && BigInt(last) < start) return { status: 200 };
  if (start >= n) return unsatisfiable;
  const end = last === '' || BigInt(last) >= n ? n - 1n : BigInt(last);
  return { status: 206, start: Number(start), end: Number(end) };
}

/** What the object layer serves for `header` on an object of `size` bytes. */
function served(header: string, size: number): Served {
  const spec = parseRange(header);
  if (spec === undefined) return { status: 200 };
  try {
    const range = resolveRange(spec, size);
    return range === undefined ? { status: 200 } : { status: 206, ...range };
  } catch (err) {
    expect(isS3Error(err), `not an S3Error: ${String(err)}`).toBe(true);
    const e = err as {
      code: string;
      headers: Record<string, string>;
      extra: Record<string, string>;
    };
    expect(e.code).toBe('InvalidRange');
    expect(e.extra).toEqual({
      ActualObjectSize: String(size),
      RangeRequested: serializeRange(spec),
    });
    return { status: 416, contentRange: e.headers['Content-Range'] ?? '' };
  }
}

const size = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 100 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, 1, 5 * 2 ** 40, Number.MAX_SAFE_INTEGER) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }) },
);

/** Digit strings with leading zeros, around 2^53 and past it. */
const oddDigits = fc.oneof(
  fc.constantFrom('0', '00', '007', '9007199254740992', '9007199254740993', '9007199254740994'),
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: 30 }),
  fc.bigInt({ min: 2n ** 53n - 2n, max: 2n ** 53n + 2n }).map(String),
  fc.bigInt({ min: 0n, max: 2n ** 64n }).map(String),
);

/** A position near the object's size, or any digit string. */
const position = (s: number) =>
  fc.oneof(
    {
      weight: 3,
      arbitrary: fc.integer({ min: 0, max: Math.min(s + 3, Number.MAX_SAFE_INTEGER) }).map(String),
    },
    { weight: 1, arbitrary: oddDigits },
  );

/** A Range header: mostly one well-formed range, sometimes bent out of shape. */
const header = (s: number) =>
  fc.oneof(
    {
      weight: 6,
      arbitrary: fc
        .record({
          unit: fc.constantFrom('bytes', 'BYTES', 'Bytes', 'byte', 'items', ''),
          eq: fc.constantFrom('=', '=', '=', ' =', '= ', ''),
          first: fc.option(position(s), { nil: undefined }),
          dash: fc.constantFrom('-', '-', '-', '', '--', ' - '),
          last: fc.option(position(s), { nil: undefined }),
          // Often a last position a few bytes from the first: the order check at every magnitude.
          near: fc.option(fc.integer({ min: -3, max: 3 }), { nil: undefined }),
          more: fc.constantFrom('', '', '', ',', ',0-1', ', 5-', ';x'),
          ows: fc.constantFrom('', ' ', '\t', '  ', '\u00a0'),
        })
        .map((h) => {
          const near =
            h.first !== undefined && h.near !== undefined && BigInt(h.first) + BigInt(h.near) >= 0n
              ? String(BigInt(h.first) + BigInt(h.near))
              : undefined;
          const last = near ?? h.last ?? '';
          return `${h.ows}${h.unit}${h.eq}${h.first ?? ''}${h.dash}${last}${h.more}${h.ows}`;
        }),
    },
    { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
    {
      weight: 1,
      arbitrary: fc.string({ unit: fc.constantFrom(...'bytes=-0123456789, \t'), maxLength: 20 }),
    },
  );

const request = size.chain((s) => fc.tuple(fc.constant(s), header(s)));

describe('Range (fuzz): parseRange + resolveRange against an RFC 9110 reference model', () => {
  it('serves what the reference model says for any header and object size', () => {
    const seen = new Set<number>();
    fc.assert(
      fc.property(request, ([s, h]) => {
        const got = served(h, s);
        seen.add(got.status);
        expect(got).toEqual(reference(h, s));
      }),
      // One of each outcome always runs, so the coverage check below does not hang on how
      // often the random headers happen to land on an unsatisfiable range.
      {
        numRuns,
        examples: [[[10, 'bytes=0-4']], [[10, 'bytes=10-']], [[10, 'items=0-4']]],
      },
    );
    expect([...seen].sort()).toEqual([200, 206, 416]);
  });

  it('serves a range inside the object whenever it serves one', () => {
    fc.assert(
      fc.property(request, ([s, h]) => {
        const got = served(h, s);
        if (got.status !== 206) return;
        expect(Number.isSafeInteger(got.start) && Number.isSafeInteger(got.end)).toBe(true);
        expect(0 <= got.start && got.start <= got.end && got.end < s).toBe(true);
      }),
      { numRuns },
    );
  });

  it('round-trips a parsed range through serializeRange', () => {
    fc.assert(
      fc.property(request, ([, h]) => {
        const spec = parseRange(h);
        if (
          spec !== undefined &&
          Object.values(spec).every((n) => typeof n !== 'number' || Number.isSafeInteger(n))
        ) {
          expect(parseRange(serializeRange(spec))).toEqual(spec);
        }
      }),
      { numRuns },
    );
  });
});
