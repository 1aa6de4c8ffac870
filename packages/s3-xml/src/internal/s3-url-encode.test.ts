import { describe, expect, it } from 'vitest';
import { s3UrlEncode } from './s3-url-encode.js';

// botocore decodes with unquote_plus: '+' is a space, then percent-decoding.
function unquotePlus(value: string): string {
  return decodeURIComponent(value.replace(/\+/g, ' '));
}

const KEYS = [
  'a b.txt',
  'a+b.txt',
  '100%.csv',
  'q?x=1&y=2#frag',
  'tilde~and*star',
  '한글/x.txt',
  'emoji 😀/file',
  'quotes "and\' parens()!',
  'ctrl\u0001\n\r\t',
  '/leading/and/trailing/',
  '',
];

describe('s3UrlEncode', () => {
  it('encodes the way S3 does for encoding-type=url, spaces as %20', () => {
    expect(s3UrlEncode('a b.txt')).toBe('a%20b.txt');
    expect(s3UrlEncode('a+b.txt')).toBe('a%2Bb.txt');
    expect(s3UrlEncode('100%.csv')).toBe('100%25.csv');
    expect(s3UrlEncode('한글/x.txt')).toBe('%ED%95%9C%EA%B8%80/x.txt');
    expect(s3UrlEncode('a&b=c~d*e')).toBe('a%26b%3Dc%7Ed*e');
    expect(s3UrlEncode('Az09-_./')).toBe('Az09-_./');
    expect(s3UrlEncode('\u0001\n')).toBe('%01%0A');
  });

  it.each(KEYS)('%j round-trips through decodeURIComponent and unquote_plus', (key) => {
    const encoded = s3UrlEncode(key);
    expect(encoded).toMatch(/^[A-Za-z0-9\-_.*/%]*$/);
    expect(decodeURIComponent(encoded)).toBe(key);
    expect(unquotePlus(encoded)).toBe(key);
  });
});
