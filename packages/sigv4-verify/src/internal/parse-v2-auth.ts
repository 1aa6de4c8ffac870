import { SigV4Error } from '../sigv4-error.js';
import type { VerifiableRequest } from '../verifiable-request.js';
import { parseAmzDate, parseHttpDate } from './amz-date.js';
import type { QueryParam } from './canonical-query.js';
import { headerValue } from './header-value.js';
import type { AuthContext } from './parsed-auth.js';
import { checkSkew } from './request-time.js';
import {
  buildStringToSignV2,
  canonicalResourceV2,
  collectAmzHeaders,
} from './sigv2-string-to-sign.js';

/** A SigV2 request parsed and time-checked, with the string(s) its signature may cover. */
export interface ParsedV2Auth {
  method: 'v2-header' | 'v2-presigned';
  accessKeyId: string;
  /** Base64 signature as provided. */
  signature: string;
  /** The first is the documented form; a second one covers a known client variant. */
  stringsToSign: readonly [string, ...string[]];
  signedHeaders: string[];
  securityToken?: string;
  expiresAt?: Date;
}

const iso = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Parse `Authorization: AWS AKID:signature` and check the request time. */
export function parseV2HeaderAuth(req: VerifiableRequest, ctx: AuthContext): ParsedV2Auth {
  const authorization = (headerValue(req.headers, 'authorization') ?? '').trim();
  const m = /^AWS ([^:\s]+):(\S+)$/.exec(authorization);
  if (!m) {
    throw new SigV4Error(
      'InvalidArgument',
      'AWS authorization header is invalid.  Expected AwsAccessKeyId:signature',
      { ArgumentName: 'Authorization', ArgumentValue: authorization },
    );
  }
  const amzDate = headerValue(req.headers, 'x-amz-date')?.trim();
  const date = headerValue(req.headers, 'date')?.trim();
  const sentAs = amzDate ?? date;
  const requestTime =
    sentAs === undefined ? undefined : (parseHttpDate(sentAs) ?? parseAmzDate(sentAs));
  if (sentAs === undefined || requestTime === undefined) {
    throw new SigV4Error(
      'AccessDenied',
      'AWS authentication requires a valid Date or x-amz-date header',
    );
  }
  checkSkew(requestTime.getTime(), sentAs, ctx);
  // S3 docs: "if you include the x-amz-date header, use the empty string for the Date". botocore
  // always signs its own Date header instead, even when the caller added x-amz-date, so that
  // form is tried second.
  const dateLines = amzDate === undefined ? [date ?? ''] : date === undefined ? [''] : ['', date];
  const amzHeaders = collectAmzHeaders(req.headers);
  const stringsToSign = resourceCandidates(req).flatMap((resource) =>
    dateLines.map((line) =>
      buildStringToSignV2({
        method: req.method,
        contentMd5: headerValue(req.headers, 'content-md5') ?? '',
        contentType: headerValue(req.headers, 'content-type') ?? '',
        date: line,
        amzHeaders,
        resource,
      }),
    ),
  ) as [string, ...string[]];
  const securityToken = headerValue(req.headers, 'x-amz-security-token');
  return {
    method: 'v2-header',
    accessKeyId: m[1] ?? '',
    signature: m[2] ?? '',
    stringsToSign,
    signedHeaders: coveredHeaders(req, date !== undefined && amzDate === undefined),
    ...(securityToken !== undefined ? { securityToken } : {}),
  };
}

/** Parse `?AWSAccessKeyId=…&Signature=…&Expires=…` and check the expiry. */
export function parseV2PresignedAuth(
  req: VerifiableRequest,
  params: readonly QueryParam[],
  ctx: AuthContext,
): ParsedV2Auth {
  const get = (name: string): string | undefined => params.find((p) => p.name === name)?.value;
  const accessKeyId = get('AWSAccessKeyId');
  const signature = get('Signature');
  const expires = get('Expires');
  if (!accessKeyId || !signature || expires === undefined) {
    throw new SigV4Error(
      'AccessDenied',
      'Query-string authentication requires the Signature, Expires and AWSAccessKeyId parameters',
    );
  }
  if (!/^\d{1,12}$/.test(expires)) {
    throw new SigV4Error(
      'AccessDenied',
      `Invalid date (should be seconds since epoch): ${expires}`,
    );
  }
  const expiresAt = new Date(Number(expires) * 1000);
  if (ctx.now > expiresAt.getTime()) {
    throw new SigV4Error('AccessDenied', 'Request has expired', {
      Expires: iso(expiresAt),
      ServerTime: iso(new Date(ctx.now)),
    });
  }
  // Query auth moves signed x-amz-* headers (x-amz-security-token above all) and Content-Type /
  // Content-MD5 into the query (botocore `HmacV1QueryAuth`, boto2): they count as headers.
  const amzHeaders = collectAmzHeaders(req.headers);
  for (const p of params) {
    const name = p.name.toLowerCase();
    if (!name.startsWith('x-amz-')) continue;
    amzHeaders.set(name, [...(amzHeaders.get(name) ?? []), p.value]);
  }
  const fromQuery = (name: string): string =>
    params.find((p) => p.name.toLowerCase() === name)?.value ?? '';
  const stringsToSign = resourceCandidates(req).map((resource) =>
    buildStringToSignV2({
      method: req.method,
      contentMd5: headerValue(req.headers, 'content-md5') ?? fromQuery('content-md5'),
      contentType: headerValue(req.headers, 'content-type') ?? fromQuery('content-type'),
      date: expires,
      amzHeaders,
      resource,
    }),
  ) as [string, ...string[]];
  const securityToken = amzHeaders.get('x-amz-security-token')?.join(',');
  return {
    method: 'v2-presigned',
    accessKeyId,
    signature,
    stringsToSign,
    signedHeaders: coveredHeaders(req, false),
    expiresAt,
    ...(securityToken !== undefined ? { securityToken } : {}),
  };
}

/** The request headers a SigV2 signature covers: all `x-amz-*`, Content-MD5/-Type, maybe Date. */
function coveredHeaders(req: VerifiableRequest, dateSigned: boolean): string[] {
  const names = [...collectAmzHeaders(req.headers).keys()];
  for (const name of ['content-md5', 'content-type', ...(dateSigned ? ['date'] : [])]) {
    if (headerValue(req.headers, name) !== undefined) names.push(name);
  }
  return names.sort();
}

/**
 * CanonicalizedResource candidates. botocore builds the resource of a path-style request that
 * names only a bucket as `/bucket/` (as if virtual-hosted), while the S3 docs and other signers
 * use `/bucket`; both name the same resource, so both are accepted.
 */
function resourceCandidates(req: VerifiableRequest): string[] {
  const primary = canonicalResourceV2(req.path, req.query, req.virtualHostBucket);
  if (req.virtualHostBucket !== undefined || !/^\/[^/]+$/.test(req.path)) return [primary];
  return [primary, canonicalResourceV2(`${req.path}/`, req.query)];
}
