// Test support: built as the `./testing` entry point, never imported by the library itself.
import { createHmac } from 'node:crypto';
import type { SigningContext } from '../auth-result.js';

/** A request signed by a test client: what its aws-chunked body's signatures chain from. */
export interface SignedRequestTrace {
  /** `x-amz-date` of the request, `YYYYMMDDTHHMMSSZ`. */
  readonly datetime: string;
  /** The request's own signature; the first chunk signature chains from it. */
  readonly seedSignature: string;
}

/** Who signed a request, and where: the parts of the SigV4 scope a client knows. */
export interface SigningCredentials {
  readonly secretAccessKey: string;
  readonly region: string;
  /** Defaults to `s3`. */
  readonly service?: string;
}

/**
 * The {@link SigningContext} a client derives for the aws-chunked body of a request it signed
 * (AWS "Signature Calculations for the Authorization Header: Transferring Payload in Multiple
 * Chunks"): the signing key and scope of the request's date, and the request signature.
 */
export function signingContextOf(
  request: SignedRequestTrace,
  credentials: SigningCredentials,
): SigningContext {
  const date = request.datetime.slice(0, 8);
  const service = credentials.service ?? 's3';
  let key = createHmac('sha256', `AWS4${credentials.secretAccessKey}`).update(date).digest();
  for (const part of [credentials.region, service, 'aws4_request'])
    key = createHmac('sha256', key).update(part).digest();
  return {
    signingKey: key,
    scope: `${date}/${credentials.region}/${service}/aws4_request`,
    datetime: request.datetime,
    seedSignature: request.seedSignature,
  };
}
