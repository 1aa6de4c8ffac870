import type { Context, MiddlewareHandler } from 'hono';
import type { ObjectLayer } from '@strata/object-layer';
import type { GatewayEnv } from '../env.js';
import type { InFlightTracker } from '../middleware/admission/index.js';

/** What {@link healthProbe} reports on, and how it checks a caller. */
export interface HealthProbeOptions {
  readonly layer: ObjectLayer;
  readonly tracker: InFlightTracker;
  /** SigV4 (or V2) authentication of the request: runs `next` for a configured key, else throws. */
  readonly authenticate: MiddlewareHandler<GatewayEnv>;
}

/** Liveness as `/health` answers it: draining (shutting down), degraded (no metastore), or ok. */
export type HealthStatus = 'ok' | 'degraded' | 'draining';

/**
 * `GET /health`, the liveness probe: `{"status":"ok"|"degraded"|"draining"}`, 200, for anyone.
 * Load balancers, orchestrators and S3 tools probe it unauthenticated and often, so it stays
 * cheap and says nothing about the deployment. `GET /health?details` adds each backend's state
 * and circuit (`{"status":…,"backends":{"local":{"state":"active","circuit":"closed"}}}`) for a
 * request signed with a configured access key: backend names and health map the storage behind
 * the gateway, which is not for anonymous callers. A missing or bad signature there gets the
 * S3 error any unauthenticated request gets (403 `AccessDenied`, `SignatureDoesNotMatch`…).
 */
export function healthProbe(options: HealthProbeOptions) {
  return async (c: Context<GatewayEnv, string>): Promise<Response> => {
    const status: HealthStatus = options.tracker.draining
      ? 'draining'
      : options.layer.degraded
        ? 'degraded'
        : 'ok';
    if (c.req.query('details') === undefined) return c.json({ status });
    let backends: Record<string, { state: string; circuit: string }> = {};
    await options.authenticate(c, () => {
      backends = Object.fromEntries(
        options.layer.pool.members().map((m) => [m.name, { state: m.state, circuit: m.circuit }]),
      );
      return Promise.resolve();
    });
    return c.json({ status, backends });
  };
}
