import type { HeaderMap } from '../verifiable-request.js';

/**
 * A header's value with repeated headers joined by `,` (no space), as SigV4 joins them.
 * `undefined` when absent.
 */
export function headerValue(headers: HeaderMap, name: string): string | undefined {
  const value = headers[name];
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : value.join(',');
}

/**
 * SigV4 canonical header value: CR/LF become spaces, runs of spaces and tabs collapse to one
 * space, leading and trailing space go; each repeated value separately, then joined with `,`.
 * Mirrors `@smithy/signature-v4` so SDK-signed requests match byte for byte.
 */
export function canonicalHeaderValue(value: string | readonly string[]): string {
  return typeof value === 'string' ? canonicalOne(value) : value.map(canonicalOne).join(',');
}

// Anything canonicalization would change: CR, LF, tab, two spaces, a leading or trailing space.
const NOT_CANONICAL = /[\t\n\r]| {2}|^ | $/;

function canonicalOne(v: string): string {
  // Most values are already canonical (the HTTP parser trims them): one test (faster in V8 than
  // a charCodeAt loop) finds out, and only the rest pay for the replacements.
  return NOT_CANONICAL.test(v)
    ? v
        .replace(/[\r\n]/g, ' ')
        .replace(/[ \t]+/g, ' ')
        .replace(/^ | $/g, '')
    : v;
}
