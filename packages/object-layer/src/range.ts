import type { ByteRange } from '@strata/backend-pool';
import { S3Error } from '@strata/s3-xml';
import type { RangeSpec } from './types.js';

const SINGLE_RANGE = /^bytes=(\d*)-(\d*)$/i;

/**
 * Parses a `Range` header. Returns `undefined` for anything S3 ignores (it then answers 200 with
 * the whole body): bad syntax, another unit, several ranges, `bytes=-`, or `first > last`.
 * `bytes=-0` parses (as a zero-length suffix) so that resolution can reject it with 416, as S3 does.
 */
export function parseRange(header: string): RangeSpec | undefined {
  // Only OWS (space, tab) surrounds a field value (RFC 9110 §5.5); `String#trim` would also drop
  // U+00A0 and other Unicode spaces, which make the header invalid, so ignored (range.fuzz.test.ts).
  const match = SINGLE_RANGE.exec(header.replace(/^[ \t]+|[ \t]+$/g, ''));
  if (!match) return undefined;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return undefined;
  if (first === '') return { kind: 'suffix', length: Number(last) };
  // Digits beyond 2^53 lose precision but stay far past any object size, so they still 416.
  const start = Number(first);
  if (last === '') return { kind: 'from', start };
  // Compared exactly: past 2^53 `Number` rounds, and `bytes=9007199254740996-9007199254740995`
  // (last before first: ignored) read as equal numbers (found by range.fuzz.test.ts).
  if (BigInt(last) < BigInt(first)) return undefined;
  const end = Number(last);
  return { kind: 'bounded', start, end: Number.isSafeInteger(end) ? end : Number.MAX_SAFE_INTEGER };
}

/** Renders a range spec back to its header form (for error bodies). */
export function serializeRange(range: RangeSpec): string {
  switch (range.kind) {
    case 'bounded':
      return `bytes=${range.start}-${range.end}`;
    case 'from':
      return `bytes=${range.start}-`;
    case 'suffix':
      return `bytes=-${range.length}`;
  }
}

function invalidRange(range: RangeSpec, size: number): S3Error {
  return new S3Error('InvalidRange', {
    message: 'The requested range is not satisfiable',
    headers: { 'Content-Range': `bytes */${size}` },
    extra: { ActualObjectSize: String(size), RangeRequested: serializeRange(range) },
  });
}

/**
 * Resolves a range against an object size (RFC 9110 section 14.1.2, as S3 applies it):
 * - `bytes=a-b` / `bytes=a-`: 416 when `a >= size` (so always, on a zero-byte object); `b` is
 *   clamped to `size - 1`.
 * - `bytes=-n`: the last `n` bytes (the whole object when `n >= size`); `bytes=-0` is 416; on a
 *   zero-byte object S3 answers 200 with the empty body, so this resolves to `undefined`.
 *
 * @returns the inclusive byte range to serve with 206, or `undefined` to serve the whole body with 200.
 * @throws S3Error InvalidRange (416, `Content-Range: bytes *\/size`).
 */
export function resolveRange(range: RangeSpec, size: number): ByteRange | undefined {
  if (range.kind === 'suffix') {
    if (range.length <= 0) throw invalidRange(range, size);
    if (size === 0) return undefined;
    return { start: Math.max(0, size - range.length), end: size - 1 };
  }
  if (range.start >= size) throw invalidRange(range, size);
  const end = range.kind === 'bounded' ? Math.min(range.end, size - 1) : size - 1;
  return { start: range.start, end };
}
