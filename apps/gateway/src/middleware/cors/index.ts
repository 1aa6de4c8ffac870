import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { ObjectLayer } from '@strata/object-layer';
import { S3Error } from '@strata/s3-xml';
import type { GatewayEnv } from '../../env.js';
import { corsHeaders, findCorsRule, requestedHeaders } from '../../http/cors-rules.js';

const NOT_ALLOWED =
  "CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.";

/**
 * CORS, from each bucket's rules (PutBucketCors). An `OPTIONS` preflight is answered here,
 * before authentication, as browsers send it without credentials: `200` with the
 * `Access-Control-*` headers of the first rule that allows it, or S3's `400` / `403`. A request
 * with an `Origin` gets the headers of the rule that allows its origin and method on whatever
 * the request answers, errors included, so a browser can read why it failed. A bucket that
 * cannot be read (missing, the metastore down) adds no headers: the answer stays the request's own.
 */
export function cors(layer: ObjectLayer) {
  return createMiddleware<GatewayEnv>(async (c, next) => {
    if (c.req.method === 'OPTIONS') return preflight(c, layer);
    // Found before the handler runs: under node-server GetObject writes its head straight to
    // the socket (handlers/get-object.ts), so the headers must already be among the context's
    // own, which c.body() merges. Set on c.res again afterwards for the answers built as a
    // whole Response (app.onError's), which do not merge them.
    const headers = Object.entries(await allowedCorsHeaders(c, layer));
    for (const [name, value] of headers) c.header(name, value);
    await next();
    for (const [name, value] of headers) c.res.headers.set(name, value);
    return undefined;
  });
}

/** The headers of the rule that allows the request's origin and method; none without one. */
async function allowedCorsHeaders(
  c: Context<GatewayEnv>,
  layer: ObjectLayer,
): Promise<Record<string, string>> {
  const origin = c.req.header('origin');
  const bucket = c.get('target').bucket;
  if (origin === undefined || bucket === undefined) return {};
  const rules = await layer.getBucket(bucket).then(
    (found) => found.cors,
    () => undefined,
  );
  const request = { origin, method: c.req.method, headers: [] };
  const rule = rules && findCorsRule(rules, request);
  return rule === undefined ? {} : corsHeaders(rule, request, false);
}

async function preflight(c: Context<GatewayEnv>, layer: ObjectLayer): Promise<Response> {
  const { bucket, key } = c.get('target');
  const origin = c.req.header('origin');
  if (origin === undefined) {
    throw new S3Error('BadRequest', {
      message: 'Insufficient information. Origin request header needed.',
    });
  }
  const method = c.req.header('access-control-request-method');
  if (method === undefined) {
    throw new S3Error('BadRequest', { message: 'Invalid Access-Control-Request-Method: null' });
  }
  if (bucket === undefined) {
    throw new S3Error('BadRequest', {
      message: 'A CORS preflight request must address a bucket.',
    });
  }
  const extra = { Method: method, ResourceType: key === undefined ? 'BUCKET' : 'OBJECT' };
  const { cors: rules } = await layer.getBucket(bucket);
  if (rules === undefined) {
    throw new S3Error('AccessForbidden', {
      message: 'CORSResponse: CORS is not enabled for this bucket.',
      extra,
    });
  }
  const request = {
    origin,
    method,
    headers: requestedHeaders(c.req.header('access-control-request-headers')),
  };
  const rule = findCorsRule(rules, request);
  if (rule === undefined) throw new S3Error('AccessForbidden', { message: NOT_ALLOWED, extra });
  return c.body(null, 200, corsHeaders(rule, request, true));
}
