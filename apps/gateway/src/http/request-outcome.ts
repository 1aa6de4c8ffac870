import type { Context } from 'hono';
import type { GatewayEnv } from '../env.js';

/** How a finished request went, as the metrics and the audit log record it. */
export interface RequestOutcome {
  readonly status: number;
  /** The S3 error code it was answered with (set by `onError`). */
  readonly code: string | undefined;
  /** Declared request body bytes (`x-amz-decoded-content-length` for aws-chunked bodies). */
  readonly bytesIn: number;
  /** Declared response body bytes (0 for HEAD). */
  readonly bytesOut: number;
  /** The version id the response names (`x-amz-version-id`), if any. */
  readonly versionId: string | undefined;
}

/**
 * Reads the outcome of a request after `next()` returned. A handler that wrote the response to
 * the socket itself (GetObject) set its status and headers there, not on `c.res`.
 */
export function requestOutcome(c: Context<GatewayEnv>): RequestOutcome {
  const outgoing = c.env?.outgoing;
  const written = outgoing?.headersSent === true;
  const header = (name: string): string | undefined => {
    const value = written ? outgoing.getHeader(name) : c.res.headers.get(name);
    return value === undefined || value === null ? undefined : String(value);
  };
  const declaredIn =
    c.req.header('x-amz-decoded-content-length') ?? c.req.header('content-length') ?? '0';
  return {
    status: written ? outgoing.statusCode : c.res.status,
    code: c.get('errorCode'),
    bytesIn: Number(declaredIn) || 0,
    bytesOut: c.req.method === 'HEAD' ? 0 : Number(header('content-length') ?? 0) || 0,
    versionId: header('x-amz-version-id'),
  };
}
