import { isS3ErrorCode, parseDeleteObjects, serializeDeleteResult } from '@strata/s3-xml';
import { readVerifiedXml } from './internal/xml-body.js';
import { bypassGovernanceOf } from '../http/object-lock.js';
import { bucketOf, xml, type Handler } from './internal/handler.js';

/**
 * DeleteObjects: up to 1000 keys or versions, per-entry results, quiet mode. S3 requires an
 * integrity check on this request (Content-MD5 or an x-amz-checksum-*), verified before anything
 * is deleted: a mismatch is `BadDigest`, a check that cannot be verified is refused. Each entry
 * is deleted as DeleteObject deletes it; a `Deleted` entry reports the delete marker it added
 * or removed.
 */
export const deleteObjects: Handler = async (c, deps) => {
  const bucket = bucketOf(c);
  const request = parseDeleteObjects(await readVerifiedXml(c, deps, 'required'));
  const results = await deps.layer.deleteObjects({
    bucket,
    objects: request.objects,
    bypassGovernance: bypassGovernanceOf(c.req.raw.headers),
  });
  return xml(
    c,
    serializeDeleteResult({
      deleted: request.quiet
        ? []
        : results
            .filter((r) => !r.error)
            .map((r) => ({
              key: r.key,
              ...(r.versionId === undefined ? {} : { versionId: r.versionId }),
              ...(r.deleteMarker ? { deleteMarker: true } : {}),
              ...(r.deleteMarkerVersionId === undefined
                ? {}
                : { deleteMarkerVersionId: r.deleteMarkerVersionId }),
            })),
      errors: results
        .filter((r) => r.error)
        .map((r) => ({
          key: r.key,
          ...(r.versionId === undefined ? {} : { versionId: r.versionId }),
          code: isS3ErrorCode(r.error!.code) ? r.error!.code : 'InternalError',
          message: r.error!.message,
        })),
    }),
  );
};
