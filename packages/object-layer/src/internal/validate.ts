import { S3Error } from '@strata/s3-xml';
import { MAX_KEY_BYTES, MAX_PART_NUMBER, MAX_PUT_SIZE, MAX_USER_METADATA_BYTES } from './limits.js';
import { entityTooLarge, invalidDigest, partNumberOutOfRange } from './s3-errors.js';

/** @throws S3Error KeyTooLongError when the key exceeds 1024 bytes of UTF-8. */
export function assertKey(key: string): void {
  const size = Buffer.byteLength(key, 'utf8');
  if (size > MAX_KEY_BYTES) {
    throw new S3Error('KeyTooLongError', {
      message: 'Your key is too long',
      extra: { Size: String(size), MaxSizeAllowed: String(MAX_KEY_BYTES) },
    });
  }
}

/**
 * S3 measures user metadata as "the sum of the number of bytes in the UTF-8 encoding of each key
 * and value" (user guide, "Working with object metadata"); keys are counted without the
 * `x-amz-meta-` prefix.
 *
 * @throws S3Error MetadataTooLarge above 2 KB.
 */
export function assertUserMetadata(metadata: Readonly<Record<string, string>> | undefined): void {
  if (!metadata) return;
  let size = 0;
  for (const [name, value] of Object.entries(metadata)) {
    size += Buffer.byteLength(name, 'utf8') + Buffer.byteLength(value, 'utf8');
  }
  if (size > MAX_USER_METADATA_BYTES) {
    throw new S3Error('MetadataTooLarge', {
      message: 'Your metadata headers exceed the maximum allowed metadata size.',
      extra: { Size: String(size), MaxSizeAllowed: String(MAX_USER_METADATA_BYTES) },
    });
  }
}

/** @throws S3Error EntityTooLarge when a declared body exceeds 5 GiB. */
export function assertPutSize(contentLength: number | undefined): void {
  if (contentLength !== undefined && contentLength > MAX_PUT_SIZE) {
    throw entityTooLarge(contentLength, MAX_PUT_SIZE);
  }
}

/** @throws S3Error InvalidArgument for a part number outside 1..10000. */
export function assertPartNumber(partNumber: number): void {
  if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > MAX_PART_NUMBER) {
    throw partNumberOutOfRange(partNumber);
  }
}

/**
 * Decodes a `Content-MD5` header (base64 of the 16-byte digest).
 *
 * @throws S3Error InvalidDigest when it is not base64 of 16 bytes.
 */
export function decodeContentMd5(contentMd5: string | undefined): Buffer | undefined {
  if (contentMd5 === undefined) return undefined;
  const trimmed = contentMd5.trim();
  const decoded = Buffer.from(trimmed, 'base64');
  if (decoded.length !== 16 || !/^[A-Za-z0-9+/]{22}==$/.test(trimmed))
    throw invalidDigest(contentMd5);
  return decoded;
}
