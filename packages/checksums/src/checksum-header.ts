import { isChecksumAlgorithm, type ChecksumAlgorithm } from './checksum-algorithm.js';

const CHECKSUM_HEADER = /^x-amz-checksum-([a-z0-9]+)$/;

/**
 * The header (and trailer) name S3 carries a checksum in: `x-amz-checksum-crc64nvme` for
 * `CRC64NVME`.
 *
 * @example
 * ```ts
 * toChecksumHeaderName('CRC32C'); // 'x-amz-checksum-crc32c'
 * ```
 */
export function toChecksumHeaderName(algorithm: ChecksumAlgorithm): string {
  return `x-amz-checksum-${algorithm.toLowerCase()}`;
}

/**
 * The algorithm a lower-case `x-amz-checksum-<name>` header or trailer name carries, or
 * `undefined` for any other name, an unknown algorithm, or `x-amz-checksum-type` /
 * `-algorithm` (which share the prefix but carry no value).
 */
export function parseChecksumHeaderName(name: string): ChecksumAlgorithm | undefined {
  const algorithm = CHECKSUM_HEADER.exec(name)?.[1]?.toUpperCase();
  return algorithm !== undefined && isChecksumAlgorithm(algorithm) ? algorithm : undefined;
}
