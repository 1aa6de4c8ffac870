import { SigV4Error } from '../sigv4-error.js';
import type { AuthContext } from './parsed-auth.js';

/** Where a credential came from decides the S3 error code and message prefix AWS uses. */
export type CredentialSource = 'header' | 'query';

/** Build the error AWS returns for a malformed authorization header or presign parameter. */
export function malformed(
  source: CredentialSource,
  reason: string,
  detail: Record<string, string> = {},
): SigV4Error {
  return source === 'header'
    ? new SigV4Error(
        'AuthorizationHeaderMalformed',
        `The authorization header is malformed; ${reason}`,
        detail,
      )
    : new SigV4Error('AuthorizationQueryParametersError', reason, detail);
}

const CREDENTIAL_HINT =
  'the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".';

/**
 * Parse `AKID/YYYYMMDD/region/service/aws4_request` and check it names this gateway's region
 * and service.
 */
export function parseCredential(
  value: string,
  source: CredentialSource,
  ctx: AuthContext,
): { accessKeyId: string; scopeDate: string } {
  const parts = value.split('/');
  const prefix = source === 'query' ? 'Error parsing the X-Amz-Credential parameter; ' : '';
  if (parts.length < 5) throw malformed(source, prefix + CREDENTIAL_HINT);
  const [terminal, service, region, scopeDate] = parts.splice(-4).reverse() as [
    string,
    string,
    string,
    string,
  ];
  const accessKeyId = parts.join('/');
  if (accessKeyId === '' || !/^\d{8}$/.test(scopeDate))
    throw malformed(source, prefix + CREDENTIAL_HINT);
  if (region !== ctx.region) {
    throw malformed(source, `${prefix}the region '${region}' is wrong; expecting '${ctx.region}'`, {
      Region: ctx.region,
    });
  }
  if (service !== ctx.service) {
    throw malformed(
      source,
      `${prefix}incorrect service "${service}". This endpoint belongs to "${ctx.service}".`,
    );
  }
  if (terminal !== 'aws4_request') {
    throw malformed(
      source,
      `${prefix}incorrect terminal "${terminal}". This endpoint uses "aws4_request".`,
    );
  }
  return { accessKeyId, scopeDate };
}

/** Parse and check a `SignedHeaders` list: non-empty, lower-case, and includes `host`. */
export function parseSignedHeaders(value: string, source: CredentialSource): string[] {
  const names = value.split(';');
  if (names.some((n) => n === '' || n !== n.toLowerCase())) {
    throw malformed(
      source,
      source === 'query' ? 'X-Amz-SignedHeaders is malformed.' : 'SignedHeaders is malformed.',
    );
  }
  if (!names.includes('host')) {
    throw malformed(
      source,
      source === 'query'
        ? 'X-Amz-SignedHeaders must include the host header.'
        : 'the host header must be signed.',
    );
  }
  return names;
}
