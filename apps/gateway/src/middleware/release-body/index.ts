import { createMiddleware } from 'hono/factory';
import type { GatewayEnv } from '../../env.js';
import type { BodyPace } from '../../http/request-body.js';

/**
 * Releases the request body once the handler (or `onError`) has produced the response, on every
 * path: the one place a body's streams are destroyed (see `RequestBody` for the ownership rules).
 * A body refused after its headers is drained, so the socket stays usable instead of stalling on
 * backpressure or being reset. `pace` is how slowly a client may send (`RequestTimeout` below).
 */
export function releaseBody(pace?: BodyPace) {
  return createMiddleware<GatewayEnv>(async (c, next) => {
    if (pace) c.set('bodyPace', pace);
    try {
      await next();
    } finally {
      c.get('body')?.release();
    }
  });
}
