import {
  COMBINABLE_CHECKSUM_ALGORITHMS,
  COMPOSITE_CHECKSUM_ALGORITHMS,
  compositeChecksum,
  fullObjectChecksum,
  isChecksumAlgorithm,
  isCombinableChecksumAlgorithm,
} from '@strata/checksums';
import type { UploadPart } from '@strata/metastore-core';
import { S3Error, type ChecksumAlgorithm, type ChecksumType } from '@strata/s3-xml';
import { invalidRequest } from '../internal/s3-errors.js';
import type { CompletePartInput } from '../types.js';

/**
 * The checksum type an upload gets at Create: the one asked for, else S3's default for the
 * algorithm (FULL_OBJECT for CRC64NVME, which has no composite form; COMPOSITE otherwise).
 *
 * @throws S3Error InvalidRequest for a type without an algorithm, or a pair S3 does not support.
 */
export function resolveChecksumType(
  algorithm: ChecksumAlgorithm | undefined,
  type: ChecksumType | undefined,
): ChecksumType | undefined {
  if (algorithm === undefined) {
    if (type === undefined) return undefined;
    throw invalidRequest(
      'The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.',
    );
  }
  const resolved = type ?? (algorithm === 'CRC64NVME' ? 'FULL_OBJECT' : 'COMPOSITE');
  // S3 "Checking object integrity": which algorithm supports which multipart checksum type.
  const allowed: readonly ChecksumAlgorithm[] =
    resolved === 'FULL_OBJECT' ? COMBINABLE_CHECKSUM_ALGORITHMS : COMPOSITE_CHECKSUM_ALGORITHMS;
  if (!allowed.includes(algorithm)) {
    throw invalidRequest(
      `The ${resolved} checksum type cannot be used with the ${algorithm.toLowerCase()} checksum algorithm.`,
    );
  }
  return resolved;
}

/**
 * UploadPart of an upload created with a checksum algorithm must carry that checksum (S3 answers
 * a part without it, or with another one, this way).
 *
 * @throws S3Error InvalidRequest
 */
export function assertPartChecksum(
  algorithm: string | undefined,
  checksums: Readonly<Record<string, string>>,
): void {
  if (algorithm === undefined || checksums[algorithm] !== undefined) return;
  const actual = Object.keys(checksums)[0]?.toLowerCase() ?? 'null';
  throw invalidRequest(
    `Checksum Type mismatch occurred, expected checksum Type: ${algorithm.toLowerCase()}, actual checksum Type: ${actual}`,
  );
}

function invalidPart(uploadId: string, partNumber: number, etag: string): S3Error {
  return new S3Error('InvalidPart', {
    message:
      "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
    extra: { UploadId: uploadId, PartNumber: String(partNumber), ETag: etag },
  });
}

/**
 * Checks the per-part checksums a CompleteMultipartUpload lists against the stored ones: each
 * listed value must equal the stored checksum of that algorithm; a COMPOSITE upload must list
 * its algorithm's checksum for every part (a FULL_OBJECT one may leave them out).
 *
 * @throws S3Error InvalidPart (mismatch, or a checksum the part never had), InvalidRequest
 *   (missing from a COMPOSITE Complete).
 */
export function verifyListedChecksums(
  upload: {
    uploadId: string;
    checksumAlgorithm?: string | undefined;
    checksumType?: string | undefined;
  },
  listed: readonly CompletePartInput[],
  chosen: readonly UploadPart[],
): void {
  listed.forEach((item, i) => {
    const part = chosen[i]!;
    for (const [algorithm, value] of Object.entries(item.checksums ?? {})) {
      if (part.checksums[algorithm] !== value) {
        throw invalidPart(upload.uploadId, part.partNumber, part.etag);
      }
    }
    const algorithm = upload.checksumAlgorithm;
    if (algorithm === undefined) return;
    if (upload.checksumType === 'COMPOSITE' && item.checksums?.[algorithm] === undefined) {
      throw invalidRequest(
        `The upload was created using a ${algorithm.toLowerCase()} checksum. The complete request must include the checksum for each part. It was missing for part ${part.partNumber} in the request.`,
      );
    }
    if (part.checksums[algorithm] === undefined) {
      throw invalidPart(upload.uploadId, part.partNumber, part.etag);
    }
  });
}

/**
 * The object checksum of a completed upload: COMPOSITE is the checksum of the concatenated
 * binary part checksums with `-N` appended; FULL_OBJECT is the part CRCs combined into the CRC
 * of the whole object (no byte is read again).
 *
 * @returns `{}` when the upload has no algorithm or no parts.
 */
export function objectChecksum(
  upload: { checksumAlgorithm?: string | undefined; checksumType?: string | undefined },
  parts: readonly UploadPart[],
): Record<string, string> {
  const algorithm = upload.checksumAlgorithm;
  if (algorithm === undefined || !isChecksumAlgorithm(algorithm) || parts.length === 0) return {};
  const values = parts.map((part) => part.checksums[algorithm] ?? '');
  if (upload.checksumType === 'FULL_OBJECT') {
    if (!isCombinableChecksumAlgorithm(algorithm)) return {};
    const checksummed = parts.map((part, i) => ({ checksum: values[i]!, size: part.size }));
    return { [algorithm]: fullObjectChecksum(algorithm, checksummed) };
  }
  return { [algorithm]: compositeChecksum(algorithm, values) };
}

/**
 * Compares the object checksum the client sent with Complete (`x-amz-checksum-<alg>`) with the
 * computed one; a COMPOSITE value is compared without its `-N`.
 *
 * @throws S3Error BadDigest
 */
export function assertExpectedChecksum(
  expected: Readonly<Record<string, string>> | undefined,
  computed: Readonly<Record<string, string>>,
): void {
  for (const [algorithm, value] of Object.entries(expected ?? {})) {
    const ours = computed[algorithm];
    if (ours === undefined) continue;
    if (value.replace(/-\d+$/, '') !== ours.replace(/-\d+$/, '')) {
      throw new S3Error('BadDigest', {
        message: `The ${algorithm} you specified did not match the calculated checksum.`,
      });
    }
  }
}
