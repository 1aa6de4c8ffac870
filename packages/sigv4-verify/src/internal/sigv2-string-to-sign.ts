import type { HeaderMap } from '../verifiable-request.js';
import { percentDecode } from './uri-encode.js';

/**
 * The query parameters that SigV2 signs as sub-resources: botocore's `HmacV1Auth.QSAOfInterest`
 * verbatim (a superset of the list in the S3 "Signing and authenticating REST requests" page and
 * of aws-sdk-js v2's list). A parameter outside this list is not signed, so the server must use
 * exactly the clients' list: adding a name here breaks every client that leaves it out.
 */
export const SIGV2_SUBRESOURCES: ReadonlySet<string> = new Set([
  'accelerate',
  'acl',
  'analytics',
  'cors',
  'defaultObjectAcl',
  'delete',
  'inventory',
  'lifecycle',
  'location',
  'logging',
  'metrics',
  'notification',
  'object-lock',
  'partNumber',
  'policy',
  'replication',
  'requestPayment',
  'response-cache-control',
  'response-content-disposition',
  'response-content-encoding',
  'response-content-language',
  'response-content-type',
  'response-expires',
  'restore',
  'select',
  'select-type',
  'storageClass',
  'tagging',
  'torrent',
  'uploadId',
  'uploads',
  'versionId',
  'versioning',
  'versions',
  'website',
]);

/**
 * CanonicalizedResource: `/bucket` for virtual-hosted requests, then the path exactly as sent
 * (still percent-encoded), then `?` and the sub-resources sorted by name (stable, so repeated
 * names keep their order), values percent-decoded, `name` or `name=value` as sent, joined by `&`.
 */
export function canonicalResourceV2(
  path: string,
  rawQuery: string,
  virtualHostBucket?: string,
): string {
  let resource = virtualHostBucket === undefined ? path : `/${virtualHostBucket}${path || '/'}`;
  if (resource === '') resource = '/';
  const subresources: { name: string; text: string }[] = [];
  for (const part of rawQuery === '' ? [] : rawQuery.split('&')) {
    const eq = part.indexOf('=');
    const name = percentDecode(eq < 0 ? part : part.slice(0, eq)).toString('utf8');
    if (!SIGV2_SUBRESOURCES.has(name)) continue;
    // "When signing, you do not encode these values" (S3 SigV2 docs); botocore `unquote`s them
    // and keeps a bare `name=` distinct from `name`.
    const text = eq < 0 ? name : `${name}=${percentDecode(part.slice(eq + 1)).toString('utf8')}`;
    subresources.push({ name, text });
  }
  if (subresources.length === 0) return resource;
  subresources.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return `${resource}?${subresources.map((s) => s.text).join('&')}`;
}

/** `x-amz-*` values by lower-case name; each value one occurrence, in request order. */
export type AmzHeaders = Map<string, string[]>;

/** Collect the `x-amz-*` headers of a request (names lower-cased, repeated ones kept apart). */
export function collectAmzHeaders(headers: HeaderMap): AmzHeaders {
  const out: AmzHeaders = new Map();
  for (const [rawName, value] of Object.entries(headers)) {
    const name = rawName.toLowerCase();
    if (value === undefined || !name.startsWith('x-amz-')) continue;
    const list = out.get(name) ?? [];
    list.push(...(typeof value === 'string' ? [value] : value));
    out.set(name, list);
  }
  return out;
}

/**
 * CanonicalizedAmzHeaders: `name:value\n` per header, names sorted, values trimmed, repeated
 * values joined with `,` and no space (S3 SigV2 docs, botocore `canonical_custom_headers`);
 * folded whitespace becomes one space (docs step 4).
 */
export function canonicalAmzHeadersV2(amz: AmzHeaders): string {
  const unfold = (v: string): string => v.replace(/\r?\n[ \t]*/g, ' ').trim();
  return [...amz.keys()]
    .sort()
    .map((name) => `${name}:${(amz.get(name) ?? []).map(unfold).join(',')}\n`)
    .join('');
}

/** The SigV2 parts that go into one string to sign. */
export interface StringToSignV2Input {
  method: string;
  contentMd5: string;
  contentType: string;
  /** The `Date` header, the empty string (when `x-amz-date` is used) or presigned `Expires`. */
  date: string;
  amzHeaders: AmzHeaders;
  resource: string;
}

/** `VERB\nContent-MD5\nContent-Type\nDate\n` + CanonicalizedAmzHeaders + CanonicalizedResource. */
export function buildStringToSignV2(input: StringToSignV2Input): string {
  return (
    `${input.method.toUpperCase()}\n${input.contentMd5.trim()}\n${input.contentType.trim()}\n` +
    `${input.date}\n${canonicalAmzHeadersV2(input.amzHeaders)}${input.resource}`
  );
}
