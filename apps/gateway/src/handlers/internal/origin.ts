import type { Context } from 'hono';
import type { RequestOrigin } from '@strata/object-layer';
import type { GatewayEnv } from '../../env.js';

/**
 * Who made the request and from where, for the event notifications of what it changes: its
 * request id, the caller as S3 names it in `userIdentity.principalId` (`AWS:` and the user's
 * unique id, or the account's; `anonymous` unsigned), and the client's address.
 */
export function originOf(c: Context<GatewayEnv>): RequestOrigin {
  const { principal, owner } = c.get('scope');
  const principalId =
    principal === undefined
      ? `AWS:${owner}`
      : principal.type === 'anonymous'
        ? 'anonymous'
        : `AWS:${principal.userId ?? principal.account}`;
  return { requestId: c.get('requestId'), principalId, sourceIp: c.get('sourceIp') };
}
