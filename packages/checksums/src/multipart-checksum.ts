import type { DigestAlgorithm } from './checksum-algorithm.js';
import { combineCrc, type CombinableChecksumAlgorithm } from './combine-crc.js';
import { createChecksum, type ChecksumEncoding } from './create-checksum.js';

/**
 * The checksum algorithms S3 allows for a COMPOSITE multipart checksum (S3 "Checking object
 * integrity": CRC64NVME has no composite form; the FULL_OBJECT ones are
 * {@link COMBINABLE_CHECKSUM_ALGORITHMS}).
 */
export const COMPOSITE_CHECKSUM_ALGORITHMS = ['CRC32', 'CRC32C', 'SHA1', 'SHA256'] as const;

/** One of {@link COMPOSITE_CHECKSUM_ALGORITHMS}. */
export type CompositeChecksumAlgorithm = (typeof COMPOSITE_CHECKSUM_ALGORITHMS)[number];

/**
 * S3's "checksum of checksums" for a multipart object: the digest of the concatenated binary
 * part digests, then `-` and the number of parts. With MD5 and `hex` this is the multipart ETag;
 * with an S3 checksum algorithm and `base64`, a COMPOSITE `x-amz-checksum-*` value.
 *
 * @param partDigests the parts' digests in order, each in `encoding`
 * @param encoding how the part digests are given and the result is written (default `base64`)
 *
 * @example
 * ```ts
 * compositeChecksum('MD5', [md5HexOfPart1, md5HexOfPart2], 'hex'); // '…-2', the ETag
 * ```
 */
export function compositeChecksum(
  algorithm: DigestAlgorithm,
  partDigests: readonly string[],
  encoding: ChecksumEncoding = 'base64',
): string {
  const sum = createChecksum(algorithm);
  for (const digest of partDigests) sum.update(Buffer.from(digest, encoding));
  return `${sum.digest(encoding)}-${partDigests.length}`;
}

/** One part of a multipart object, as {@link fullObjectChecksum} needs it. */
export interface ChecksummedPart {
  /** The part's base64 checksum. */
  readonly checksum: string;
  /** The part's size in bytes. */
  readonly size: number;
}

/**
 * A FULL_OBJECT multipart checksum: the CRC of the whole object, combined from the parts' CRCs
 * and sizes with {@link combineCrc}, so no byte is read again. An empty list gives the CRC of
 * no bytes.
 *
 * @throws {InvalidChecksumError} when a part's checksum has the wrong size for `algorithm`.
 */
export function fullObjectChecksum(
  algorithm: CombinableChecksumAlgorithm,
  parts: readonly ChecksummedPart[],
): string {
  const [first, ...rest] = parts;
  if (first === undefined) return createChecksum(algorithm).digest();
  let combined = first.checksum;
  for (const part of rest) combined = combineCrc(algorithm, combined, part.checksum, part.size);
  return combined;
}
