import type { Context } from 'hono';
import type { DeleteObjectsEntry } from '@strata/object-layer';
import {
  isS3Error,
  isS3ErrorCode,
  parseDeleteObjects,
  serializeDeleteResult,
} from '@strata/s3-xml';
import { versionedAction } from '../middleware/authorize/request-checks.js';
import type { AccessCheck } from '../auth/authorize.js';
import type { GatewayEnv } from '../env.js';
import { readVerifiedXml } from './internal/xml-body.js';
import { bypassGovernanceOf } from '../http/object-lock.js';
import { bucketOf, xml, type Handler } from './internal/handler.js';
import { originOf } from './internal/origin.js';

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
  const bypassGovernance = bypassGovernanceOf(c.req.raw.headers);
  const denied = await deniedEntries(c, bucket, request.objects, bypassGovernance);
  const deleted = await deps.layer.deleteObjects({
    bucket,
    objects: request.objects.filter((_, i) => !denied.has(i)),
    bypassGovernance,
    origin: originOf(c),
  });
  // Back in request order: the denied entries answer AccessDenied where they stood.
  const allowed = deleted.values();
  const results = request.objects.map(
    (entry, i): DeleteObjectsEntry => denied.get(i) ?? allowed.next().value ?? { key: entry.key },
  );
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

/**
 * The entries the caller may not delete, each with its AccessDenied, found as S3 does: every
 * key is authorized on its own (`s3:DeleteObject`, `s3:DeleteObjectVersion` for a version, and
 * `s3:BypassGovernanceRetention` with the bypass header), so a policy can protect some keys of a
 * request and let the others go.
 */
async function deniedEntries(
  c: Context<GatewayEnv>,
  bucket: string,
  objects: readonly { readonly key: string; readonly versionId?: string | undefined }[],
  bypassGovernance: boolean,
): Promise<Map<number, DeleteObjectsEntry>> {
  const denied = new Map<number, DeleteObjectsEntry>();
  for (const [i, { key, versionId }] of objects.entries()) {
    const checks: AccessCheck[] = [
      { action: versionedAction('s3:DeleteObject', versionId), bucket, key, versionId },
    ];
    if (bypassGovernance) {
      checks.push({ action: 's3:BypassGovernanceRetention', bucket, key, versionId });
    }
    try {
      await c.get('authorize')(checks);
    } catch (error) {
      if (!isS3Error(error) || error.code !== 'AccessDenied') throw error;
      denied.set(i, {
        key,
        ...(versionId === undefined ? {} : { versionId }),
        error: { code: error.code, message: error.message },
      });
    }
  }
  return denied;
}
