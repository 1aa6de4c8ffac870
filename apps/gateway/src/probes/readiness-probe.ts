import type { Handler } from 'hono';
import type { GatewayEnv } from '../env.js';
import type { InFlightTracker } from '../middleware/admission/index.js';

/** What {@link readinessProbe} asks. */
export interface ReadinessProbeOptions {
  readonly tracker: InFlightTracker;
  /** Metastore answers and some backend takes writes; a rejection counts as not ready. */
  readonly ready: () => Promise<boolean>;
}

/**
 * `GET /ready`, the readiness probe: `{"status":"ready"}` 200, or `{"status":"not-ready"}` 503
 * while draining or when a dependency is down, so a load balancer stops sending requests.
 */
export function readinessProbe(options: ReadinessProbeOptions): Handler<GatewayEnv> {
  return async (c) => {
    const ok = !options.tracker.draining && (await options.ready().catch(() => false));
    return c.json({ status: ok ? 'ready' : 'not-ready' }, ok ? 200 : 503);
  };
}
