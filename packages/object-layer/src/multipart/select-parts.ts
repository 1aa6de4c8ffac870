import type { UploadPart } from '@strata/metastore-core';
import { S3Error } from '@strata/s3-xml';
import { normalizeEtag } from '../conditions.js';
import { MIN_PART_SIZE } from '../internal/limits.js';
import type { CompletePartInput } from '../types.js';

/**
 * Checks a CompleteMultipartUpload part list against the stored parts and returns the chosen
 * parts in order: at least one part, strictly ascending part numbers, each uploaded with the
 * listed ETag (quotes optional), every part but the last at least 5 MiB.
 *
 * @throws S3Error MalformedXML (no parts), InvalidPartOrder, InvalidPart, EntityTooSmall.
 */
export function selectParts(
  uploadId: string,
  listed: readonly CompletePartInput[],
  stored: readonly UploadPart[],
): UploadPart[] {
  if (listed.length === 0) {
    // S3 rejects an empty <CompleteMultipartUpload/> as a schema violation.
    throw new S3Error('MalformedXML', {
      message:
        'The XML you provided was not well-formed or did not validate against our published schema',
    });
  }
  for (let i = 1; i < listed.length; i++) {
    if (listed[i]!.partNumber <= listed[i - 1]!.partNumber) {
      throw new S3Error('InvalidPartOrder', {
        message:
          'The list of parts was not in ascending order. Parts must be ordered by part number.',
        extra: { UploadId: uploadId },
      });
    }
  }
  const byNumber = new Map(stored.map((part) => [part.partNumber, part]));
  const chosen = listed.map((item) => {
    const part = byNumber.get(item.partNumber);
    if (!part || normalizeEtag(item.etag).toLowerCase() !== part.etag) {
      throw new S3Error('InvalidPart', {
        message:
          "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
        extra: {
          UploadId: uploadId,
          PartNumber: String(item.partNumber),
          ETag: normalizeEtag(item.etag),
        },
      });
    }
    return part;
  });
  chosen.slice(0, -1).forEach((part) => {
    if (part.size < MIN_PART_SIZE) {
      throw new S3Error('EntityTooSmall', {
        message: 'Your proposed upload is smaller than the minimum allowed object size.',
        extra: {
          ProposedSize: String(part.size),
          MinSizeAllowed: String(MIN_PART_SIZE),
          PartNumber: String(part.partNumber),
          ETag: part.etag,
        },
      });
    }
  });
  return chosen;
}
