import { parsePayloadMode } from '../payload-mode.js';
import { SigV4Error } from '../sigv4-error.js';
import type { VerifiableRequest } from '../verifiable-request.js';
import { parseAmzDate, parseHttpDate, toAmzDate } from './amz-date.js';
import { headerValue } from './header-value.js';
import { malformed, parseCredential, parseSignedHeaders } from './parse-credential.js';
import type { AuthContext, ParsedAuth } from './parsed-auth.js';
import { checkScopeDate, checkSkew } from './request-time.js';

const ALGORITHM = 'AWS4-HMAC-SHA256';

/**
 * Parse and check `Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`
 * plus the date and payload-hash headers, before any key lookup.
 */
export function parseHeaderAuth(
  req: VerifiableRequest,
  authorization: string,
  ctx: AuthContext,
): ParsedAuth {
  const trimmed = authorization.trim();
  const space = trimmed.search(/\s/);
  const algorithm = space < 0 ? trimmed : trimmed.slice(0, space);
  if (algorithm !== ALGORITHM) {
    throw new SigV4Error('InvalidArgument', 'Unsupported Authorization Type', {
      ArgumentName: 'Authorization',
      ArgumentValue: algorithm,
    });
  }
  const fields = new Map<string, string>();
  for (const part of trimmed.slice(space + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const credential = fields.get('Credential');
  const signedHeadersField = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (credential === undefined) {
    throw malformed(
      'header',
      'the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".',
    );
  }
  if (signedHeadersField === undefined) throw malformed('header', 'missing SignedHeaders.');
  if (signature === undefined) throw malformed('header', 'missing Signature.');
  const { accessKeyId, scopeDate } = parseCredential(credential, 'header', ctx);
  const signedHeaders = parseSignedHeaders(signedHeadersField, 'header');

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
  parsePayloadMode(payloadHash);

  const securityToken = headerValue(req.headers, 'x-amz-security-token');
  return {
    method: 'header',
    accessKeyId,
    scopeDate,
    signedHeaders,
    signature: signature.toLowerCase(),
    datetime,
    requestTime,
    payloadHash,
    ...(securityToken !== undefined ? { securityToken } : {}),
  };
}

function readRequestTime(req: VerifiableRequest): {
  requestTime: Date;
  datetime: string;
  sentAs: string;
} {
  const amzDate = headerValue(req.headers, 'x-amz-date')?.trim();
  const httpDate = headerValue(req.headers, 'date')?.trim();
  // x-amz-date wins over Date (AWS SigV4 docs: "If both are present, x-amz-date is used").
  const sentAs = amzDate ?? httpDate;
  const requestTime =
    amzDate !== undefined
      ? parseAmzDate(amzDate)
      : httpDate !== undefined
        ? parseHttpDate(httpDate)
        : undefined;
  if (sentAs === undefined || requestTime === undefined) {
    throw new SigV4Error(
      'AccessDenied',
      'AWS authentication requires a valid Date or x-amz-date header',
    );
  }
  return { requestTime, datetime: amzDate ?? toAmzDate(requestTime), sentAs };
}
