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
        // Only with tracing on (undefined fields are left out of the line).
        traceId: c.get('traceId'),
        method: c.req.method,
        // Path and parameter names only: a presigned URL's query carries its signature, a
        // bearer credential, and keys in values can be sensitive.
        path: c.get('target')?.rawPath ?? new URL(c.req.url).pathname,
        params: [...(c.get('target')?.query.keys() ?? [])].join(',') || undefined,
        // A handler that wrote to the socket itself (GetObject) set the status there.
        status: c.env?.outgoing?.headersSent ? c.env.outgoing.statusCode : c.res.status,
        ms: Math.round((performance.now() - started) * 10) / 10,
        remote: c.env?.incoming?.socket.remoteAddress,
      },
      'request',
    );
  });
}
