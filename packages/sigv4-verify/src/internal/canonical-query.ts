import { encodedForm, percentDecode, uriEncode } from './uri-encode.js';

/** One query parameter: decoded text for reading, SigV4-encoded form for signing. */
export interface QueryParam {
  name: string;
  value: string;
  encodedName: string;
  encodedValue: string;
}

/**
 * Split a raw query string (without `?`) into parameters. `a` and `a=` both mean an empty
 * value; empty segments (`a=1&&b=2`) are dropped; repeated names are kept in order.
 */
export function parseQuery(rawQuery: string): QueryParam[] {
  const params: QueryParam[] = [];
  if (rawQuery === '') return params;
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const [name, encodedName] = component(eq < 0 ? part : part.slice(0, eq));
    const [value, encodedValue] = component(eq < 0 ? '' : part.slice(eq + 1));
    params.push({ name, value, encodedName, encodedValue });
  }
  return params;
}

/** The decoded text and the SigV4 encoding of one raw query name or value. */
function component(raw: string): [decoded: string, encoded: string] {
  const form = encodedForm(raw);
  // Plain text, or already encoded exactly as SigV4 wants (what every SDK sends): no re-encode.
  if (form === 0) return [raw, raw];
  // Valid ASCII escapes only: decodeURIComponent cannot throw on them.
  if (form === 1) return [decodeURIComponent(raw), raw];
  const bytes = percentDecode(raw);
  return [bytes.toString('utf8'), form === 2 ? raw : uriEncode(bytes)];
}

/** Name, then value; the encoded strings are ASCII, so `<` is code point order. */
function byEncodedNameThenValue(a: QueryParam, b: QueryParam): number {
  if (a.encodedName !== b.encodedName) return a.encodedName < b.encodedName ? -1 : 1;
  if (a.encodedValue === b.encodedValue) return 0;
  return a.encodedValue < b.encodedValue ? -1 : 1;
}

/**
 * The SigV4 canonical query string: every name and value re-encoded per RFC 3986, sorted by
 * name then value (code point order; the encoded strings are ASCII), `name=` for empty values.
 * `exclude` drops one exact parameter name (`X-Amz-Signature` for presigned URLs).
 */
export function canonicalQuery(params: readonly QueryParam[], exclude?: string): string {
  if (params.length === 0) return '';
  const kept: QueryParam[] = [];
  for (const p of params) if (p.name !== exclude) kept.push(p);
  kept.sort(byEncodedNameThenValue);
  let out = '';
  for (const p of kept) {
    out =
      out === ''
        ? `${p.encodedName}=${p.encodedValue}`
        : `${out}&${p.encodedName}=${p.encodedValue}`;
  }
  return out;
}
