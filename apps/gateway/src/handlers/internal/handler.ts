import type { Context } from 'hono';
import { S3Error } from '@strata/s3-xml';
import type { GatewayDeps } from '../app.js';
import type { GatewayEnv } from '../env.js';

/** One S3 operation: reads the request, calls the object layer, renders the answer. */
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

/**
 * Parses an integer query parameter within bounds; absent → `fallback`; anything else →
 * `InvalidArgument` naming the parameter, as S3 does.
 */
export function intParam(
  c: Context<GatewayEnv>,
  name: string,
  fallback: number,
  bounds: { min: number; max: number; clampMax?: boolean },
): number {
  const raw = c.get('target').query.get(name);
  if (raw === null) return fallback;
  const value = /^-?\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (
    !Number.isSafeInteger(value) ||
    value < bounds.min ||
    (!bounds.clampMax && value > bounds.max)
  ) {
    throw new S3Error('InvalidArgument', {
      message: `Provided ${name} not valid.`,
      extra: { ArgumentName: name, ArgumentValue: raw },
    });
  }
  return Math.min(value, bounds.max);
}

/** `encoding-type`: absent, or `url` (the only value S3 defines); anything else is InvalidArgument. */
export function encodingTypeParam(c: Context<GatewayEnv>): 'url' | undefined {
  const value = c.get('target').query.get('encoding-type');
  if (value === null) return undefined;
  if (value !== 'url') {
    throw new S3Error('InvalidArgument', {
      message: 'Invalid Encoding Method specified in Request',
      extra: { ArgumentName: 'encoding-type', ArgumentValue: value },
    });
  }
  return value;
}
