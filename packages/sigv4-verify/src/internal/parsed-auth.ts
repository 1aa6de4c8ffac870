import type { PayloadMode } from '../payload-mode.js';

/** What the header and presigned parsers extract before any cryptography runs. */
export interface ParsedAuth {
  method: 'header' | 'presigned';
  accessKeyId: string;
  /** `YYYYMMDD` from the credential scope. */
  scopeDate: string;
  /** Frozen: shared between requests that sign the same list. */
  signedHeaders: readonly string[];
  /** `signedHeaders` joined with `;`, as sent (the canonical request's second-to-last line). */
  signedHeaderList: string;
  /**
   * The hex signature as provided; lower-cased by the verifier once it matched that way (a
   * signed aws-chunked body chains from the lower-case form).
   */
  signature: string;
  /** The request time in `YYYYMMDDTHHMMSSZ`, as it goes into the string to sign. */
  datetime: string;
  /** The request time, epoch milliseconds. */
  requestTime: number;
  /** The literal payload hash that goes into the canonical request. */
  payloadHash: string;
  /** `payloadHash` parsed (once: the result reuses it). */
  payload: PayloadMode;
  /** The `X-Amz-Expires` of a presigned URL, in seconds. */
  expiresSeconds?: number;
  securityToken?: string;
}

/** The gateway-side facts every parser checks the request against. */
export interface AuthContext {
  region: string;
  service: string;
  /** The server clock, epoch milliseconds (`Date.now()` is a third of the cost of `new Date()`). */
  now: number;
  maxSkewMs: number;
}
