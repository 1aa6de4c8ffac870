import { createMiddleware } from 'hono/factory';
import type { AccessControl } from '../../auth/access-control.js';
import type { GatewayEnv } from '../../env.js';
import { asksForAcl, checkAclHeaders } from '../../http/acl-headers.js';
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
    const read = (name: string) => c.req.header(name);
    if (bucket !== undefined && OBJECT_WRITES.has(c.get('operation')) && asksForAcl(read)) {
      const found = await access.bucketAccess(bucket);
      if (found !== undefined) {
        checkAclHeaders(read, {
          ownership: found.ownership,
          publicAccessBlock: found.publicAccessBlock,
          resource: 'object',
        });
      }
    }
    await next();
  });
}
