import { SigV4Error } from '../sigv4-error.js';
import type { HeaderMap } from '../verifiable-request.js';

// Body-framing headers a presigned upload may add: the presigned payload is unsigned anyway,
// and the body decoder verifies what they announce.
const PRESIGNED_BODY_HEADERS = new Set([
  'x-amz-content-sha256',
  'x-amz-decoded-content-length',
  'x-amz-trailer',
  'x-amz-sdk-checksum-algorithm',
]);

/**
 * AWS refuses `x-amz-*` headers that the signature does not cover ("There were headers present
 * in the request which were not signed"); otherwise whoever holds a presigned URL could add, for
 * example, `x-amz-copy-source` or `x-amz-acl` to it.
 */
export function checkAmzHeadersSigned(
  headers: HeaderMap,
  signed: readonly string[],
  presigned: boolean,
): void {
  // Runs per request: one pass over the names, no Set; the signed list is a handful of names,
  // so `includes` is cheaper than building a Set.
  let unsigned: string[] | undefined;
  for (const name of Object.keys(headers)) {
    // First character, then `slice` + `===` (V8's `startsWith` goes character by character):
    // most header names do not start with `x`.
    if (name.charCodeAt(0) !== 0x78 || name.slice(0, 6) !== 'x-amz-') continue;
    if (headers[name] === undefined || signed.includes(name)) continue;
    if (presigned && (PRESIGNED_BODY_HEADERS.has(name) || name.startsWith('x-amz-checksum-'))) {
      continue;
    }
    (unsigned ??= []).push(name);
  }
  if (unsigned !== undefined) {
    throw new SigV4Error(
      'AccessDenied',
      'There were headers present in the request which were not signed',
      {
        HeadersNotSigned: unsigned.sort().join(', '),
      },
    );
  }
}
