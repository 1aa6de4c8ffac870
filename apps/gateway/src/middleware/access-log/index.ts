import { createMiddleware } from 'hono/factory';
import type { Logger } from 'pino';
import type { GatewayEnv } from '../../env.js';

/** One structured log line per request, carrying the same request id as the response. */
export function accessLog(logger: Logger) {
  return createMiddleware<GatewayEnv>(async (c, next) => {
    const started = performance.now();
    await next();
    logger.info(
      {
        requestId: c.get('requestId'),
        method: c.req.method,
        // The path only: a presigned URL's query carries its signature, a bearer credential.
        path: (c.env?.incoming?.url ?? new URL(c.req.url).pathname).split('?')[0],
        status: c.res.status,
        ms: Math.round((performance.now() - started) * 10) / 10,
        remote: c.env?.incoming?.socket.remoteAddress,
      },
      'request',
    );
  });
}
