import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Dispatcher } from 'undici';
import type { ClientContext } from './client-context.js';
import { toQueryString } from './encode-uri.js';
import { parseErrorResponse } from './parse-error-response.js';
import type { RequestBody } from './request-body.js';
import { resolveTarget } from './resolve-target.js';
import { backoffMs, isRetryable } from '../retry-policy.js';
import { EMPTY_SHA256, sha256Hex } from './sha256.js';
import { toTransportError } from './to-transport-error.js';

/** One S3 request, before signing. Header names are lower-case. */
export interface S3Request {
  method: 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE';
  bucket?: string;
  key?: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: RequestBody;
  /** Whether running the request twice is harmless (see `isRetryable`). */
  idempotent: boolean;
  signal?: AbortSignal | undefined;
}

/** A successful (2xx) reply. The body must be consumed or destroyed. */
export interface S3Response {
  status: number;
  headers: Dispatcher.ResponseData['headers'];
  body: Readable;
  attempts: number;
}

function payloadHash(protocol: string, body: RequestBody | undefined): string {
  if (body === undefined || body.length === 0) return EMPTY_SHA256;
  // Over TLS the payload is already integrity-protected; hashing it would mean reading it
  // twice. Over plain HTTP, sign what can be hashed up front (a Buffer).
  if (protocol === 'https:' || body.buffer === undefined) return 'UNSIGNED-PAYLOAD';
  return sha256Hex(body.buffer);
}

async function attempt(ctx: ClientContext, req: S3Request, contentSha: string) {
  const { config } = ctx;
  const target = resolveTarget(config.endpoint, config.forcePathStyle, req.bucket, req.key);
  const query = req.query ?? {};
  const headers: Record<string, string> = { ...req.headers, 'x-amz-content-sha256': contentSha };
  // An explicit length on every request with a payload, an empty one included: some services
  // reject a PUT without it (411 MissingContentLength).
  if (req.body?.length !== undefined) headers['content-length'] = String(req.body.length);
  else if (req.body === undefined && (req.method === 'PUT' || req.method === 'POST')) {
    headers['content-length'] = '0';
  }
  const signed = await ctx.sign(
    {
      method: req.method,
      protocol: config.endpoint.protocol,
      host: target.host,
      path: target.path,
      query,
      headers,
    },
    config.now(),
  );
  return ctx.agent.request({
    origin: target.origin,
    path: target.path + toQueryString(query),
    method: req.method,
    headers: signed,
    body: req.body?.open() ?? null,
    signal: req.signal,
    // undici closes the connection after every HEAD (for servers that wrongly send a body,
    // undici#258); S3 services do not, and HEAD is the hot path of existence checks.
    reset: false,
    headersTimeout: config.timeouts.firstByteMs,
    bodyTimeout: config.timeouts.idleMs,
  });
}

/**
 * Sends `req`, signing every attempt afresh (a signature's `x-amz-date` goes stale, and
 * services reject a reused one), and hands the 2xx reply to `read` inside the attempt, so a
 * connection that breaks while a small XML reply is read is retried too.
 *
 * Retries follow `isRetryable`, with equal-jitter backoff, and only while the body can be sent
 * again: a caller's stream is never retried once a byte of it was read.
 *
 * @throws S3ClientError for an error reply; S3TransportError when no reply came; the signal's
 *   reason when `req.signal` aborts.
 */
export async function send<T>(
  ctx: ClientContext,
  req: S3Request,
  read: (res: S3Response) => Promise<T>,
): Promise<T> {
  try {
    return await sendAttempts(ctx, req, read);
  } catch (err) {
    // Every way out without a reply (an error, the signal before an attempt or during a
    // backoff) releases the caller's stream, so a file it reads is closed too.
    req.body?.discard(err instanceof Error ? err : new Error(String(err)));
    throw err;
  }
}

async function sendAttempts<T>(
  ctx: ClientContext,
  req: S3Request,
  read: (res: S3Response) => Promise<T>,
): Promise<T> {
  const contentSha = payloadHash(ctx.config.endpoint.protocol, req.body);
  const { maxAttempts, baseMs, capMs } = ctx.config.retry;
  for (let n = 1; ; n++) {
    req.signal?.throwIfAborted();
    let body: Readable | undefined;
    try {
      const res = await attempt(ctx, req, contentSha);
      body = res.body;
      if (res.statusCode >= 300) {
        throw await parseErrorResponse(res.statusCode, res.headers, res.body, n);
      }
      return await read({ status: res.statusCode, headers: res.headers, body, attempts: n });
    } catch (caught) {
      body?.destroy();
      const aborted = req.signal?.aborted === true;
      const err: unknown = aborted ? req.signal?.reason : toTransportError(caught, n);
      const replayable = req.body === undefined || req.body.canReplay();
      if (aborted || n >= maxAttempts || !replayable || !isRetryable(err, req.idempotent)) {
        throw err;
      }
    }
    await sleepOrAbort(backoffMs(n, baseMs, capMs), req.signal);
  }
}

async function sleepOrAbort(ms: number, signal: AbortSignal | undefined): Promise<void> {
  try {
    await sleep(ms, undefined, { signal });
  } catch (err) {
    signal?.throwIfAborted();
    throw err;
  }
}
