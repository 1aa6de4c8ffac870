import type { Context } from 'hono';
import { S3Error } from '@strata/s3-xml';
import type { GatewayDeps } from '../../deps.js';
import type { GatewayEnv } from '../../env.js';

/**
 * One S3 operation: reads the request, calls the object layer, renders the answer. Each lives
 * in `handlers/<operation>.ts` and is routed by its row of `OPERATIONS`.
 */
export type Handler = (c: Context<GatewayEnv>, deps: GatewayDeps) => Promise<Response> | Response;

/** The bucket of a bucket-level request (the router guarantees one). */
export function bucketOf(c: Context<GatewayEnv>): string {
  const bucket = c.get('target').bucket;
  if (bucket === undefined)
    throw new S3Error('InvalidRequest', { message: 'A bucket is required.' });
  return bucket;
}

/** Bucket and key of an object-level request. */
export function objectOf(c: Context<GatewayEnv>): { bucket: string; key: string } {
  const { key } = c.get('target');
  if (key === undefined) throw new S3Error('InvalidRequest', { message: 'A key is required.' });
  return { bucket: bucketOf(c), key };
}

/** XML response with S3's content type. */
export function xml(c: Context<GatewayEnv>, body: string, status: 200 = 200): Response {
  c.header('content-type', 'application/xml');
  return c.body(body, status);
}
