import { bypassGovernanceOf } from '../http/object-lock.js';
import { objectOf, type Handler } from './internal/handler.js';
import { versionIdOf } from './internal/version-id.js';
import { originOf } from './internal/origin.js';

/**
 * DeleteObject: 204 whether or not the key (or the version named) existed, as S3 answers. In a
 * versioned bucket the answer names the delete marker added, or the version removed
 * (`x-amz-version-id`, and `x-amz-delete-marker: true` when that is a marker). `If-Match`
 * makes it conditional: 412 PreconditionFailed, or 404 NoSuchKey without a current version. A
 * version protected by Object Lock is 403 AccessDenied, unless its GOVERNANCE retention is
 * bypassed (`x-amz-bypass-governance-retention: true`).
 */
export const deleteObject: Handler = async (c, deps) => {
  const { bucket, key } = objectOf(c);
  const out = await deps.layer.deleteObject({
    bucket,
    key,
    versionId: versionIdOf(c),
    ifMatch: c.req.header('if-match'),
    bypassGovernance: bypassGovernanceOf(c.req.raw.headers),
    origin: originOf(c),
  });
  if (out.versionId !== undefined) c.header('x-amz-version-id', out.versionId);
  if (out.deleteMarker) c.header('x-amz-delete-marker', 'true');
  return c.body(null, 204);
};
