import { parseDeleteObjects, serializeDeleteResult, isS3ErrorCode } from '@strata/s3-xml';
import { readVerifiedXml } from './internal/xml-body.js';
import { invalidVersionId } from '../middleware/unversioned/index.js';
import { bucketOf, xml, type Handler } from './internal/handler.js';

/**
 * DeleteObjects: up to 1000 keys, per-key results, quiet mode. S3 requires an integrity check
 * on this request (Content-MD5 or an x-amz-checksum-*), verified before anything is deleted: a
 * mismatch is `BadDigest`, a check that cannot be verified is refused.
 */
export const deleteObjects: Handler = async (c, deps) => {
  const bucket = bucketOf(c);
  const request = parseDeleteObjects(await readVerifiedXml(c, deps, 'required'));
  // Only the null version exists: an entry naming another must not delete the current one.
  const versioned = request.objects.filter(
    (o) => o.versionId !== undefined && o.versionId !== 'null',
  );
  const results = await deps.layer.deleteObjects({
    bucket,
    keys: request.objects.filter((o) => !versioned.includes(o)).map((o) => o.key),
  });
  const refused = versioned.map((o) => ({
    key: o.key,
    error: invalidVersionId(o.versionId ?? ''),
  }));
  return xml(
    c,
    serializeDeleteResult({
      deleted: request.quiet ? [] : results.filter((r) => !r.error).map((r) => ({ key: r.key })),
      errors: [...refused, ...results.filter((r) => r.error)].map((r) => ({
        key: r.key,
        code: isS3ErrorCode(r.error!.code) ? r.error!.code : 'InternalError',
        message: r.error!.message,
      })),
    }),
  );
};
