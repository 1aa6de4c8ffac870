import {
  isValidChecksumValue,
  toChecksumHeaderName,
  type ChecksumAlgorithm,
} from '@strata/checksums';
import { SigV4Error } from '../sigv4-error.js';
import type { ChunkSignatureChain } from './chunk-signature-chain.js';

const SIGNATURE = 'x-amz-trailer-signature';

function malformedTrailer(): SigV4Error {
  return new SigV4Error(
    'MalformedTrailerError',
    'The request contained trailing data that was not well-formed or did not conform to our published schema.',
  );
}

/**
 * Collects the trailing headers of an `aws-chunked` body: only the checksums announced in
 * `x-amz-trailer` are accepted (an unannounced one could not have been computed while
 * streaming), and in signed-trailer mode the `x-amz-trailer-signature` must come last.
 */
export class TrailerCollector {
  readonly values = new Map<ChecksumAlgorithm, string>();
  readonly #declared: readonly ChecksumAlgorithm[];
  readonly #signed: boolean;
  #canonical: string[] = [];
  #signature: string | undefined;

  constructor(declared: readonly ChecksumAlgorithm[], signed: boolean) {
    this.#declared = declared;
    this.#signed = signed;
  }

  add(name: string, value: string): void {
    if (this.#signature !== undefined) throw malformedTrailer();
    if (name === SIGNATURE) {
      if (!this.#signed) throw malformedTrailer();
      this.#signature = value;
      return;
    }
    const algorithm = this.#declared.find((a) => toChecksumHeaderName(a) === name);
    if (algorithm === undefined || this.values.has(algorithm)) throw malformedTrailer();
    if (!isValidChecksumValue(algorithm, value)) {
      throw new SigV4Error('InvalidRequest', `Value for ${name} trailing header is invalid.`);
    }
    this.values.set(algorithm, value);
    this.#canonical.push(`${name}:${value}\n`);
  }

  /** At the end of the body: every announced trailer arrived, and the trailer signature holds. */
  verify(chain: ChunkSignatureChain | undefined): void {
    if (this.values.size !== this.#declared.length) throw malformedTrailer();
    if (!this.#signed || chain === undefined) return;
    if (this.#canonical.length === 0 && this.#signature === undefined) return;
    if (this.#signature === undefined) throw malformedTrailer();
    chain.verifyTrailer([...this.#canonical].sort().join(''), this.#signature);
  }
}
