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
  const signedSet = new Set(signed);
  const unsigned = Object.keys(headers).filter(
    (name) =>
      name.startsWith('x-amz-') &&
      headers[name] !== undefined &&
      !signedSet.has(name) &&
      !(presigned && (PRESIGNED_BODY_HEADERS.has(name) || name.startsWith('x-amz-checksum-'))),
  );
  if (unsigned.length > 0) {
    throw new SigV4Error(
      'AccessDenied',
      'There were headers present in the request which were not signed',
      {
        HeadersNotSigned: unsigned.sort().join(', '),
      },
    );
  }
}
