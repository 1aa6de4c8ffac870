import { createHash, timingSafeEqual } from 'node:crypto';
import { createMiddleware } from 'hono/factory';
import type { Registry } from 'prom-client';
import type { GatewayEnv } from '../../env.js';
import { requestOutcome } from '../../http/request-outcome.js';
import type { RequestEvent } from '../../metrics/gateway-metrics.js';

/**
 * Reports every request to `observe` once it ended: its operation (set by routing), status and
 * S3 error code (set by `onError`), duration, and declared body sizes ({@link requestOutcome}).
 */
export function requestMetrics(observe: (event: RequestEvent) => void) {
  return createMiddleware<GatewayEnv>(async (c, next) => {
    const started = performance.now();
    await next();
    const { status, code, bytesIn, bytesOut } = requestOutcome(c);
    observe({
      operation: c.get('operation') ?? 'unknown',
      status,
      code,
      durationMs: performance.now() - started,
      bytesIn,
      bytesOut,
    });
  });
}

/**
 * Serves `registry` in the Prometheus text format to requests carrying `Authorization: Bearer
 * <token>`; every other request passes on untouched, so a bucket named `metrics` stays reachable
 * by S3 clients (whose requests are signed, never bearer-authenticated).
 */
export function metricsEndpoint(registry: Registry, token: string) {
  const expected = createHash('sha256').update(`Bearer ${token}`).digest();
  return createMiddleware<GatewayEnv>(async (c, next) => {
    const given = c.req.header('authorization');
    if (given === undefined || !given.startsWith('Bearer ')) return next();
    // Compared as digests: equal lengths, and no timing hint about the token.
    const digest = createHash('sha256').update(given).digest();
    if (!timingSafeEqual(digest, expected)) {
      return c.text('invalid metrics token\n', 401, { 'www-authenticate': 'Bearer' });
    }
    return c.body(await registry.metrics(), 200, { 'content-type': registry.contentType });
  });
}
