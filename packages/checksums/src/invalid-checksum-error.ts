/**
 * A checksum value that is not the base64 of a digest of its algorithm's size. Its message is
 * the one S3 sends (`Value for x-amz-checksum-crc32 is invalid.`), so a caller that maps it to
 * S3's `InvalidRequest` can pass the message on.
 */
export class InvalidChecksumError extends Error {
  /** Stable code to branch on. */
  readonly code = 'EINVALID_CHECKSUM';
  override readonly name = 'InvalidChecksumError';
}
