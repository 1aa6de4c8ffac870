import {
  serializeListMultipartUploads,
  serializeListParts,
  type ChecksumType,
} from '@strata/s3-xml';
import { MAX_PART_NUMBER } from '@strata/object-layer';
import { checksumAlgorithmOf } from './multipart.js';
import { bucketOf, encodingTypeParam, intParam, objectOf, xml, type Handler } from './handler.js';

/** ListParts: paging by part-number-marker, max-parts up to 1000. */
export const listParts: Handler = async (c, deps) => {
  const { bucket, key } = objectOf(c);
  const q = c.get('target').query;
  const maxParts = intParam(c, 'max-parts', 1000, { min: 0, max: 1000, clampMax: true });
  const marker = intParam(c, 'part-number-marker', 0, { min: 0, max: MAX_PART_NUMBER });
  const page = await deps.layer.listParts({
    bucket,
    key,
    uploadId: q.get('uploadId') ?? '',
    partNumberMarker: marker,
    maxParts,
  });
  const { upload } = page;
  const owner = { id: upload.owner, displayName: 'strata' };
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

/** ListMultipartUploads: key-marker / upload-id-marker paging, prefix and delimiter. */
export const listMultipartUploads: Handler = async (c, deps) => {
  const bucket = bucketOf(c);
  const q = c.get('target').query;
  const encodingType = encodingTypeParam(c);
  const maxUploads = intParam(c, 'max-uploads', 1000, { min: 0, max: 1000, clampMax: true });
  const query = {
    prefix: q.get('prefix') || undefined,
    delimiter: q.get('delimiter') || undefined,
    keyMarker: q.get('key-marker') || undefined,
    uploadIdMarker: q.get('upload-id-marker') || undefined,
    maxUploads,
  };
  const page = await deps.layer.listMultipartUploads(bucket, query);
  return xml(
    c,
    serializeListMultipartUploads({
      bucket,
      keyMarker: query.keyMarker,
      uploadIdMarker: query.uploadIdMarker,
      nextKeyMarker: page.nextKeyMarker,
      nextUploadIdMarker: page.nextUploadIdMarker,
      prefix: query.prefix,
      delimiter: query.delimiter,
      maxUploads,
      isTruncated: page.isTruncated,
      uploads: page.uploads.map((u) => ({
        key: u.key,
        uploadId: u.uploadId,
        initiator: { id: u.owner, displayName: 'strata' },
        owner: { id: u.owner, displayName: 'strata' },
        storageClass: u.storageClass,
        initiated: u.initiatedAt,
        checksumAlgorithm: checksumAlgorithmOf(u.checksumAlgorithm),
      })),
      commonPrefixes: page.commonPrefixes,
      encodingType,
    }),
  );
};
