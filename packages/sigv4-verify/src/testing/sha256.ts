// Test support: built as the `./testing` entry point, never imported by the library itself.
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';

/** What @smithy/signature-v4 hands a checksum: text, or bytes in any buffer view. */
export type SourceData = string | ArrayBuffer | ArrayBufferView;

function toBytes(data: SourceData): string | Uint8Array {
  if (typeof data === 'string') return data;
  if (ArrayBuffer.isView(data))
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return new Uint8Array(data);
}

/**
 * SHA-256 (HMAC-SHA-256 when given a key) over `node:crypto`, in smithy's `Checksum` shape: the
 * `sha256` constructor `new SignatureV4({ sha256: Sha256 })` wants. Tests sign with smithy's own
 * signer (the oracle the verifier is checked against) without `@aws-crypto/sha256-js`, whose
 * browser-first build is slow and which the gateway and the e2e suites do not depend on.
 *
 * @example
 * ```ts
 * const signer = new SignatureV4({ service: 's3', region, credentials, sha256: Sha256 });
 * ```
 */
export class Sha256 {
  readonly #secret: string | Uint8Array | undefined;
  #hash: Hash | Hmac;

  constructor(secret?: SourceData) {
    this.#secret = secret === undefined ? undefined : toBytes(secret);
    this.#hash = this.#create();
  }

  #create(): Hash | Hmac {
    return this.#secret === undefined ? createHash('sha256') : createHmac('sha256', this.#secret);
  }

  /** Adds `data` to the digest. */
  update(data: SourceData): void {
    this.#hash.update(toBytes(data));
  }

  /** The digest of everything added since construction or the last {@link Sha256.reset}. */
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.#hash.digest()));
  }

  /** Starts a fresh digest with the same key. */
  reset(): void {
    this.#hash = this.#create();
  }
}
