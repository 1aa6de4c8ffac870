import { createHash } from 'node:crypto';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@strata/sigv4-verify/testing';
import { TEST_CREDENTIALS } from './strata-process.js';

const signer = new SignatureV4({
  service: 's3',
  region: 'us-east-1',
  credentials: TEST_CREDENTIALS,
  sha256: Sha256,
  uriEscapePath: false,
});

/**
 * A GET without a body signed with SigV4 as the test credentials, for gateway endpoints no S3
 * client sends (`/health?details`). `url` carries the query as `name=value` pairs.
 */
export async function signedGet(url: string): Promise<Response> {
  const target = new URL(url);
  const query = Object.fromEntries(target.searchParams);
  const signed = await signer.sign(
    new HttpRequest({
      method: 'GET',
      protocol: target.protocol,
      hostname: target.hostname,
      ...(target.port ? { port: Number(target.port) } : {}),
      path: target.pathname,
      query,
      headers: {
        host: target.host,
        'x-amz-content-sha256': createHash('sha256').digest('hex'),
      },
    }),
  );
  return fetch(url, { headers: signed.headers });
}
