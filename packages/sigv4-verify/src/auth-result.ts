import type { PayloadMode } from './payload-mode.js';

/** What the chunk decoder needs to verify a signed chunk chain. */
export interface SigningContext {
  /** The derived SigV4 signing key (`kSigning`). Keep it in memory only. */
  signingKey: Buffer;
  /** `YYYYMMDD/region/service/aws4_request`. */
  scope: string;
  /** The request time in `YYYYMMDDTHHMMSSZ`, as in the string to sign. */
  datetime: string;
  /** The verified request signature; the first chunk signature chains from it. */
  seedSignature: string;
}

/**
 * How a verified request was signed: SigV4 `Authorization` header or presigned URL, or legacy
 * SigV2 `Authorization: AWS AKID:sig` header or `?AWSAccessKeyId=…&Signature=…&Expires=…` URL.
 */
export const AUTH_METHODS = ['header', 'presigned', 'v2-header', 'v2-presigned'] as const;

/** One of {@link AUTH_METHODS}. */
export type AuthMethod = (typeof AUTH_METHODS)[number];

/** A successfully verified request. */
export interface AuthResult {
  accessKeyId: string;
  method: AuthMethod;
  /**
   * SigV4: from `x-amz-content-sha256` (presigned: `UNSIGNED-PAYLOAD` unless given). SigV2
   * always `{ kind: 'unsigned' }`: V2 does not sign the body (a `Content-MD5` header is signed;
   * checking it against the body is the caller's job).
   */
  payload: PayloadMode;
  /** Lower-case names of the headers the signature covers. */
  signedHeaders: readonly string[];
  /** `X-Amz-Security-Token` / `x-amz-security-token`, when the client sent one. */
  securityToken?: string;
  /** When a presigned URL (V4 or V2) stops being valid. */
  expiresAt?: Date;
  /**
   * What `createBodyDecoder` needs to verify signed `aws-chunked` bodies. Present for SigV4
   * results, absent for SigV2 ones (no SigV4 signing key exists; their payload is `unsigned`).
   */
  signing?: SigningContext;
}

/** An access key and its secret, as returned by the verifier's `lookup`. */
export interface Credential {
  accessKeyId: string;
  secretAccessKey: string;
}
