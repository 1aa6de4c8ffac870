import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { Context } from 'hono';
import { S3Error } from '@strata/s3-xml';
import {
  MAX_PART_NUMBER,
  parseRange,
  type GetObjectInput,
  type HeadObjectOutput,
} from '@strata/object-layer';
import type { GatewayEnv } from '../env.js';
import { readConditions } from '../http/conditions.js';
import { assertResponseOverrides, objectHeaders } from '../http/object-headers.js';
import { intParam, objectOf, type Handler } from './handler.js';
import { requestSignal } from '../http/request-signal.js';

function readInput(c: Context<GatewayEnv>): GetObjectInput {
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
    partNumber,
    range: rangeHeader === undefined ? undefined : parseRange(rangeHeader),
    conditions: readConditions(c.req.raw.headers),
    signal: requestSignal(c),
  };
}

function responseHeaders(
  c: Context<GatewayEnv>,
  out: HeadObjectOutput,
): { status: 200 | 206; headers: Record<string, string> } {
  const headers = objectHeaders(out.record, {
    // A stored checksum covers the whole object: S3 omits it from ranged and per-part reads,
    // and SDKs that validate it would otherwise reject a correct partial body.
    checksumMode: c.req.header('x-amz-checksum-mode')?.toUpperCase() === 'ENABLED' && !out.range,
    query: c.get('target').query,
    partsCount: out.partsCount,
  });
  // Served from the backends while the metastore is down: bytes and size, no stored metadata.
  if (out.degraded) headers['x-strata-degraded'] = 'true';
  if (out.range) {
    headers['content-range'] = `bytes ${out.range.start}-${out.range.end}/${out.record.size}`;
    headers['content-length'] = String(out.range.end - out.range.start + 1);
    return { status: 206, headers };
  }
  headers['content-length'] = String(out.record.size);
  return { status: 200, headers };
}

/** GetObject: conditional, ranged or per-part reads, streamed from the backend. */
export const getObject: Handler = async (c, deps) => {
  const out = await deps.layer.getObject(readInput(c));
  const { status, headers } = responseHeaders(c, out);
  const outgoing = c.env?.outgoing;
  if (!outgoing) return c.body(Readable.toWeb(out.body) as ReadableStream, status, headers);
  // Under node-server the backend stream is piped straight into the socket: a web
  // ReadableStream in between costs a promise per chunk and a copy (bench/: large GET).
  // c.body() still merges the headers middleware set (x-amz-request-id, x-amz-id-2).
  const prepared = c.body(null, status, headers);
  outgoing.writeHead(status, Object.fromEntries(prepared.headers));
  // A client that goes away destroys the socket; pipeline then destroys the backend stream.
  pipeline(out.body, outgoing).catch(() => {});
  return RESPONSE_ALREADY_SENT;
};

/** HeadObject: the same headers as GetObject, no body. */
export const headObject: Handler = async (c, deps) => {
  const out = await deps.layer.headObject(readInput(c));
  const { status, headers } = responseHeaders(c, out);
  return c.body(null, status, headers);
};
