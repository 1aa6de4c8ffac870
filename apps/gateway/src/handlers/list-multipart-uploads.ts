import { serializeListMultipartUploads } from '@strata/s3-xml';
import { checksumAlgorithmOf } from './internal/checksum-headers.js';
import { bucketOf, xml, type Handler } from './internal/handler.js';
import { ownerOf } from './internal/owner.js';
import { encodingTypeParam, intParam } from './internal/query-params.js';

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
        initiator: ownerOf(u.owner),
        owner: ownerOf(u.owner),
        storageClass: u.storageClass,
        initiated: u.initiatedAt,
        checksumAlgorithm: checksumAlgorithmOf(u.checksumAlgorithm),
      })),
      commonPrefixes: page.commonPrefixes,
      encodingType,
    }),
  );
};
