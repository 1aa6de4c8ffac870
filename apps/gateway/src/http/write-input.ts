import type { Context } from 'hono';
import { S3Error } from '@strata/s3-xml';
import type { WriteConditions } from '@strata/object-layer';
import type { GatewayEnv } from '../env.js';

/** Storage classes S3 accepts in `x-amz-storage-class`. */
export const STORAGE_CLASSES = [
  'STANDARD',
  'REDUCED_REDUNDANCY',
  'STANDARD_IA',
  'ONEZONE_IA',
  'INTELLIGENT_TIERING',
  'GLACIER',
  'DEEP_ARCHIVE',
  'GLACIER_IR',
  'OUTPOSTS',
  'SNOW',
  'EXPRESS_ONEZONE',
] as const;

/** `x-amz-storage-class`, validated (`InvalidStorageClass`), defaulting to STANDARD. */
export function storageClass(c: Context<GatewayEnv>): string {
  const value = c.req.header('x-amz-storage-class');
  if (value === undefined) return 'STANDARD';
  if (!(STORAGE_CLASSES as readonly string[]).includes(value)) {
    throw new S3Error('InvalidStorageClass', {
      message: 'The storage class you specified is not valid',
    });
  }
  return value;
}

/** `If-None-Match` / `If-Match` on a write. S3 supports only `*` for If-None-Match. */
export function writeConditions(c: Context<GatewayEnv>): WriteConditions {
  const ifNoneMatch = c.req.header('if-none-match');
  const ifMatch = c.req.header('if-match');
  if (ifNoneMatch !== undefined && ifNoneMatch.trim() !== '*') {
    throw new S3Error('NotImplemented', {
      message: 'A header you provided implies functionality that is not implemented',
      extra: { Header: 'If-None-Match' },
    });
  }
  return { ifNoneMatch: ifNoneMatch === undefined ? undefined : '*', ifMatch };
}
