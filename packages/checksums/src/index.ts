/**
 * `@strata/checksums`: the checksums S3 uses (CRC32, CRC32C, CRC64NVME, SHA1, SHA256, and MD5
 * for `Content-MD5` and ETags) behind one incremental interface, encoded as S3 sends them, and
 * the two multipart forms: COMPOSITE ("checksum of checksums"-N) and FULL_OBJECT (part CRCs
 * combined without rereading the data). A leaf package: no other Strata package involved.
 *
 * @example
 * ```ts
 * import { createChecksum, fullObjectChecksum } from '@strata/checksums';
 *
 * const sum = createChecksum('CRC32C');
 * sum.update(Buffer.from('123456789'));
 * sum.digest(); // '4waSgw=='
 *
 * fullObjectChecksum('CRC32', [
 *   { checksum: '7YH59g==', size: 6 }, // 'hello '
 *   { checksum: 'OncRQw==', size: 5 }, // 'world'
 * ]); // 'DUoRhQ==', the CRC32 of 'hello world'
 * ```
 *
 * @module
 */
export {
  CHECKSUM_ALGORITHMS,
  CHECKSUM_BYTE_LENGTH,
  DIGEST_ALGORITHMS,
  isChecksumAlgorithm,
  isValidChecksumValue,
} from './checksum-algorithm.js';
export type { ChecksumAlgorithm, DigestAlgorithm } from './checksum-algorithm.js';
export { parseChecksumHeaderName, toChecksumHeaderName } from './checksum-header.js';
export { createChecksum, CHECKSUM_ENCODINGS, CHECKSUM_IMPLEMENTATIONS } from './create-checksum.js';
export type {
  Checksum,
  ChecksumEncoding,
  ChecksumImplementation,
  ChecksumOptions,
} from './create-checksum.js';
export {
  combineCrc,
  COMBINABLE_CHECKSUM_ALGORITHMS,
  isCombinableChecksumAlgorithm,
} from './combine-crc.js';
export type { CombinableChecksumAlgorithm } from './combine-crc.js';
export {
  compositeChecksum,
  fullObjectChecksum,
  COMPOSITE_CHECKSUM_ALGORITHMS,
} from './multipart-checksum.js';
export type { ChecksummedPart, CompositeChecksumAlgorithm } from './multipart-checksum.js';
export { InvalidChecksumError } from './invalid-checksum-error.js';
