import { isS3Error } from '@strata/s3-xml';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertValidBucketName, isValidBucketName } from './bucket-name.js';

// `pnpm fuzz` raises FUZZ_RUNS; the default keeps this file to a few seconds in CI.
const numRuns = Number(process.env.FUZZ_RUNS) || 1000;

/**
 * Reference model, written from the AWS "General purpose bucket naming rules" list, one rule at a
 * time and without regular expressions.
 */
function reference(name: string): boolean {
  const isLower = (c: string) => c >= 'a' && c <= 'z';
  const isDigit = (c: string) => c >= '0' && c <= '9';
  const chars = [...name];
  // 3 to 63 characters long.
  if (chars.length < 3 || chars.length > 63) return false;
  // Only lowercase letters, numbers, periods and hyphens.
  if (!chars.every((c) => isLower(c) || isDigit(c) || c === '.' || c === '-')) return false;
  // Begin and end with a letter or number.
  for (const c of [chars[0]!, chars.at(-1)!]) if (!isLower(c) && !isDigit(c)) return false;
  // No two adjacent periods.
  if (chars.some((c, i) => c === '.' && chars[i + 1] === '.')) return false;
  // No period next to a hyphen: every label starts and ends with a letter or number.
  if (
    chars.some((c, i) => (c === '.' && chars[i + 1] === '-') || (c === '-' && chars[i + 1] === '.'))
  ) {
    return false;
  }
  // Not formatted as an IP address (192.168.5.4): four dot-separated groups of 1-3 digits.
  const groups = name.split('.');
  if (
    groups.length === 4 &&
    groups.every((g) => g.length >= 1 && g.length <= 3 && [...g].every(isDigit))
  ) {
    return false;
  }
  // Reserved prefixes and suffixes.
  for (const prefix of ['xn--', 'sthree-', 'amzn-s3-demo-'])
    if (name.startsWith(prefix)) return false;
  for (const suffix of ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3']) {
    if (name.endsWith(suffix)) return false;
  }
  return true;
}

/** Names near the rules: the allowed alphabet with the reserved affixes and IP-like groups mixed in. */
const nameLike = fc
  .array(
    fc.oneof(
      { weight: 10, arbitrary: fc.constantFrom(...'abcxyz0189.-') },
      {
        weight: 2,
        arbitrary: fc.constantFrom(
          'xn--',
          'sthree-',
          'amzn-s3-demo-',
          '-s3alias',
          '--ol-s3',
          '.mrap',
          '--x-s3',
          '--table-s3',
          '..',
          '.-',
          '-.',
        ),
      },
      { weight: 2, arbitrary: fc.integer({ min: 0, max: 999 }).map((n) => `${n}.`) },
      { weight: 1, arbitrary: fc.constantFrom('A', 'Z', '_', ' ', 'é', 'ı', 'K', '\u0000', '😀') },
    ),
    { maxLength: 40 },
  )
  .map((parts) => parts.join(''));

const ipLike = fc
  .array(fc.integer({ min: 0, max: 9999 }), { minLength: 3, maxLength: 5 })
  .map((ns) => ns.join('.'));

const lengthEdge = fc
  .tuple(fc.integer({ min: 1, max: 70 }), fc.constantFrom('a', '0', '.', '-'))
  .map(([n, fill]) => `a${fill.repeat(Math.max(0, n - 2))}z`.slice(0, n));

const anyName = fc.oneof(nameLike, ipLike, lengthEdge, fc.string({ maxLength: 70 }));

describe('bucket names (fuzz) against a reference model of the AWS naming rules', () => {
  it('isValidBucketName agrees with the reference for any string, valid and invalid both seen', () => {
    const seen = { valid: 0, invalid: 0 };
    fc.assert(
      fc.property(anyName, (name) => {
        const expected = reference(name);
        seen[expected ? 'valid' : 'invalid']++;
        expect(isValidBucketName(name)).toBe(expected);
      }),
      { numRuns },
    );
    expect(seen.valid).toBeGreaterThan(0);
    expect(seen.invalid).toBeGreaterThan(0);
  });

  it('assertValidBucketName throws only InvalidBucketName, and only for invalid names', () => {
    fc.assert(
      fc.property(anyName, (name) => {
        try {
          assertValidBucketName(name);
          expect(reference(name)).toBe(true);
        } catch (err) {
          expect(isS3Error(err), `not an S3Error: ${String(err)}`).toBe(true);
          expect(err).toMatchObject({ code: 'InvalidBucketName', extra: { BucketName: name } });
          expect(reference(name)).toBe(false);
        }
      }),
      { numRuns },
    );
  });
});
