/**
 * Fair use: per-client request-rate and in-flight limits (`limits.per_address`, `limits.per_key`).
 *
 * @module
 */
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { GatewayEnv } from '../../env.js';
import type { ClientLimiter } from '../../limits/admission-limits.js';

/**
 * Applies `limiter` to the client `keyOf` names (an address before authentication, an access
 * key id after it): over a limit the request is answered `503 SlowDown` with `Retry-After`.
 * Its in-flight slot is held in the request's `slots` and given back when the response is over.
 * A request `keyOf` names no client for (a browser form upload has no access key until its
 * policy is verified) passes.
 */
export function fairUse(
  limiter: ClientLimiter,
  keyOf: (c: Context<GatewayEnv>) => string | undefined,
) {
  return createMiddleware<GatewayEnv>(async (c, next) => {
    const key = keyOf(c);
    if (key !== undefined) await limiter.admit(key, c.get('slots'));
    await next();
  });
}
