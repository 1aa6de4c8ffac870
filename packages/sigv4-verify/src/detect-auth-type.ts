import { SigV4Error } from './sigv4-error.js';
import type { VerifiableRequest } from './verifiable-request.js';
import { headerValue } from './internal/header-value.js';

/** How a request tries to authenticate. */
export const AUTH_TYPES = [
  'header',
  'presigned',
  'v2-header',
  'v2-presigned',
  'anonymous',
  'unsupported',
] as const;

/**
 * One of {@link AUTH_TYPES}: SigV4 `header` / `presigned`, SigV2 `v2-header`
 * (`Authorization: AWS AKID:sig`) / `v2-presigned` (`Signature=` or `AWSAccessKeyId=` in the
 * query), no credentials (`anonymous`), or any other `Authorization` scheme (`unsupported`,
 * SigV4a among them).
 */
export type AuthType = (typeof AUTH_TYPES)[number];

/**
 * Classify a request without verifying anything, so a server can let `anonymous` requests
 * through to public buckets and send the rest to `verify`.
 *
 * @throws {SigV4Error} `InvalidArgument` when both an `Authorization` header and presign query
 *   parameters are present (AWS allows only one mechanism).
 */
export function detectAuthType(req: Pick<VerifiableRequest, 'query' | 'headers'>): AuthType {
  const authorization = headerValue(req.headers, 'authorization');
  // Most header-signed requests have no query at all.
  const presigned = req.query !== '' && /(?:^|&)X-Amz-Algorithm=/.test(req.query);
  const presignedV2 = req.query !== '' && /(?:^|&)(?:Signature|AWSAccessKeyId)=/.test(req.query);
  if (authorization !== undefined && (presigned || presignedV2)) {
    throw new SigV4Error(
      'InvalidArgument',
      'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified',
      { ArgumentName: 'Authorization' },
    );
  }
  if (authorization !== undefined) {
    const scheme = authorization.trimStart();
    // `slice` + `===`: V8's `startsWith` compares character by character, slower per request.
    if (scheme.slice(0, 16) === 'AWS4-HMAC-SHA256') return 'header';
    return scheme.startsWith('AWS ') ? 'v2-header' : 'unsupported';
  }
  if (presigned) return 'presigned';
  if (presignedV2) return 'v2-presigned';
  return 'anonymous';
}
