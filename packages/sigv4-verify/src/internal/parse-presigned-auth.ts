import { parsePayloadMode } from '../payload-mode.js';
import { SigV4Error } from '../sigv4-error.js';
import type { VerifiableRequest } from '../verifiable-request.js';
import { parseAmzDateMs } from './amz-date.js';
import type { QueryParam } from './canonical-query.js';
import { headerValue } from './header-value.js';
import { malformed, parseCredential, parseSignedHeaders } from './parse-credential.js';
import type { AuthContext, ParsedAuth } from './parsed-auth.js';
import { checkScopeDate } from './request-time.js';

/** A week: the longest validity AWS allows for a SigV4 presigned URL. */
export const MAX_PRESIGNED_EXPIRES_SECONDS = 604_800;

const REQUIRED =
  'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.';

/** Parse and check the `X-Amz-*` parameters of a presigned URL, before any key lookup. */
export function parsePresignedAuth(
  req: VerifiableRequest,
  params: readonly QueryParam[],
  ctx: AuthContext,
): ParsedAuth {
  const get = (name: string): string | undefined => params.find((p) => p.name === name)?.value;
  const algorithm = get('X-Amz-Algorithm');
  const credential = get('X-Amz-Credential');
  const date = get('X-Amz-Date');
  const expires = get('X-Amz-Expires');
  const signedHeadersParam = get('X-Amz-SignedHeaders');
  const signature = get('X-Amz-Signature');
  if (algorithm !== 'AWS4-HMAC-SHA256') {
    throw malformed('query', 'X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"');
  }
  if (
    credential === undefined ||
    date === undefined ||
    expires === undefined ||
    signedHeadersParam === undefined ||
    signature === undefined
  ) {
    throw malformed('query', REQUIRED);
  }
  const { accessKeyId, scopeDate } = parseCredential(credential, 'query', ctx);
  const signedHeaders = parseSignedHeaders(signedHeadersParam, 'query');
  const requestTime = parseAmzDateMs(date);
  if (requestTime === undefined) {
    throw malformed(
      'query',
      `X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd'T'HHmmss'Z'"`,
    );
  }
  checkScopeDate(scopeDate, date, (msg) =>
    malformed('query', `Error parsing the X-Amz-Credential parameter; ${msg}`),
  );
  const expiresSeconds = parseExpires(expires);
  checkValidity(requestTime, expiresSeconds, ctx);

  // A presigned URL cannot carry a body hash unless the signer put one in (AWS SigV4 query auth:
  // "the payload hash is UNSIGNED-PAYLOAD").
  const payloadHash =
    // Length first: lower-casing every parameter name costs more than the rest of the parse.
    params.find((p) => p.name.length === 20 && p.name.toLowerCase() === 'x-amz-content-sha256')
      ?.value ??
    headerValue(req.headers, 'x-amz-content-sha256')?.trim() ??
    'UNSIGNED-PAYLOAD';
  const payload = parsePayloadMode(payloadHash);
  const securityToken = get('X-Amz-Security-Token');
  return {
    method: 'presigned',
    accessKeyId,
    scopeDate,
    signedHeaders,
    signedHeaderList: signedHeadersParam,
    signature,
    datetime: date,
    requestTime,
    payloadHash,
    payload,
    expiresSeconds,
    ...(securityToken !== undefined ? { securityToken } : {}),
  };
}

/**
 * `X-Amz-Expires` as AWS checks it, with AWS's messages (AuthorizationQueryParametersError): not
 * an integer, negative, or more than a week. Zero is well-formed: a URL valid for no time at
 * all, refused as expired by {@link checkValidity} (ceph/s3-tests
 * `test_object_raw_get_x_amz_expires_out_range_zero`: 403).
 */
function parseExpires(value: string): number {
  if (!/^-?\d+$/.test(value)) throw malformed('query', 'X-Amz-Expires should be a number');
  const seconds = Number(value);
  if (seconds < 0) throw malformed('query', 'X-Amz-Expires must be non-negative');
  if (seconds > MAX_PRESIGNED_EXPIRES_SECONDS) {
    throw malformed(
      'query',
      `X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than ${MAX_PRESIGNED_EXPIRES_SECONDS} seconds`,
    );
  }
  return seconds;
}

function checkValidity(requestTime: number, expiresSeconds: number, ctx: AuthContext): void {
  const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const expiresAt = requestTime + expiresSeconds * 1000;
  // `X-Amz-Date` has whole seconds, so a URL valid for 0 s would pass within its own second.
  if (expiresSeconds === 0 || ctx.now > expiresAt) {
    throw new SigV4Error('AccessDenied', 'Request has expired', {
      'X-Amz-Expires': String(expiresSeconds),
      Expires: iso(expiresAt),
      ServerTime: iso(ctx.now),
    });
  }
  // A URL signed in the future (beyond clock skew) is not valid yet.
  if (requestTime - ctx.now > ctx.maxSkewMs) {
    throw new SigV4Error('AccessDenied', 'Request is not valid yet', {
      RequestTime: iso(requestTime),
      ServerTime: iso(ctx.now),
    });
  }
}
