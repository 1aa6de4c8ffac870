/**
 * Dates of the `Date…` condition operators: "W3C implementation of the ISO 8601 date formats"
 * (`2024-01-31`, `2024-01-31T12:00Z`, `2024-01-31T12:00:00.123+02:00`) or epoch seconds
 * (`1706702400`), as IAM accepts them on either side of a comparison. A date-time without a
 * zone is UTC, never the local time of the machine evaluating the policy.
 */
const ISO_8601 =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/;
const EPOCH_SECONDS = /^\d{1,12}$/;

/** Milliseconds of the zone offset `+hh:mm`, `+hhmm` or `+hh` (0 for `Z` or none). */
function offsetMs(zone: string | undefined): number | undefined {
  if (zone === undefined || zone === 'Z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (hours > 23 || minutes > 59) return undefined;
  return (zone[0] === '-' ? -1 : 1) * (hours * 60 + minutes) * 60_000;
}

/** `text` as milliseconds since the epoch, or `undefined` when it is not a date IAM accepts. */
export function parseDate(text: string): number | undefined {
  if (EPOCH_SECONDS.test(text)) return Number(text) * 1000;
  const match = ISO_8601.exec(text);
  if (match === null) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', zone] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return undefined;
  const ms = Number(fraction.padEnd(3, '0').slice(0, 3));
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  // Date.UTC rolls 2024-02-30 over to March; a day the month does not have is no date.
  if (new Date(utc).getUTCDate() !== day) return undefined;
  const offset = offsetMs(zone);
  return offset === undefined ? undefined : utc - offset;
}
