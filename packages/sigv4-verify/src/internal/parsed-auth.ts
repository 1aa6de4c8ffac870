/** What the header and presigned parsers extract before any cryptography runs. */
export interface ParsedAuth {
  method: 'header' | 'presigned';
  accessKeyId: string;
  /** `YYYYMMDD` from the credential scope. */
  scopeDate: string;
  signedHeaders: string[];
  /** Lower-case hex signature as provided. */
  signature: string;
  /** The request time in `YYYYMMDDTHHMMSSZ`, as it goes into the string to sign. */
  datetime: string;
  requestTime: Date;
  /** The literal payload hash that goes into the canonical request. */
  payloadHash: string;
  /** The `X-Amz-Expires` of a presigned URL, in seconds. */
  expiresSeconds?: number;
  securityToken?: string;
}

/** The gateway-side facts every parser checks the request against. */
export interface AuthContext {
  region: string;
  service: string;
  now: Date;
  maxSkewMs: number;
}
