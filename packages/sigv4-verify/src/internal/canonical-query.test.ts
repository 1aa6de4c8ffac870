import { describe, expect, it } from 'vitest';
import { canonicalQuery, parseQuery } from './canonical-query.js';
import { canonicalUriCandidates } from './canonical-uri.js';
import { canonicalHeaderValue } from './header-value.js';
import { percentDecode, uriEncode } from './uri-encode.js';
import { createRandom } from '../testing/smithy-signer.js';

const canonical = (raw: string, exclude?: string): string =>
  canonicalQuery(parseQuery(raw), exclude);

describe('canonicalQuery', () => {
  it('sorts by name, then value, not by the joined string', () => {
    // "a-b=" < "a=" as strings, but name "a" sorts before "a-b".
    expect(canonical('a-b=1&a=2')).toBe('a=2&a-b=1');
    expect(canonical('k=b&k=a&k=')).toBe('k=&k=a&k=b');
  });

  it('re-encodes per RFC 3986: %20 for spaces, literal + stays +, unreserved decoded', () => {
    expect(canonical('q=a%20b&r=a+b&s=%7e%2D%41&t=%2b')).toBe('q=a%20b&r=a%2Bb&s=~-A&t=%2B');
    expect(canonical('%E6%97%A5=%F0%9F%98%80')).toBe('%E6%97%A5=%F0%9F%98%80');
    expect(canonical('uploads&acl=&&')).toBe('acl=&uploads=');
  });

  it('keeps malformed escapes and invalid UTF-8 byte for byte', () => {
    expect(canonical('a=%zz%4&b=%ff%fe')).toBe('a=%25zz%254&b=%FF%FE');
  });

  it('drops only the exact excluded name', () => {
    expect(canonical('X-Amz-Signature=abc&x-amz-signature=def', 'X-Amz-Signature')).toBe(
      'x-amz-signature=def',
    );
  });
});

describe('canonicalUriCandidates', () => {
  it('uses the S3 path as sent, plus its RFC 3986 re-encoding when different', () => {
    expect(canonicalUriCandidates('/b/a%20b//c/../d', false)).toEqual(['/b/a%20b//c/../d']);
    expect(canonicalUriCandidates('/b/a%7eb!', false)).toEqual(['/b/a%7eb!', '/b/a~b%21']);
    expect(canonicalUriCandidates('', false)).toEqual(['/']);
  });

  it('normalizes and double-encodes for other services', () => {
    expect(canonicalUriCandidates('/a/./b/../c//d%20e/', true)).toEqual(['/a/c/d%2520e/']);
  });
});

describe('canonicalHeaderValue', () => {
  it('trims, collapses runs of spaces and tabs, and joins repeated values with a comma', () => {
    expect(canonicalHeaderValue('  a \t  b  ')).toBe('a b');
    expect(canonicalHeaderValue([' x ', 'y  z'])).toBe('x,y z');
  });
});

// The reference forms the fast paths must agree with: decode byte-wise, re-encode every byte
// (the pre-optimization implementation), and the three regular expressions for header values.
const reference = {
  component(raw: string): [string, string] {
    const bytes = percentDecode(raw);
    return [bytes.toString('utf8'), uriEncode(bytes)];
  },
  header: (v: string): string =>
    v
      .replace(/[\r\n]/g, ' ')
      .replace(/[ \t]+/g, ' ')
      .replace(/^ | $/g, ''),
};

describe('fast paths agree with the reference canonicalization', () => {
  const ALPHABET = ['a', 'Z', '0', '-', '.', '_', '~', '%', '2', 'F', 'f', '+', ' ', '\t', 'é'];
  const rand = createRandom(42);
  const word = (n: number): string =>
    Array.from({ length: n }, () => ALPHABET[Math.floor(rand() * ALPHABET.length)]).join('');

  it('query names and values, 5000 random ones (escapes of every form included)', () => {
    for (let i = 0; i < 5000; i++) {
      const raw = word(Math.floor(rand() * 12)).replace(/ /g, '%20');
      const [param] = parseQuery(`${raw}=${raw}`);
      const [decoded, encoded] = reference.component(raw);
      expect([raw, param?.name, param?.encodedName]).toEqual([raw, decoded, encoded]);
      expect([raw, param?.value, param?.encodedValue]).toEqual([raw, decoded, encoded]);
    }
    for (const raw of ['%2F', '%2f', '%41', '%E6%97%A5', '%e6%97%a5', '%', '%2', '%ZZ', 'a%20b']) {
      const [param] = parseQuery(`${raw}=`);
      expect([raw, param?.name, param?.encodedName]).toEqual([raw, ...reference.component(raw)]);
    }
  });

  it('header values, 5000 random ones', () => {
    for (let i = 0; i < 5000; i++) {
      const value = word(Math.floor(rand() * 10)) + (rand() < 0.2 ? '\r\n x' : '');
      expect([value, canonicalHeaderValue(value)]).toEqual([value, reference.header(value)]);
    }
  });
});
