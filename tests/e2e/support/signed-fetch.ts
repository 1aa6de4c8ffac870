import { createHash, createHmac } from 'node:crypto';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { TEST_CREDENTIALS } from './strata-process.js';

type SourceData = string | ArrayBuffer | ArrayBufferView;

const bytes = (data: SourceData): string | Uint8Array =>
  typeof data === 'string'
    ? data
    : ArrayBuffer.isView(data)
      ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
      : new Uint8Array(data);

/** smithy's Checksum shape over node:crypto (HMAC when given a key). */
class Sha256 {
  readonly #secret: string | Uint8Array | undefined;
  #hash: ReturnType<typeof createHash> | ReturnType<typeof createHmac>;
  constructor(secret?: SourceData) {
    this.#secret = secret === undefined ? undefined : bytes(secret);
    this.#hash = this.#create();
  }
  #create() {
    return this.#secret === undefined ? createHash('sha256') : createHmac('sha256', this.#secret);
  }
  update(data: SourceData): void {
    this.#hash.update(bytes(data));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.#hash.digest()));
  }
  reset(): void {
    this.#hash = this.#create();
  }
}

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
