import type { Context } from 'hono';
import { S3Error } from '@strata/s3-xml';
import {
  MAX_PART_NUMBER,
  parseRange,
  type GetObjectInput,
  type HeadObjectOutput,
} from '@strata/object-layer';
import type { GatewayDeps } from '../../deps.js';
import type { GatewayEnv } from '../../env.js';
import { readConditions } from '../../http/conditions.js';
import { assertResponseOverrides, objectHeaders } from '../../http/object-headers.js';
import { sseOf } from './encryption.js';
import { objectOf } from './handler.js';
import { intParam } from './query-params.js';
import { expirationHeaders } from './expiration.js';
import { readVersionIdHeader, versionIdOf } from './version-id.js';
import { requestSignal } from '../../http/request-signal.js';

/**
 * What a GetObject or HeadObject asks for: part or range (not both: `InvalidRequest`), the
 * `If-*` conditions, and `response-*` overrides checked up front.
 */
export function readObjectInput(c: Context<GatewayEnv>): GetObjectInput {
  const { bucket, key } = objectOf(c);
  const query = c.get('target').query;
  assertResponseOverrides(query);
  const partNumber = query.has('partNumber')
    ? intParam(c, 'partNumber', 1, { min: 1, max: MAX_PART_NUMBER })
    : undefined;
  const rangeHeader = c.req.header('range');
  if (partNumber !== undefined && rangeHeader !== undefined) {
    throw new S3Error('InvalidRequest', {
      message: 'Cannot specify both Range header and partNumber query parameter',
    });
  }
  return {
    bucket,
    key,
    versionId: versionIdOf(c),
    partNumber,
    range: rangeHeader === undefined ? undefined : parseRange(rangeHeader),
    conditions: readConditions(c.req.raw.headers),
    customerKey: sseOf(c).customerKey,
    signal: requestSignal(c),
  };
}

/**
 * Status and headers of a GetObject or HeadObject answer: 206 with `Content-Range` for a
 * range, the stored headers, and `x-strata-degraded` when served without the metastore.
 */
export function readResponseHeaders(
  c: Context<GatewayEnv>,
  deps: Pick<GatewayDeps, 'lifecycleDayMs'>,
  out: HeadObjectOutput,
): { status: 200 | 206; headers: Record<string, string> } {
  const headers = objectHeaders(out.record, {
    // A stored checksum covers the whole object: S3 omits it from ranged and per-part reads,
    // and SDKs that validate it would otherwise reject a correct partial body.
    checksumMode: c.req.header('x-amz-checksum-mode')?.toUpperCase() === 'ENABLED' && !out.range,
    query: c.get('target').query,
    partsCount: out.partsCount,
  });
  // Served from the backends while the metastore is down: bytes and size, no stored metadata
  // (nor which version the newest blob is, so no version id).
  if (out.degraded) headers['x-strata-degraded'] = 'true';
  else {
    Object.assign(headers, readVersionIdHeader(c, out.record));
    if (versionIdOf(c) === undefined)
      Object.assign(headers, expirationHeaders(c, deps, out.record));
  }
  if (out.range) {
    headers['content-range'] = `bytes ${out.range.start}-${out.range.end}/${out.record.size}`;
    headers['content-length'] = String(out.range.end - out.range.start + 1);
    return { status: 206, headers };
  }
  headers['content-length'] = String(out.record.size);
  return { status: 200, headers };
}
