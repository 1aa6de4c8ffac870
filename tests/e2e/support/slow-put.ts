import { once } from 'node:events';
import {
  request as httpRequest,
  type IncomingHttpHeaders,
  type OutgoingHttpHeaders,
} from 'node:http';
import { request as httpsRequest } from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import { loopbackLookup } from './loopback.js';
import { seededStream } from './test-data.js';

/** Options for {@link startSlowPut}. */
export interface SlowPutOptions {
  /** Body size; the body is `seededBytes(seed, size)`. */
  readonly size: number;
  readonly seed: string;
  readonly chunkSize?: number;
  /** Pause after each chunk, to keep the request in flight. */
  readonly delayMs?: number;
  /** Send `Transfer-Encoding: chunked` instead of `Content-Length`. */
  readonly chunked?: boolean;
  readonly headers?: OutgoingHttpHeaders;
  readonly ca?: Buffer | undefined;
}

/** A finished raw HTTP exchange. */
export interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** An upload in progress. */
export interface SlowPut {
  /** Body bytes handed to the socket so far. */
  sent(): number;
  /** Settles with the response, or rejects when the connection fails. */
  readonly response: Promise<RawResponse>;
  /** Stops sending and destroys the connection. */
  abort(): void;
}

/**
 * PUTs a pseudo-random body to `url` (a presigned URL) with `node:http`, paced chunk by chunk
 * with backpressure, so a test can act while the request is in flight.
 */
export function startSlowPut(url: string, options: SlowPutOptions): SlowPut {
  const target = new URL(url);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const headers: OutgoingHttpHeaders = options.chunked
    ? { 'transfer-encoding': 'chunked', ...options.headers }
    : { 'content-length': String(options.size), ...options.headers };
  const req = send(target, {
    method: 'PUT',
    headers,
    lookup: loopbackLookup,
    ...(options.ca ? { ca: options.ca } : {}),
  });
  let sent = 0;
  let stopped = false;
  const response = new Promise<RawResponse>((resolve, reject) => {
    req.once('error', reject);
    req.once('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.once('error', reject);
      res.once('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
  });
  // Errors of the writer show up as the request's 'error' (and so in `response`).
  response.catch(() => undefined);
  const write = async () => {
    for await (const chunk of seededStream(options.seed, options.size, options.chunkSize)) {
      if (stopped || req.destroyed) return;
      sent += (chunk as Buffer).length;
      if (!req.write(chunk)) await once(req, 'drain');
      if (options.delayMs) await sleep(options.delayMs);
    }
    if (!stopped && !req.destroyed) req.end();
  };
  write().catch((error: unknown) => req.destroy(error as Error));
  return {
    sent: () => sent,
    response,
    abort: () => {
      stopped = true;
      req.destroy();
    },
  };
}
