import { randomBytes } from 'node:crypto';
import { createMiddleware } from 'hono/factory';
import type { GatewayEnv } from '../../env.js';

/**
 * Gives every request an id (16 upper-case hex characters, as AWS does) and sets
 * `x-amz-request-id` and `x-amz-id-2` on every response, errors included.
 */
export function requestId() {
  return createMiddleware<GatewayEnv>(async (c, next) => {
    const id = randomBytes(8).toString('hex').toUpperCase();
    const hostId = randomBytes(24).toString('base64');
    c.set('requestId', id);
    c.set('hostId', hostId);
    c.header('x-amz-request-id', id);
    c.header('x-amz-id-2', hostId);
    await next();
  });
}
