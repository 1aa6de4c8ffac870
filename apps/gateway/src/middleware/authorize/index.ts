import { createMiddleware } from 'hono/factory';
import { S3Error } from '@strata/s3-xml';
import type { AccessControl } from '../../auth/access-control.js';
import { authorize } from '../../auth/authorize.js';
import type { GatewayEnv } from '../../env.js';
import { parseCopySource } from '../../http/copy-source.js';
import { resolveOperation } from '../../routing/resolve-operation.js';

/**
 * Names the S3 operation from the operation table (501 NotImplemented for one Strata does not
 * serve) and checks that the authenticated key may use the row's permission on the bucket it
 * names, and its source permission on the bucket of a copy source ({@link authorize}). Rows
 * authorized by their handler (browser form uploads, once their policy names the key) pass.
 */
export function authorizeRequest(access: AccessControl) {
  return createMiddleware<GatewayEnv>(async (c, next) => {
    const target = c.get('target');
    const copySource = c.req.header('x-amz-copy-source');
    const operation = resolveOperation(c.req.method, target, copySource);
    if (!operation) {
      throw new S3Error('NotImplemented', {
        message: 'A header or query you provided requested a function that is not implemented.',
      });
    }
    c.set('operation', operation.name);
    if (operation.authorizedBy !== 'handler') {
      const copySourceBucket =
        copySource !== undefined && operation.sourcePermission !== undefined
          ? parseCopySource(copySource).bucket
          : undefined;
      await authorize(access, c.get('scope'), operation.permission, {
        bucket: target.bucket,
        copySourceBucket,
      });
    }
    await next();
  });
}
