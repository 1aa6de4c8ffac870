import { createMiddleware } from 'hono/factory';
import type { GatewayEnv } from '../../env.js';

/**
 * After the handler (or `onError`) has produced the response, releases a request body that was
 * started but not read to its end — a PUT refused after its headers, say — so the socket stays
 * usable instead of stalling on backpressure or being reset.
 */
export function releaseBody() {
  return createMiddleware<GatewayEnv>(async (c, next) => {
    try {
      await next();
    } finally {
      c.get('releaseBody')?.();
    }
  });
}
