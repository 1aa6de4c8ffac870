import type { MiddlewareHandler } from 'hono';
import type { GatewayEnv } from '../../env.js';

/**
 * One middleware that runs `first`, then `second` inside it, then `next`: for a route that needs
 * a part of the app-wide chain (`/health?details` resolves its target and authenticates before
 * admission, which the other routes run first).
 */
export function chain(
  first: MiddlewareHandler<GatewayEnv>,
  second: MiddlewareHandler<GatewayEnv>,
): MiddlewareHandler<GatewayEnv> {
  return (c, next) =>
    first(c, async () => {
      await second(c, next);
    });
}
