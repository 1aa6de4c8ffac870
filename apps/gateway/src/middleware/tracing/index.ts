/**
 * The request's server span (OpenTelemetry), installed only when tracing is on.
 *
 * @module
 */
import {
  context,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type TextMapGetter,
  type Tracer,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_URL_PATH,
} from '@opentelemetry/semantic-conventions';
import { createMiddleware } from 'hono/factory';
import type { GatewayEnv } from '../../env.js';

/** Reads the incoming `traceparent`/`tracestate` (W3C Trace Context) from fetch `Headers`. */
const headerGetter: TextMapGetter<Headers> = {
  get: (headers, key) => headers.get(key) ?? undefined,
  keys: (headers) => [...headers.keys()],
};

/** Used directly rather than as the global propagator, which belongs to the embedding app. */
const propagator = new W3CTraceContextPropagator();

/**
 * Load balancers' polling, not S3 requests: traced, they would bury the requests under one
 * trace per probe per few seconds.
 */
const PROBE_PATHS = new Set(['/health', '/ready']);

/**
 * One server span per S3 request, continuing the trace of an incoming W3C `traceparent`. It is
 * named `S3 <Operation>` once routing knows the operation (`S3 request` for one refused
 * before, e.g. a bad signature) and carries the method, the path (no query: a presigned URL's
 * query holds its signature), bucket and key, the response status, the S3 error code, and the
 * request id; a 5xx answer marks it as an error. Downstream work (backend and metastore calls)
 * runs in its context, so their spans become its children; the trace id is set as `traceId`
 * for the access log and error lines. The span ends when the handler answered (a GetObject
 * once its body started streaming), as the request metrics measure.
 */
export function requestTracing(tracer: Tracer) {
  return createMiddleware<GatewayEnv>(async (c, next) => {
    const path = new URL(c.req.url).pathname;
    if (PROBE_PATHS.has(path)) return next();
    const parent = propagator.extract(ROOT_CONTEXT, c.req.raw.headers, headerGetter);
    const span = tracer.startSpan(
      'S3 request',
      {
        kind: SpanKind.SERVER,
        attributes: {
          [ATTR_HTTP_REQUEST_METHOD]: c.req.method,
          [ATTR_URL_PATH]: path,
          'strata.request_id': c.get('requestId'),
        },
      },
      parent,
    );
    c.set('traceId', span.spanContext().traceId);
    try {
      await context.with(trace.setSpan(parent, span), next);
    } catch (error) {
      // onError answers every error a handler throws; this is one thrown past it.
      span.setStatus({ code: SpanStatusCode.ERROR, message: 'unhandled' });
      throw error;
    } finally {
      const operation = c.get('operation');
      if (operation !== undefined) span.updateName(`S3 ${operation}`);
      const target = c.get('target');
      if (target?.bucket !== undefined) span.setAttribute('aws.s3.bucket', target.bucket);
      if (target?.key !== undefined) span.setAttribute('aws.s3.key', target.key);
      // A handler that wrote to the socket itself (GetObject) set the status there.
      const outgoing = c.env?.outgoing;
      const status = outgoing?.headersSent ? outgoing.statusCode : c.res.status;
      span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, status);
      const code = c.get('errorCode');
      if (code !== undefined) span.setAttribute('strata.s3.error_code', code);
      // OpenTelemetry's HTTP server convention: only a 5xx is the server's error.
      if (status >= 500) {
        span.setAttribute(ATTR_ERROR_TYPE, code ?? String(status));
        span.setStatus({ code: SpanStatusCode.ERROR, message: code });
      }
      span.end();
    }
  });
}
