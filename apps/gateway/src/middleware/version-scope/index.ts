import { createMiddleware } from 'hono/factory';
import { invalidVersionId } from '@strata/object-layer';
import type { GatewayEnv } from '../../env.js';
import { operationNamed } from '../../routing/operations.js';

/**
 * A `versionId` reaches only operations that act on the version it names (the operation
 * table's `versionId` rows); for any other, an id other than `null` is 400 InvalidArgument, as
 * on AWS, before the handler runs. A handler that ignored it would act on the current version
 * instead of the one the client named.
 */
export function versionScope() {
  return createMiddleware<GatewayEnv>(async (c, next) => {
    const versionId = c.get('target').query.get('versionId');
    if (
      versionId !== null &&
      versionId !== 'null' &&
      !operationNamed(c.get('operation')).versionId
    ) {
      throw invalidVersionId(versionId);
    }
    await next();
  });
}
