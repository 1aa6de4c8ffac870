import { MAX_PART_NUMBER } from '@strata/object-layer';
import { serializeListParts, type ChecksumType } from '@strata/s3-xml';
import { checksumAlgorithmOf } from './internal/checksum-headers.js';
import { setAbortHeaders } from './internal/expiration.js';
import { objectOf, xml, type Handler } from './internal/handler.js';
import { ownerOf } from './internal/owner.js';
import { intParam, uploadIdOf } from './internal/query-params.js';

/**
 * ListParts: paging by part-number-marker, max-parts up to 1000; `x-amz-abort-date` and
 * `x-amz-abort-rule-id` when a lifecycle rule will abort the upload.
 */
export const listParts: Handler = async (c, deps) => {
  const { bucket, key } = objectOf(c);
  const maxParts = intParam(c, 'max-parts', 1000, { min: 0, max: 1000, clampMax: true });
  const marker = intParam(c, 'part-number-marker', 0, { min: 0, max: MAX_PART_NUMBER });
  const page = await deps.layer.listParts({
    bucket,
    key,
    uploadId: uploadIdOf(c),
    partNumberMarker: marker,
    maxParts,
  });
  const { upload } = page;
  const owner = ownerOf(upload.owner);
  // As S3 answers ListParts: when an AbortIncompleteMultipartUpload rule will abort the upload.
  setAbortHeaders(c, deps, key, upload.initiatedAt);
  return xml(
    c,
    serializeListParts({
      bucket,
      key,
      uploadId: upload.uploadId,
      initiator: owner,
      owner,
      storageClass: upload.storageClass,
      partNumberMarker: marker,
      nextPartNumberMarker: page.nextPartNumberMarker ?? page.parts.at(-1)?.partNumber,
      maxParts,
      isTruncated: page.isTruncated,
      parts: page.parts.map((p) => ({
        partNumber: p.partNumber,
        lastModified: p.lastModified,
        etag: p.etag,
        size: p.size,
        checksums: p.checksums,
      })),
      checksumAlgorithm: checksumAlgorithmOf(upload.checksumAlgorithm),
      checksumType: upload.checksumType as ChecksumType | undefined,
    }),
  );
};
