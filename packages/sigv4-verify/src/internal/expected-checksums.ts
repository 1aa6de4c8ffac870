import {
  CHECKSUM_ALGORITHMS,
  isChecksumAlgorithm,
  isValidChecksumValue,
  parseChecksumHeaderName,
  toChecksumHeaderName,
  type ChecksumAlgorithm,
} from '@strata/checksums';
import type { PayloadMode } from '../payload-mode.js';
import { SigV4Error } from '../sigv4-error.js';
import type { HeaderMap } from '../verifiable-request.js';
import { headerValue } from './header-value.js';

/** The checksum a request announces: its value up front in a header, or later in a trailer. */
export interface ExpectedChecksums {
  header?: { algorithm: ChecksumAlgorithm; value: string };
  /** Algorithms whose value arrives as a trailer (`x-amz-trailer: x-amz-checksum-crc32`). */
  trailers: ChecksumAlgorithm[];
}

/**
 * Read `x-amz-checksum-<alg>`, `x-amz-trailer` and `x-amz-sdk-checksum-algorithm` and check they
 * are consistent, with the messages AWS uses.
 */
export function parseExpectedChecksums(headers: HeaderMap, mode: PayloadMode): ExpectedChecksums {
  const found: { algorithm: ChecksumAlgorithm; value: string }[] = [];
  for (const name of Object.keys(headers)) {
    const algorithm = parseChecksumHeaderName(name);
    const value = headerValue(headers, name)?.trim();
    if (algorithm === undefined || value === undefined) continue;
    if (!isValidChecksumValue(algorithm, value)) {
      throw new SigV4Error('InvalidRequest', `Value for ${name} header is invalid.`);
    }
    found.push({ algorithm, value });
  }
  const trailers = parseTrailerHeader(headerValue(headers, 'x-amz-trailer'), mode);
  if (found.length + trailers.length > 1) {
    throw new SigV4Error(
      'InvalidRequest',
      'Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.',
    );
  }
  const sdk = headerValue(headers, 'x-amz-sdk-checksum-algorithm')?.trim().toUpperCase();
  if (sdk !== undefined && sdk !== '') {
    if (!isChecksumAlgorithm(sdk)) {
      throw new SigV4Error(
        'InvalidRequest',
        'Value for x-amz-sdk-checksum-algorithm header is invalid.',
      );
    }
    if (found[0]?.algorithm !== sdk && trailers[0] !== sdk) {
      throw new SigV4Error(
        'InvalidRequest',
        'x-amz-sdk-checksum-algorithm specified, but no corresponding x-amz-checksum-* or x-amz-trailer headers were found.',
      );
    }
  }
  return { ...(found[0] !== undefined ? { header: found[0] } : {}), trailers };
}

function parseTrailerHeader(value: string | undefined, mode: PayloadMode): ChecksumAlgorithm[] {
  if (value === undefined || value.trim() === '') return [];
  if (mode.kind !== 'streaming-signed-trailer' && mode.kind !== 'streaming-unsigned-trailer') {
    throw new SigV4Error(
      'InvalidRequest',
      'x-amz-trailer requires x-amz-content-sha256 STREAMING-UNSIGNED-PAYLOAD-TRAILER or STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER.',
    );
  }
  return value.split(',').map((raw) => {
    const algorithm = parseChecksumHeaderName(raw.trim().toLowerCase());
    if (algorithm === undefined) {
      throw new SigV4Error(
        'InvalidRequest',
        `The value specified in the x-amz-trailer header is not supported; expected one of ${CHECKSUM_ALGORITHMS.map(toChecksumHeaderName).join(', ')}.`,
      );
    }
    return algorithm;
  });
}
