import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { S3Credentials } from '../s3-client-config.js';
import { Sha256 } from './sha256.js';

/** What a signature covers. */
export interface UnsignedRequest {
  method: string;
  protocol: string;
  host: string;
  /** Encoded path, sent as is (S3 signs the path encoded once). */
  path: string;
  query: Readonly<Record<string, string>>;
  /** Lower-case header names; must hold `x-amz-content-sha256`. */
  headers: Readonly<Record<string, string>>;
}

/** Signs requests; call once per attempt so the `x-amz-date` is always fresh. */
export type RequestSigner = (req: UnsignedRequest, date: Date) => Promise<Record<string, string>>;

/**
 * A SigV4 signer for service `s3`. The payload hash is read from `x-amz-content-sha256` (the
 * signer never touches the body), and `uriEscapePath: false` because S3, unlike other
 * services, signs the path encoded once, not twice.
 */
export function createRequestSigner(
  region: string,
  credentials: S3Credentials | (() => Promise<S3Credentials>),
): RequestSigner {
  const signer = new SignatureV4({
    service: 's3',
    region,
    credentials,
    sha256: Sha256,
    uriEscapePath: false,
    applyChecksum: false,
  });
  return async (req, date) => {
    const [hostname = req.host, port] = splitHost(req.host);
    const signed = await signer.sign(
      new HttpRequest({
        method: req.method,
        protocol: req.protocol,
        hostname,
        ...(port === undefined ? {} : { port: Number(port) }),
        path: req.path,
        query: { ...req.query },
        headers: { ...req.headers, host: req.host },
      }),
      { signingDate: date },
    );
    return signed.headers;
  };
}

// `host:port`, with IPv6 literals in brackets.
function splitHost(host: string): [string, string | undefined] {
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(host);
  return m === null ? [host, undefined] : [m[1] ?? host, m[2]];
}
