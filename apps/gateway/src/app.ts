import { Hono, type Context } from 'hono';
import { serializeError, type S3Error } from '@strata/s3-xml';
import type { GatewayDeps } from './deps.js';
import type { GatewayEnv } from './env.js';
import { internalErrorLog, toS3Error } from './errors/to-s3-error.js';
import { clientAddress } from './http/request-headers.js';
import { createTrustedProxies } from './http/trusted-proxies.js';
import { accessLog } from './middleware/access-log/index.js';
import { auditLog } from './middleware/audit-log/index.js';
import { aclHeaders } from './middleware/acl-headers/index.js';
import { admission, InFlightTracker } from './middleware/admission/index.js';
import { authorizeRequest } from './middleware/authorize/index.js';
import { bucketRegion } from './middleware/bucket-region/index.js';
import { chain } from './middleware/chain/index.js';
import { cors } from './middleware/cors/index.js';
import { fairUse } from './middleware/fair-use/index.js';
import { metricsEndpoint, requestMetrics } from './middleware/metrics/index.js';
import { releaseBody } from './middleware/release-body/index.js';
import { requestId } from './middleware/request-id/index.js';
import { requestTracing } from './middleware/tracing/index.js';
import { s3Target } from './middleware/s3-target/index.js';
import { serverSideEncryption } from './middleware/server-side-encryption/index.js';
import { sigv4Auth } from './middleware/sigv4-auth/index.js';
import { versionScope } from './middleware/version-scope/index.js';
import { healthProbe } from './probes/health-probe.js';
import { readinessProbe } from './probes/readiness-probe.js';
import { dispatchOperation } from './routing/dispatch-operation.js';

/** Where the admin API is mounted on the main listener (see `deps.admin`). */
const ADMIN_PATH = '/admin/v1';

/**
 * Builds the gateway's Hono app: request id → trace span (with `tracer`) → access log → the admin
 * API under `/admin/v1/` (with `admin`) → request metrics (and `/metrics` for a bearer of the
 * metrics token) → health probes → audit log → admission (draining, instance caps) → bucket/key
 * resolution → CORS (preflights answered, headers on answers to an `Origin`) → HeadBucket's
 * region header → per-address limits → SigV4 auth → per-key limits →
 * operation (from `OPERATIONS`) and authorization → version id, ACL and encryption headers → its
 * handler. Every error is rendered once, in `onError`, as S3 XML carrying the request id.
 */
export function createApp(deps: GatewayDeps): Hono<GatewayEnv> {
  const tracker = deps.tracker ?? new InFlightTracker();
  const proxies = createTrustedProxies(deps.trustProxy ?? false);
  const limits = deps.limits;
  const app = new Hono<GatewayEnv>();
  app.use(requestId());
  // First after the id, so everything downstream (auth, handler, backend and metastore calls)
  // runs inside the request's span. Not installed at all when tracing is off.
  if (deps.tracer) app.use(requestTracing(deps.tracer));
  app.use(accessLog(deps.logger));
  const admin = deps.admin;
  if (admin) {
    // Before the S3 metrics, limits and authentication: the admin API has its own bearer
    // tokens, and an operator must get an answer from an instance that sheds S3 load.
    app.use(`${ADMIN_PATH}/*`, async (c) => admin.fetch(c.req.raw, c.env));
  }
  if (deps.metrics) {
    app.use(requestMetrics((event) => deps.metrics?.request(event)));
    if (deps.metricsToken !== undefined) {
      app.use('/metrics', metricsEndpoint(deps.metrics.registry, deps.metricsToken));
    }
  }
  // Bucket and key as the client addressed them (the view its signature covers).
  const target = s3Target({ domain: deps.domain, proxies });
  const signed = { verifier: deps.verifier, access: deps.access, limiter: deps.limiter, proxies };
  const authenticate = sigv4Auth(signed);
  app.get(
    '/health',
    healthProbe({ layer: deps.layer, tracker, authenticate: chain(target, authenticate) }),
  );
  app.get('/ready', readinessProbe({ tracker, ready: deps.ready }));
  // After the probes (a load balancer's polling is not an S3 request), before admission (a
  // request refused with SlowDown is).
  if (deps.audit) app.use(auditLog(deps.audit, proxies));
  app.use(admission(tracker, limits));
  app.use(releaseBody(deps.bodyPace));
  app.use(target);
  // Before authentication: a browser's preflight carries no credentials.
  app.use(cors(deps.layer));
  // Wraps authentication too: HeadBucket's 403 and 400 name the bucket's region as well.
  app.use(bucketRegion(deps.region));
  if (limits && !limits.perAddress.unlimited) {
    app.use(fairUse(limits.perAddress, (c) => clientAddress(c, proxies)));
  }
  app.use(sigv4Auth({ ...signed, anonymous: true }));
  if (limits && !limits.perKey.unlimited) {
    app.use(fairUse(limits.perKey, (c) => c.get('auth')?.accessKeyId));
  }
  app.use(authorizeRequest({ access: deps.access, layer: deps.layer, proxies }));
  app.use(versionScope());
  app.use(aclHeaders(deps.access));
  app.use(serverSideEncryption({ allowCustomerKeysOverHttp: deps.allowCustomerKeysOverHttp }));
  app.all('*', dispatchOperation(deps));
  app.onError((err, c) => {
    const { error, internal } = toS3Error(err);
    c.set('errorCode', error.code);
    if (internal) {
      for (const line of internalErrorLog(err)) {
        deps.logger.error(
          { err, requestId: c.get('requestId'), traceId: c.get('traceId'), ...line.fields },
          line.message,
        );
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
