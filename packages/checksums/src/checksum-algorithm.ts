/** The S3 additional checksum algorithms (`x-amz-checksum-<lower-case name>`). */
export const CHECKSUM_ALGORITHMS = ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'] as const;

/** One of {@link CHECKSUM_ALGORITHMS}. */
export type ChecksumAlgorithm = (typeof CHECKSUM_ALGORITHMS)[number];

/**
 * Every algorithm {@link createChecksum} computes: the S3 checksum algorithms plus MD5, which S3
 * uses for `Content-MD5` and ETags but never as an `x-amz-checksum-*` value (so it is kept out of
 * {@link CHECKSUM_ALGORITHMS}, and {@link isChecksumAlgorithm} refuses it).
 */
export const DIGEST_ALGORITHMS = [...CHECKSUM_ALGORITHMS, 'MD5'] as const;

/** One of {@link DIGEST_ALGORITHMS}. */
export type DigestAlgorithm = (typeof DIGEST_ALGORITHMS)[number];

/** Digest size in bytes per algorithm (S3 sends the big-endian digest, base64-encoded). */
export const CHECKSUM_BYTE_LENGTH = {
  CRC32: 4,
  CRC32C: 4,
  CRC64NVME: 8,
  SHA1: 20,
  SHA256: 32,
  MD5: 16,
} as const satisfies Record<DigestAlgorithm, number>;

/** `true` when `value` is one of {@link CHECKSUM_ALGORITHMS} (upper-case). */
export function isChecksumAlgorithm(value: string): value is ChecksumAlgorithm {
  return (CHECKSUM_ALGORITHMS as readonly string[]).includes(value);
}

/**
 * `true` when `value` is the canonical base64 of a digest of the right size for `algorithm`:
 * what S3 accepts in `x-amz-checksum-*` (it refuses padding variants and stray characters that
 * a lenient base64 decoder would skip).
 */
export function isValidChecksumValue(algorithm: DigestAlgorithm, value: string): boolean {
  const bytes = Buffer.from(value, 'base64');
  return bytes.length === CHECKSUM_BYTE_LENGTH[algorithm] && bytes.toString('base64') === value;
}
