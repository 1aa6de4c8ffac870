/**
 * Compares two strings in UTF-8 byte order, the order S3 lists keys in. (JavaScript's `<`
 * compares UTF-16 code units, which sorts characters above U+FFFF before U+E000..U+FFFF.)
 */
export function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
