import { randomBytes } from 'node:crypto';
import type { AuthResult, Credential } from './auth-result.js';
import { detectAuthType, type AuthType } from './detect-auth-type.js';
import { canonicalQuery, parseQuery, type QueryParam } from './internal/canonical-query.js';
import { canonicalUriCandidates } from './internal/canonical-uri.js';
import { hmacSha256, signaturesEqual } from './internal/crypto.js';
import { headerValue } from './internal/header-value.js';
import { parseHeaderAuth } from './internal/parse-header-auth.js';
import { parsePresignedAuth } from './internal/parse-presigned-auth.js';
import { parseV2HeaderAuth, parseV2PresignedAuth } from './internal/parse-v2-auth.js';
import type { AuthContext, ParsedAuth } from './internal/parsed-auth.js';
import { SigningKeyCache } from './internal/signing-key-cache.js';
import {
  buildCanonicalRequest,
  buildStringToSign,
  toSpacedHex,
} from './internal/string-to-sign.js';
import { checkAmzHeadersSigned } from './internal/unsigned-headers.js';
import { verifyV2 } from './internal/verify-v2.js';
import { verifyPostSignature } from './internal/verify-post-signature.js';
import type { PostPolicyAuth } from './post-policy.js';
import { parsePayloadMode } from './payload-mode.js';
import { SigV4Error } from './sigv4-error.js';
import type { VerifiableRequest } from './verifiable-request.js';

/** Configuration of {@link createSigV4Verifier}. */
export interface SigV4VerifierConfig {
  /** The gateway's region; a credential scope naming another region is rejected. */
  region: string;
  /** Signing service name. Default `'s3'`. */
  service?: string;
  /** Resolve an access key to its secret; `undefined` for an unknown key. */
  lookup(accessKeyId: string): Credential | undefined | Promise<Credential | undefined>;
  /** Allowed clock difference. Default 15 minutes (AWS's limit). */
  maxSkewMs?: number;
  /** Clock, for tests. Default `() => new Date()`. */
  now?: () => Date;
  /** How many derived signing keys to keep. Default 1024. */
  signingKeyCacheSize?: number;
  /**
   * Normalize and double-encode the path, as SigV4 does for every service except S3.
   * Default `false` for `s3`, `true` otherwise (the `@smithy/signature-v4` option of that name).
   */
  uriEscapePath?: boolean;
  /**
   * Also accept legacy Signature Version 2 (`Authorization: AWS AKID:sig` and
   * `?AWSAccessKeyId=…&Signature=…&Expires=…`, which boto3's `generate_presigned_url` still
   * produces by default). Default `true`; `false` answers V2 requests with `InvalidRequest`
   * "…Please use AWS4-HMAC-SHA256.", as AWS regions opened after 2014 do.
   */
  sigV2?: boolean;
}

/** Verifies SigV4-signed requests. */
export interface SigV4Verifier {
  /**
   * Verify a request signed with an `Authorization` header or a presigned URL, SigV4 or (unless
   * `sigV2: false`) SigV2, whichever the request carries.
   *
   * @returns who signed it, how the payload is protected, and what the body decoder needs.
   * @throws {SigV4Error} with the S3 error AWS would return: `AccessDenied` (no credentials,
   *   expired presign, unsigned `x-amz-*` headers), `InvalidAccessKeyId`,
   *   `SignatureDoesNotMatch` (with `StringToSign` and `CanonicalRequest` details),
   *   `RequestTimeTooSkewed`, `AuthorizationHeaderMalformed`, `AuthorizationQueryParametersError`,
   *   `InvalidArgument`, `InvalidRequest`. SigV2 mismatches carry `StringToSign` and
   *   `StringToSignBytes` only.
   */
  verify(req: VerifiableRequest): Promise<AuthResult>;
  /**
   * Verify the signature of a browser POST upload form (SigV4 `x-amz-signature` over the base64
   * `policy` with the signing key of `x-amz-credential`; SigV2 `signature` with `AWSAccessKeyId`
   * unless `sigV2: false`) and decode its policy. `parsePostObject` calls this; the policy's
   * conditions and expiry are checked by `checkPostPolicy`.
   *
   * @param fields the form fields before the file, by lower-case name.
   * @throws {SigV4Error} `AccessDenied` (no signature at all), `InvalidArgument` (a required field
   *   missing), `InvalidRequest` (unsupported algorithm), `AuthorizationQueryParametersError`
   *   (malformed credential, wrong region), `InvalidAccessKeyId`, `SignatureDoesNotMatch`,
   *   `InvalidPolicyDocument`.
   */
  verifyPostPolicy(fields: ReadonlyMap<string, string>): Promise<PostPolicyAuth>;
}

const DEFAULT_MAX_SKEW_MS = 15 * 60 * 1000;

/**
 * Create a SigV4 verifier for S3 requests arriving at any Node HTTP server.
 *
 * @example
 * ```ts
 * const verifier = createSigV4Verifier({ region: 'us-east-1', lookup: (id) => keys.get(id) });
 * const auth = await verifier.verify({ method, path, query, headers: req.headersDistinct });
 * ```
 */
