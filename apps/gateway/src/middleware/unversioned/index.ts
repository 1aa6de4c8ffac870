import { createMiddleware } from 'hono/factory';
import { S3Error } from '@strata/s3-xml';
import type { GatewayEnv } from '../../env.js';

/** The error S3 answers for a version id that names no version of an unversioned bucket. */
export function invalidVersionId(versionId: string): S3Error {
  return new S3Error('InvalidArgument', {
    message: 'Invalid version id specified',
    extra: { ArgumentName: 'versionId', ArgumentValue: versionId },
  });
}

/**
 * Buckets are unversioned, so only the `null` version exists: any other `versionId` is 400
 * InvalidArgument, as on AWS, before any handler runs. A handler that ignored it would act on
 * the current version instead, which for DeleteObject destroys data the client meant to keep.
 */
export function unversioned() {
  return createMiddleware<GatewayEnv>(async (c, next) => {
    const versionId = c.get('target').query.get('versionId');
    if (versionId !== null && versionId !== 'null') throw invalidVersionId(versionId);
    await next();
  });
}
