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
  const trim = (v: string): string =>
    v
      .replace(/[\r\n]/g, ' ')
      .replace(/[ \t]+/g, ' ')
      .replace(/^ | $/g, '');
  return typeof value === 'string' ? trim(value) : value.map(trim).join(',');
}
