import type { SigningContext } from '../auth-result.js';
import { SigV4Error } from '../sigv4-error.js';
import { EMPTY_SHA256, sha256Hex, signaturesEqual } from './crypto.js';
import { HmacKey } from './hmac-key.js';
import { toSpacedHex } from './string-to-sign.js';

/**
 * The signature chain of a signed `aws-chunked` body (AWS "sigv4-streaming"): each chunk's
 * signature covers its data and the previous signature, starting from the request signature;
 * the trailer signature (AWS "sigv4-streaming-trailers") continues from the final chunk's.
 */
export class ChunkSignatureChain {
  readonly #hmac: HmacKey;
  // The constant head of every chunk's string to sign, built once rather than per chunk.
  readonly #chunkHead: string;
  readonly #trailerHead: string;
  #previous: string;

  constructor(signing: SigningContext) {
    this.#hmac = new HmacKey(signing.signingKey);
    this.#chunkHead = `AWS4-HMAC-SHA256-PAYLOAD\n${signing.datetime}\n${signing.scope}\n`;
    this.#trailerHead = `AWS4-HMAC-SHA256-TRAILER\n${signing.datetime}\n${signing.scope}\n`;
    this.#previous = signing.seedSignature;
  }

  /** Check one chunk's signature given the hex SHA-256 of its data. */
  verifyChunk(dataSha256Hex: string, provided: string | undefined): void {
    const stringToSign = `${this.#chunkHead}${this.#previous}\n${EMPTY_SHA256}\n${dataSha256Hex}`;
    this.#previous = this.#check(stringToSign, provided);
  }

  /** Check the trailer signature over the canonical trailer lines (`name:value\n` each). */
  verifyTrailer(canonicalTrailers: string, provided: string | undefined): void {
    const stringToSign = `${this.#trailerHead}${this.#previous}\n${sha256Hex(canonicalTrailers)}`;
    this.#previous = this.#check(stringToSign, provided);
  }

  #check(stringToSign: string, provided: string | undefined): string {
    const expected = this.#hmac.hex(stringToSign);
    if (provided === undefined || !signaturesEqual(expected, provided.toLowerCase())) {
      throw new SigV4Error(
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
        {
          StringToSign: stringToSign,
          StringToSignBytes: toSpacedHex(stringToSign),
          SignatureProvided: provided ?? '',
        },
      );
    }
    return expected;
  }
}
