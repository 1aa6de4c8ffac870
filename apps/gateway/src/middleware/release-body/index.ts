import { createMiddleware } from 'hono/factory';
import type { GatewayEnv } from '../../env.js';

/**
 * Releases the request body once the handler (or `onError`) has produced the response, on every
 * path: the one place a body's streams are destroyed (see `RequestBody` for the ownership rules).
 * A body refused after its headers is drained, so the socket stays usable instead of stalling on
 * backpressure or being reset.
 */
export function releaseBody() {
  return createMiddleware<GatewayEnv>(async (c, next) => {
    try {
      await next();
    } finally {
      c.get('body')?.release();
    }
  });
}
