/**
 * S3 key order is the byte order of the keys' UTF-8 encodings, which equals code point order.
 * JavaScript's `<` compares UTF-16 code units instead, and disagrees for characters above U+FFFF
 * (surrogates, 0xD800–0xDFFF) against U+E000–U+FFFF; so every comparison in JS goes through here.
 */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

const MAX_CODE_POINT = 0x10ffff;
const SURROGATE_START = 0xd800;
const SURROGATE_END = 0xdfff;

/**
 * The smallest string greater (in UTF-8 byte order) than every string that starts with `prefix`,
 * or `undefined` when there is none (the prefix is all U+10FFFF). So "starts with `prefix`" is the
 * index range `prefix <= key < prefixSuccessor(prefix)`, and a listing can seek past a common
 * prefix with one `key >= successor` instead of scanning the keys under it.
 *
 * Incrementing the last code point works because UTF-8 preserves code point order and no encoding
 * is a prefix of another; surrogates are skipped since no UTF-8 string contains them.
 */
export function prefixSuccessor(prefix: string): string | undefined {
  const codePoints = Array.from(prefix, (c) => c.codePointAt(0) ?? 0);
  while (codePoints.length > 0) {
    const last = codePoints.pop() ?? MAX_CODE_POINT;
    if (last < MAX_CODE_POINT) {
      const next =
        last + 1 >= SURROGATE_START && last + 1 <= SURROGATE_END ? SURROGATE_END + 1 : last + 1;
      return String.fromCodePoint(...codePoints, next);
    }
  }
  return undefined;
}

/**
 * The common prefix `key` rolls up into: `prefix` plus everything up to and including the first
 * `delimiter` after it; `undefined` when the key has no delimiter past the prefix.
 */
export function commonPrefixOf(
  key: string,
  prefix: string,
  delimiter: string | undefined,
): string | undefined {
  if (delimiter === undefined || delimiter === '' || !key.startsWith(prefix)) return undefined;
  const at = key.indexOf(delimiter, prefix.length);
  return at < 0 ? undefined : key.slice(0, at + delimiter.length);
}
