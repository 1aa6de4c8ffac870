import { createMiddleware } from 'hono/factory';
import type { AccessControl } from '../../auth/access-control.js';
import type { GatewayEnv } from '../../env.js';
import { checkAclHeaders } from '../../http/acl-headers.js';
import { OBJECT_WRITES } from '../../routing/operation-names.js';

/**
 * Checks the ACL headers of an object write against its bucket's ownership and public access
 * block ({@link checkAclHeaders}) before the handler reads a byte: an ACL Strata cannot honour
 * is refused, never dropped. Costs nothing for a write without ACL headers, and a cached bucket
 * lookup for one with them.
 */
export function aclHeaders(access: AccessControl) {
  return createMiddleware<GatewayEnv>(async (c, next) => {
    const { bucket } = c.get('target');
    const headers = c.req.raw.headers;
    const asksForAcl =
      headers.has('x-amz-acl') || [...headers.keys()].some((h) => h.startsWith('x-amz-grant-'));
    if (bucket !== undefined && asksForAcl && OBJECT_WRITES.has(c.get('operation'))) {
      const found = await access.bucketAccess(bucket);
      if (found !== undefined) {
        checkAclHeaders((name) => headers.get(name) ?? undefined, {
          ownership: found.ownership,
          publicAccessBlock: found.publicAccessBlock,
          resource: 'object',
        });
      }
    }
    await next();
  });
}
