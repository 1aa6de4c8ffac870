import { randomBytes } from 'node:crypto';

/** Crockford base32: no I, L, O, U, so ids survive being read aloud and sort in ASCII order. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const TIME_CHARS = 10; // 50 bits of room for a 48-bit millisecond timestamp
const RANDOM_CHARS = 16; // 80 random bits
const MAX_TIME = 2 ** 48 - 1;
const RANDOM_MAX = (1n << 80n) - 1n;

/** Length of every write id. */
export const WRITE_ID_LENGTH = TIME_CHARS + RANDOM_CHARS;

let lastTime = -1;
let lastRandom = 0n;

function encode(value: bigint, chars: number): string {
  let out = '';
  for (let i = 0; i < chars; i++) {
    out = ALPHABET[Number(value & 31n)]! + out;
    value >>= 5n;
  }
  return out;
}

/**
 * Creates a fresh write id: a 48-bit millisecond timestamp followed by 80 random bits, encoded
 * as 26 Crockford base32 characters (the ULID layout). Ids are fixed-width and sort
 * lexicographically by creation time; ids created in the same millisecond by this process are
 * strictly increasing (the random part is incremented), so byte order is also creation order here.
 *
 * @param now - milliseconds since the epoch (defaults to `Date.now()`).
 * @throws RangeError when `now` does not fit in 48 bits.
 */
export function createWriteId(now: number = Date.now()): string {
  if (!Number.isInteger(now) || now < 0 || now > MAX_TIME) {
    throw new RangeError(`write id time out of range: ${now}`);
  }
  let random: bigint;
  if (now <= lastTime && lastRandom < RANDOM_MAX) {
    // Same (or an earlier, skewed) millisecond: keep ids monotonic within this process.
    now = lastTime;
    random = lastRandom + 1n;
  } else {
    random = BigInt(`0x${randomBytes(10).toString('hex')}`);
  }
  lastTime = now;
  lastRandom = random;
  return encode(BigInt(now), TIME_CHARS) + encode(random, RANDOM_CHARS);
}

/**
 * A write id as upper-case hex (33 digits, its 130 bits): the same order as the ids, compared as
 * S3 compares an event's `sequencer` (as strings, the shorter padded with zeros on the left).
 * Never throws (it runs inside commits): past the first 26 characters nothing counts, and a
 * character outside the alphabet counts as 0.
 */
export function writeIdHex(id: string): string {
  let value = 0n;
  for (const ch of id.slice(0, WRITE_ID_LENGTH)) {
    value = value * 32n + BigInt(Math.max(0, ALPHABET.indexOf(ch)));
  }
  return value.toString(16).toUpperCase().padStart(33, '0');
}

/**
 * Decodes the creation time of a write id.
 *
 * @throws TypeError when `id` is not a write id.
 */
export function parseWriteIdTime(id: string): Date {
  if (id.length !== WRITE_ID_LENGTH) throw new TypeError(`not a write id: ${id}`);
  let value = 0;
  for (const ch of id.slice(0, TIME_CHARS)) {
    const digit = ALPHABET.indexOf(ch);
    if (digit < 0) throw new TypeError(`not a write id: ${id}`);
    value = value * 32 + digit;
  }
  return new Date(value);
}
