import { percentDecode, uriEncode } from './uri-encode.js';

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
    const nameBytes = percentDecode(eq < 0 ? part : part.slice(0, eq));
    const valueBytes = percentDecode(eq < 0 ? '' : part.slice(eq + 1));
    params.push({
      name: nameBytes.toString('utf8'),
      value: valueBytes.toString('utf8'),
      encodedName: uriEncode(nameBytes),
      encodedValue: uriEncode(valueBytes),
    });
  }
  return params;
}

/**
 * The SigV4 canonical query string: every name and value re-encoded per RFC 3986, sorted by
 * name then value (code point order; the encoded strings are ASCII), `name=` for empty values.
 * `exclude` drops one exact parameter name (`X-Amz-Signature` for presigned URLs).
 */
export function canonicalQuery(params: readonly QueryParam[], exclude?: string): string {
  const kept = exclude === undefined ? [...params] : params.filter((p) => p.name !== exclude);
  kept.sort((a, b) =>
    a.encodedName < b.encodedName
      ? -1
      : a.encodedName > b.encodedName
        ? 1
        : a.encodedValue < b.encodedValue
          ? -1
          : a.encodedValue > b.encodedValue
            ? 1
            : 0,
  );
  return kept.map((p) => `${p.encodedName}=${p.encodedValue}`).join('&');
}
