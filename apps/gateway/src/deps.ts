import type { Tracer } from '@opentelemetry/api';
import type { Logger } from 'pino';
import type { ObjectLayer } from '@strata/object-layer';
import type { AuthFailureLimiter, SigV4Verifier } from '@strata/sigv4-verify';
import type { AuditLog } from './audit/open-audit-log.js';
import type { AccessControl } from './auth/access-control.js';
import type { BodyPace } from './http/request-body.js';
import type { AdmissionLimits } from './limits/admission-limits.js';
import type { GatewayMetrics } from './metrics/gateway-metrics.js';
import type { InFlightTracker } from './middleware/admission/index.js';

/**
 * Everything the app needs, built by the server (or a test). Its own module so that handlers,
 * which receive it, do not import the app that calls them.
 */
export interface GatewayDeps {
  readonly layer: ObjectLayer;
  readonly verifier: SigV4Verifier;
  readonly region: string;
  readonly domain?: string | undefined;
  readonly logger: Logger;
  /** What each access key may reach, and who owns each bucket. */
  readonly access: AccessControl;
  /**
   * The configured webhook target a notification destination ARN names
   * (`notifications.targets`); without it every destination is refused.
   */
  readonly notificationTarget?: ((arn: string) => string | undefined) | undefined;
  /** Readiness: metastore answers and a backend is writable. */
  readonly ready: () => Promise<boolean>;
  readonly tracker?: InFlightTracker;
  /**
   * The length of a lifecycle day (`workers.lifecycle_day_length`, default 24 h), so that
   * `x-amz-expiration` tells when the lifecycle worker will really expire an object.
   */
  readonly lifecycleDayMs?: number | undefined;
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
  /** Where audit lines go (`audit.output`); none written without it. */
  readonly audit?: AuditLog | undefined;
  /** Where request metrics go; none recorded without it. */
  readonly metrics?: GatewayMetrics;
  /** Serve `metrics` at `/metrics` to requests bearing this token (`metrics.token`). */
  readonly metricsToken?: string | undefined;
  /**
   * The admin API, served to every request under `/admin/v1/` on this listener (`admin.tokens`
   * without `admin.listen`); without it those paths are ordinary S3 requests.
   */
  readonly admin?:
    { fetch(request: Request, env?: unknown): Response | Promise<Response> } | undefined;
  /** Traces each S3 request (`tracing.otlp_endpoint`); no tracing middleware without it. */
  readonly tracer?: Tracer | undefined;
  /**
   * Accept SSE-C customer keys on plain-HTTP requests, which S3 refuses
   * (`encryption.allow_customer_keys_over_http`): for loopback tests only. Default false.
   */
  readonly allowCustomerKeysOverHttp?: boolean | undefined;
}
