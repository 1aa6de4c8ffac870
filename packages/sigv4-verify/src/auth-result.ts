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

/** A successfully verified request. */
export interface AuthResult {
  accessKeyId: string;
  method: 'header' | 'presigned';
  /** From `x-amz-content-sha256` (presigned: `UNSIGNED-PAYLOAD` unless given). */
  payload: PayloadMode;
  /** Lower-case names of the headers the signature covers. */
  signedHeaders: readonly string[];
  /** `X-Amz-Security-Token` / `x-amz-security-token`, when the client sent one. */
  securityToken?: string;
  /** When a presigned URL stops being valid. */
  expiresAt?: Date;
  signing: SigningContext;
}

/** An access key and its secret, as returned by the verifier's `lookup`. */
export interface Credential {
  accessKeyId: string;
  secretAccessKey: string;
}
