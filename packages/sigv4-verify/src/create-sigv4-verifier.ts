import { randomBytes } from 'node:crypto';
import type { AuthResult, Credential } from './auth-result.js';
import { detectAuthType, type AuthType } from './detect-auth-type.js';
import { canonicalQuery, parseQuery, type QueryParam } from './internal/canonical-query.js';
import { canonicalUriCandidates } from './internal/canonical-uri.js';
import { signaturesEqual } from './internal/crypto.js';
import type { HmacKey } from './internal/hmac-key.js';
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
  /** How many access keys to keep derived signing keys for (LRU-like). Default 1024. */
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
// The signing key cache slot of every unknown access key (a real id is never empty), so forged
// ids share one entry instead of evicting real keys.
const UNKNOWN_KEY_SLOT = '';

/** `true` for a promise or any thenable a `lookup` may return. */
function isThenable<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as { then?: unknown } | undefined)?.then === 'function';
}

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
    now: config.now?.().getTime() ?? Date.now(),
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
    const found = config.lookup(parsed.accessKeyId);
    // Awaiting a plain value still costs a trip through the microtask queue; most lookups are
    // synchronous map reads.
    const credential = isThenable(found) ? await found : found;
    const signingKey = cache.get(
      credential === undefined ? UNKNOWN_KEY_SLOT : parsed.accessKeyId,
      credential?.secretAccessKey ?? dummySecret,
      parsed.scopeDate,
      ctx.region,
      service,
    );
    const scope = signingKey.scope;
    const query = canonicalQuery(
      params,
      parsed.method === 'presigned' ? 'X-Amz-Signature' : undefined,
    );
    const mismatch = findMismatch(req, parsed, {
      canonicalQuery: query,
      uriEscapePath,
      hmac: signingKey.hmac,
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
    return toResult(parsed, signingKey.key, scope);
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

interface MismatchInput {
  canonicalQuery: string;
  uriEscapePath: boolean;
  hmac: HmacKey;
  scope: string;
}

/**
 * Compute the signature for each canonical URI candidate; `undefined` when one matches, else
 * the first candidate's canonical request and string to sign for the error detail. For S3 the
 * first candidate is the path as sent, which is what every SDK signs; the other forms are only
 * worked out when it fails.
 */
function findMismatch(
  req: VerifiableRequest,
  parsed: ParsedAuth,
  input: MismatchInput,
): Mismatch | undefined {
  const path = req.path === '' ? '/' : req.path;
  const first = input.uriEscapePath
    ? tryUri(req, parsed, input, canonicalUriCandidates(path, true)[0] ?? path)
    : tryUri(req, parsed, input, path);
  if (first === undefined || input.uriEscapePath) return first;
  for (const alternative of canonicalUriCandidates(path, false).slice(1)) {
    if (tryUri(req, parsed, input, alternative) === undefined) return undefined;
  }
  return first;
}

/** `undefined` when the signature over this canonical URI matches. */
function tryUri(
  req: VerifiableRequest,
  parsed: ParsedAuth,
  input: MismatchInput,
  canonicalUri: string,
): Mismatch | undefined {
  const canonicalRequest = buildCanonicalRequest({
    method: upperCaseMethod(req.method),
    canonicalUri,
    canonicalQuery: input.canonicalQuery,
    headers: req.headers,
    signedHeaders: parsed.signedHeaders,
    signedHeaderList: parsed.signedHeaderList,
    payloadHash: parsed.payloadHash,
  });
  const stringToSign = buildStringToSign(parsed.datetime, input.scope, canonicalRequest);
  const expected = input.hmac.hex(stringToSign);
  if (signaturesEqual(expected, parsed.signature)) return undefined;
  // Hex is case-insensitive. Every SDK sends lower case, so the signature is compared as sent
  // first and lower-cased only when that fails (lower-casing costs as much as the comparison).
  const lower = parsed.signature.toLowerCase();
  if (lower !== parsed.signature && signaturesEqual(expected, lower)) {
    // The chunk signature chain continues from the lower-case form.
    parsed.signature = lower;
    return undefined;
  }
  return { canonicalRequest, stringToSign };
}

const METHODS = new Set(['GET', 'PUT', 'HEAD', 'POST', 'DELETE', 'OPTIONS', 'PATCH']);

/** The method in upper case; `toUpperCase` costs more than a lookup, and methods already are. */
function upperCaseMethod(method: string): string {
  return METHODS.has(method) ? method : method.toUpperCase();
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
  const result: AuthResult = {
    accessKeyId: parsed.accessKeyId,
    method: parsed.method,
    payload: parsed.payload,
    signedHeaders: parsed.signedHeaders,
    signing: { signingKey, scope, datetime: parsed.datetime, seedSignature: parsed.signature },
  };
  // Assigned rather than spread in: object spread is a slow path in V8, and this runs per request.
  if (parsed.securityToken !== undefined) result.securityToken = parsed.securityToken;
  if (parsed.expiresSeconds !== undefined) {
    result.expiresAt = new Date(parsed.requestTime + parsed.expiresSeconds * 1000);
  }
  return result;
}
