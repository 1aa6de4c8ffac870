import { Hono, type Context, type MiddlewareHandler } from 'hono';
import type { Logger } from 'pino';
import { serializeError, type S3Error } from '@strata/s3-xml';
import type { ObjectLayer } from '@strata/object-layer';
import type { AuthFailureLimiter, SigV4Verifier } from '@strata/sigv4-verify';
import type { AccessControl } from './auth/access-control.js';
import type { GatewayEnv } from './env.js';
import { internalErrorLog, toS3Error } from './errors/to-s3-error.js';
import type { BodyPace } from './http/request-body.js';
import { healthProbe } from './handlers/health.js';
import { HANDLERS } from './handlers/index.js';
import { clientAddress, clientOrigin, rawRequestUrl } from './http/request-headers.js';
import { createTrustedProxies } from './http/trusted-proxies.js';
import type { AdmissionLimits } from './limits/admission-limits.js';
import { accessLog } from './middleware/access-log/index.js';
import { admission, InFlightTracker } from './middleware/admission/index.js';
import { authorizeRequest } from './middleware/authorize/index.js';
import { fairUse } from './middleware/fair-use/index.js';
import { unversioned } from './middleware/unversioned/index.js';
import { releaseBody } from './middleware/release-body/index.js';
import { requestId } from './middleware/request-id/index.js';
import { sigv4Auth } from './middleware/sigv4-auth/index.js';
import { resolveTarget } from './routing/resolve-target.js';

/** Everything the app needs, built by the server (or a test). */
export interface GatewayDeps {
  readonly layer: ObjectLayer;
  readonly verifier: SigV4Verifier;
  readonly region: string;
  readonly domain?: string | undefined;
  readonly logger: Logger;
  /** What each access key may reach, and who owns each bucket. */
  readonly access: AccessControl;
  /** Readiness: metastore answers and a backend is writable. */
  readonly ready: () => Promise<boolean>;
  readonly tracker?: InFlightTracker;
  /** Cap for XML request bodies (DeleteObjects, CompleteMultipartUpload). */
  readonly maxXmlBody?: number;
  /** How slowly a client may send a body before it gets `RequestTimeout`. */
  readonly bodyPace?: BodyPace;
  /**
   * Reverse proxies whose `X-Forwarded-For/Host/Proto` are believed: `true` for loopback,
   * link-local and private ranges, or their addresses and CIDRs (`trust_proxy`).
   */
  readonly trustProxy?: boolean | readonly string[];
  /** Admission limits (instance caps, per-address and per-key rates and in-flight counts). */
  readonly limits?: AdmissionLimits;
  /** Repeated authentication failures from one address are answered `SlowDown` for a while. */
  readonly limiter?: AuthFailureLimiter;
}

/**
 * Builds the gateway's Hono app: request id → access log → health probes → admission
 * (draining, instance caps) → bucket/key resolution → per-address limits → SigV4 auth →
 * per-key limits → operation and authorization → one handler per S3 operation. Every error is rendered
 * once, in `onError`, as S3 XML carrying the request id.
 */
export function createApp(deps: GatewayDeps): Hono<GatewayEnv> {
  const tracker = deps.tracker ?? new InFlightTracker();
  const proxies = createTrustedProxies(deps.trustProxy ?? false);
  const limits = deps.limits;
  const app = new Hono<GatewayEnv>();
  app.use(requestId());
  app.use(accessLog(deps.logger));
  // Bucket and key as the client addressed them (the view its signature covers).
  const target: MiddlewareHandler<GatewayEnv> = async (c, next) => {
    const origin = clientOrigin(c, proxies);
    c.set(
      'target',
      resolveTarget(rawRequestUrl(c), origin.host, { domain: deps.domain, scheme: origin.scheme }),
    );
    await next();
  };
  const authenticate = sigv4Auth({
    verifier: deps.verifier,
    access: deps.access,
    limiter: deps.limiter,
    proxies,
  });
  app.get(
    '/health',
    healthProbe({
      layer: deps.layer,
      tracker,
      authenticate: (c, next) =>
        target(c, async () => {
          await authenticate(c, next);
        }),
    }),
  );
  app.get('/ready', async (c) => {
    const ok = !tracker.draining && (await deps.ready().catch(() => false));
    return c.json({ status: ok ? 'ready' : 'not-ready' }, ok ? 200 : 503);
  });
  app.use(admission(tracker, limits));
  app.use(releaseBody(deps.bodyPace));
  app.use(target);
  if (limits && !limits.perAddress.unlimited) {
    app.use(fairUse(limits.perAddress, (c) => clientAddress(c, proxies)));
  }
  app.use(authenticate);
  if (limits && !limits.perKey.unlimited) {
    app.use(fairUse(limits.perKey, (c) => c.get('auth')?.accessKeyId));
  }
  app.use(authorizeRequest(deps.access));
  app.use(unversioned());
  app.all('*', (c) => HANDLERS[c.get('operation')](c, deps));
  app.onError((err, c) => {
    const { error, internal } = toS3Error(err);
    if (internal) {
      for (const line of internalErrorLog(err)) {
        deps.logger.error({ err, requestId: c.get('requestId'), ...line.fields }, line.message);
      }
    }
    return errorResponse(c, error);
  });
  return app;
}

/**
 * The error response, built fresh: headers a handler set before failing (an object's ETag or
 * Content-Length) must not leak into it. HEAD and 304 answers carry no body.
 */
function errorResponse(c: Context<GatewayEnv>, error: S3Error): Response {
  const requestId = c.get('requestId') ?? '';
  const headers = new Headers({
    'x-amz-request-id': requestId,
    'x-amz-id-2': c.get('hostId') ?? '',
  });
  for (const [name, value] of Object.entries(error.headers)) headers.set(name, value);
  if (c.req.method === 'HEAD' || error.status === 304) {
    return new Response(null, { status: error.status, headers });
  }
  const resource = c.get('target')?.rawPath ?? new URL(c.req.url).pathname;
  headers.set('content-type', 'application/xml');
  return new Response(serializeError(error, { resource, requestId }), {
    status: error.status,
    headers,
  });
}