export function createSigV4Verifier(config: SigV4VerifierConfig): SigV4Verifier {
  const service = config.service ?? 's3';
  const uriEscapePath = config.uriEscapePath ?? service !== 's3';
  const cache = new SigningKeyCache(config.signingKeyCacheSize ?? 1024);
  // Unknown keys are checked against a random secret so they cost the same as known ones and
  // response timing cannot enumerate valid access keys.
  const dummySecret = randomBytes(30).toString('base64');
  const sigV2 = config.sigV2 ?? true;

  const context = (): AuthContext => ({
    region: config.region,
    service,
    now: config.now?.() ?? new Date(),
    maxSkewMs: config.maxSkewMs ?? DEFAULT_MAX_SKEW_MS,
  });

  async function verify(req: VerifiableRequest): Promise<AuthResult> {
    const ctx = context();
    const params = parseQuery(req.query);
    const type = detectAuthType(req);
    if (sigV2 && (type === 'v2-header' || type === 'v2-presigned')) {
      const v2 =
        type === 'v2-header' ? parseV2HeaderAuth(req, ctx) : parseV2PresignedAuth(req, params, ctx);
      return verifyV2(v2, await config.lookup(v2.accessKeyId), dummySecret);
    }
    const parsed = parseAuth(type, req, params, ctx);
    const credential = await config.lookup(parsed.accessKeyId);
    const secret = credential?.secretAccessKey ?? dummySecret;
    const signingKey = cache.get(secret, parsed.scopeDate, ctx.region, service);
    const scope = `${parsed.scopeDate}/${ctx.region}/${service}/aws4_request`;
    const query = canonicalQuery(
      params,
      parsed.method === 'presigned' ? 'X-Amz-Signature' : undefined,
    );
    const mismatch = findMismatch(req, parsed, {
      canonicalQuery: query,
      candidates: canonicalUriCandidates(req.path, uriEscapePath),
      signingKey,
      scope,
    });
    if (credential === undefined) {
      throw new SigV4Error(
        'InvalidAccessKeyId',
        'The AWS Access Key Id you provided does not exist in our records.',
        {
          AWSAccessKeyId: parsed.accessKeyId,
        },
      );
    }
    if (mismatch !== undefined) throw signatureMismatch(parsed, mismatch);
    return toResult(parsed, signingKey, scope);
  }

  function verifyPostPolicy(fields: ReadonlyMap<string, string>): Promise<PostPolicyAuth> {
    const lookup = (id: string) => config.lookup(id);
    return verifyPostSignature(fields, { ctx: context(), lookup, cache, dummySecret, sigV2 });
  }

  return { verify, verifyPostPolicy };
}

/** Classify and parse the request's credentials; everything checkable before a key lookup. */
function parseAuth(
  type: AuthType,
  req: VerifiableRequest,
  params: readonly QueryParam[],
  ctx: AuthContext,
): ParsedAuth {
  if (type === 'anonymous') throw new SigV4Error('AccessDenied', 'Access Denied');
  // SigV2 reaches here only when the verifier was created with `sigV2: false`.
  if (type !== 'header' && type !== 'presigned') {
    throw new SigV4Error(
      'InvalidRequest',
      'The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.',
    );
  }
  const parsed =
    type === 'header'
      ? parseHeaderAuth(req, headerValue(req.headers, 'authorization') ?? '', ctx)
      : parsePresignedAuth(req, params, ctx);
  checkAmzHeadersSigned(req.headers, parsed.signedHeaders, parsed.method === 'presigned');
  return parsed;
}

interface Mismatch {
  canonicalRequest: string;
  stringToSign: string;
}

/**
 * Compute the signature for each canonical URI candidate; `undefined` when one matches, else
 * the first candidate's canonical request and string to sign for the error detail.
 */
function findMismatch(
  req: VerifiableRequest,
  parsed: ParsedAuth,
  input: {
    canonicalQuery: string;
    candidates: readonly string[];
    signingKey: Buffer;
    scope: string;
  },
): Mismatch | undefined {
  let first: Mismatch | undefined;
  for (const canonicalUri of input.candidates) {
    const canonicalRequest = buildCanonicalRequest({
      method: req.method.toUpperCase(),
      canonicalUri,
      canonicalQuery: input.canonicalQuery,
      headers: req.headers,
      signedHeaders: parsed.signedHeaders,
      payloadHash: parsed.payloadHash,
    });
    const stringToSign = buildStringToSign(parsed.datetime, input.scope, canonicalRequest);
    const expected = hmacSha256(input.signingKey, stringToSign).toString('hex');
    if (signaturesEqual(expected, parsed.signature)) return undefined;
    first ??= { canonicalRequest, stringToSign };
  }
  return first;
}

function signatureMismatch(
  parsed: ParsedAuth,
  { canonicalRequest, stringToSign }: Mismatch,
): SigV4Error {
  return new SigV4Error(
    'SignatureDoesNotMatch',
    'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    {
      AWSAccessKeyId: parsed.accessKeyId,
      StringToSign: stringToSign,
      SignatureProvided: parsed.signature,
      StringToSignBytes: toSpacedHex(stringToSign),
      CanonicalRequest: canonicalRequest,
      CanonicalRequestBytes: toSpacedHex(canonicalRequest),
    },
  );
}

function toResult(parsed: ParsedAuth, signingKey: Buffer, scope: string): AuthResult {
  return {
    accessKeyId: parsed.accessKeyId,
    method: parsed.method,
    payload: parsePayloadMode(parsed.payloadHash),
    signedHeaders: parsed.signedHeaders,
    ...(parsed.securityToken !== undefined ? { securityToken: parsed.securityToken } : {}),
    ...(parsed.expiresSeconds !== undefined
      ? { expiresAt: new Date(parsed.requestTime.getTime() + parsed.expiresSeconds * 1000) }
      : {}),
    signing: { signingKey, scope, datetime: parsed.datetime, seedSignature: parsed.signature },
  };
}
