/** The number of `length` ASCII digits at `at`, or -1 if any is not a digit. */
function digits(value: string, at: number, length: number): number {
  let n = 0;
  for (let i = at; i < at + length; i++) {
    const d = value.charCodeAt(i) - 0x30;
    if (!(d >= 0 && d <= 9)) return -1;
    n = n * 10 + d;
  }
  return n;
}

/** Parse the ISO 8601 basic format SigV4 uses (`20130524T000000Z`); `undefined` if invalid. */
export function parseAmzDate(value: string): Date | undefined {
  const ms = parseAmzDateMs(value);
  return ms === undefined ? undefined : new Date(ms);
}

/**
 * {@link parseAmzDate} as epoch milliseconds. Hand-rolled rather than a regular expression, and
 * no Date object: it runs on every request.
 */
export function parseAmzDateMs(value: string): number | undefined {
  if (value.length !== 16 || value.charCodeAt(8) !== 0x54 || value.charCodeAt(15) !== 0x5a) {
    return undefined;
  }
  const y = digits(value, 0, 4);
  const mo = digits(value, 4, 2);
  const d = digits(value, 6, 2);
  const h = digits(value, 9, 2);
  const mi = digits(value, 11, 2);
  const s = digits(value, 13, 2);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59) {
    return undefined;
  }
  // Checked by arithmetic rather than by reading a Date back: Date.UTC silently rolls 20130231
  // over into March.
  if (s < 0 || s > 59 || d > daysInMonth(y, mo)) return undefined;
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  if (month !== 2) return DAYS[month - 1] ?? 0;
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
}

/**
 * Parse an HTTP `Date` header (RFC 9110 IMF-fixdate, also the obsolete forms `Date.parse`
 * understands); `undefined` if invalid.
 */
export function parseHttpDate(value: string): Date | undefined {
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

/** Format as `20130524T000000Z`. */
export function toAmzDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
}
