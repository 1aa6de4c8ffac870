/** Checksum algorithms S3 supports, in the order their elements are written. */
export const CHECKSUM_ALGORITHMS = ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'] as const;
/** One of {@link CHECKSUM_ALGORITHMS}. */
export type ChecksumAlgorithm = (typeof CHECKSUM_ALGORITHMS)[number];

/** How a multipart object's checksum was computed. */
export const CHECKSUM_TYPES = ['COMPOSITE', 'FULL_OBJECT'] as const;
/** One of {@link CHECKSUM_TYPES}. */
export type ChecksumType = (typeof CHECKSUM_TYPES)[number];

/** Base64 checksum values by algorithm (rendered as `ChecksumCRC32`, `ChecksumSHA256`…). */
export type Checksums = Partial<Record<ChecksumAlgorithm, string>>;

/** A canonical user: `<ID>` and, where S3 still sends it, `<DisplayName>`. */
export interface Owner {
  id: string;
  displayName?: string;
}

/** The only `encoding-type` S3 defines. */
export type EncodingType = 'url';
