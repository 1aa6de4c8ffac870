import {
  CHECKSUM_ALGORITHMS,
  CHECKSUM_TYPES,
  S3Error,
  type ChecksumAlgorithm,
  type ChecksumType,
} from '@strata/s3-xml';

/** `x-amz-checksum-algorithm` of a CreateMultipartUpload, upper-cased; unknown → InvalidRequest. */
export function checksumAlgorithmHeader(value: string | undefined): ChecksumAlgorithm | undefined {
  if (value === undefined) return undefined;
  const upper = value.toUpperCase();
  if (!(CHECKSUM_ALGORITHMS as readonly string[]).includes(upper)) {
    throw new S3Error('InvalidRequest', {
      message: `Checksum algorithm provided is unsupported. Please try again with any of the valid types: [${CHECKSUM_ALGORITHMS.join(', ')}]`,
    });
  }
  return upper as ChecksumAlgorithm;
}

/** `x-amz-checksum-type` of a CreateMultipartUpload, upper-cased; unknown → InvalidRequest. */
export function checksumTypeHeader(value: string | undefined): ChecksumType | undefined {
  if (value === undefined) return undefined;
  const upper = value.toUpperCase();
  if (!(CHECKSUM_TYPES as readonly string[]).includes(upper)) {
    throw new S3Error('InvalidRequest', {
      message: 'Value for x-amz-checksum-type header is invalid.',
    });
  }
  return upper as ChecksumType;
}

/** `x-amz-checksum-<alg>` headers of a Complete: the whole object's checksum the client expects. */
export function expectedChecksums(headers: Headers): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const algorithm of CHECKSUM_ALGORITHMS) {
    const value = headers.get(`x-amz-checksum-${algorithm.toLowerCase()}`);
    if (value !== null) out[algorithm] = value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Checksum algorithm an upload was created with, as the XML types name it. */
export function checksumAlgorithmOf(value: string | undefined): ChecksumAlgorithm | undefined {
  return value as ChecksumAlgorithm | undefined;
}
