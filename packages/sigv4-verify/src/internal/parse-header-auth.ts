import { parsePayloadMode } from '../payload-mode.js';
import { SigV4Error } from '../sigv4-error.js';
import type { VerifiableRequest } from '../verifiable-request.js';
import { parseAmzDateMs, parseHttpDate, toAmzDate } from './amz-date.js';
import { headerValue } from './header-value.js';
import { malformed } from './parse-credential.js';
import { parseAuthorizationFields } from './parse-authorization-fields.js';
import type { AuthContext, ParsedAuth } from './parsed-auth.js';
import { checkScopeDate, checkSkew } from './request-time.js';

/**
 * Parse and check `Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`
 * plus the date and payload-hash headers, before any key lookup.
 */
export function parseHeaderAuth(
  req: VerifiableRequest,
  authorization: string,
  ctx: AuthContext,
): ParsedAuth {
  const { accessKeyId, scopeDate, signedHeaders, signedHeaderList, signature } =
    parseAuthorizationFields(authorization, ctx);

  const { requestTime, datetime, sentAs } = readRequestTime(req);
  checkScopeDate(scopeDate, datetime, (msg) => malformed('header', msg));
  checkSkew(requestTime, sentAs, ctx);

  const payloadHash = headerValue(req.headers, 'x-amz-content-sha256')?.trim();
  if (payloadHash === undefined) {
    throw new SigV4Error(
      'InvalidRequest',
      'Missing required header for this request: x-amz-content-sha256',
    );
  }
  const payload = parsePayloadMode(payloadHash);

  const parsed: ParsedAuth = {
    method: 'header',
    accessKeyId,
    scopeDate,
    signedHeaders,
    signedHeaderList,
    signature,
    datetime,
    requestTime,
    payloadHash,
    payload,
  };
  const securityToken = headerValue(req.headers, 'x-amz-security-token');
  if (securityToken !== undefined) parsed.securityToken = securityToken;
  return parsed;
}

function readRequestTime(req: VerifiableRequest): {
  requestTime: number;
  datetime: string;
  sentAs: string;
} {
  const amzDate = headerValue(req.headers, 'x-amz-date')?.trim();
  const httpDate = headerValue(req.headers, 'date')?.trim();
  // x-amz-date wins over Date (AWS SigV4 docs: "If both are present, x-amz-date is used").
  const sentAs = amzDate ?? httpDate;
  const requestTime =
    amzDate !== undefined
      ? parseAmzDateMs(amzDate)
      : httpDate !== undefined
        ? parseHttpDate(httpDate)?.getTime()
        : undefined;
  if (sentAs === undefined || requestTime === undefined) {
    throw new SigV4Error(
      'AccessDenied',
      'AWS authentication requires a valid Date or x-amz-date header',
    );
  }
  return { requestTime, datetime: amzDate ?? toAmzDate(new Date(requestTime)), sentAs };
}
