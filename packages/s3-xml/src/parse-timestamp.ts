// An RFC 3339 date-time (the profile of ISO 8601 that xs:dateTime and S3's timestamps follow).
// The offset is required: without one the instant would depend on the server's time zone.
// `T` and `Z` may be lower case (RFC 3339 §5.6, NOTE). ASCII digits only (`\d` without `u`).
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return leap ? 29 : 28;
  }
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * Reads an RFC 3339 timestamp with an offset (`2030-01-01T00:00:00Z`,
 * `2030-01-01T00:00:00.000Z`, `2030-01-01T02:00:00+02:00`) as the instant it names. Fractions
 * beyond milliseconds are truncated, which `Date` cannot hold. Every field is range-checked
 * rather than left to `Date`, which would roll `2030-02-30` over into March. A leap second
 * (`:60`) is refused: `Date` cannot represent it and no retention needs one.
 *
 * @returns The instant, or undefined when `text` is not such a timestamp.
 * @example
 * ```ts
 * parseTimestamp('2030-01-01T02:00:00+02:00'); // 2030-01-01T00:00:00.000Z
 * parseTimestamp('2030-02-30T00:00:00Z'); // undefined
 * ```
 */
export function parseTimestamp(text: string): Date | undefined {
  const m = DATE_TIME.exec(text);
  if (m === null) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const [, , , , , , , fraction, sign, offsetHours, offsetMinutes] = m;
  // From the digits, not `Number('0.' + fraction) * 1000`, whose float error turns .57 into 569.
  const millis = fraction === undefined ? 0 : Number(fraction.slice(0, 3).padEnd(3, '0'));
  let offset = 0;
  if (sign !== undefined) {
    const h = Number(offsetHours);
    const min = Number(offsetMinutes);
    if (h > 23 || min > 59) return undefined;
    offset = (sign === '-' ? -1 : 1) * (h * 60 + min) * 60_000;
  }
  // `setUTCFullYear` rather than `Date.UTC`, which reads years 0-99 as 1900-1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, millis);
  return new Date(date.getTime() - offset);
}
