import type { Context } from 'hono';
import { S3Error } from '@strata/s3-xml';
import type { GatewayEnv } from '../../env.js';

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

/** `uploadId` of a multipart request; empty when absent, which the object layer answers NoSuchUpload. */
export function uploadIdOf(c: Context<GatewayEnv>): string {
  return c.get('target').query.get('uploadId') ?? '';
}
