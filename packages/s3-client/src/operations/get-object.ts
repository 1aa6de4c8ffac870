import type { Readable } from 'node:stream';
import type { ClientContext } from '../internal/client-context.js';
import { GuardedBody } from '../internal/guarded-body.js';
import { header, parseObjectHeaders } from '../internal/headers.js';
import { send } from '../internal/send.js';
import type { CallOptions, ObjectHeaders } from '../types.js';

/** A byte range, inclusive as in HTTP; `end` omitted means "to the end". */
export interface ByteRange {
  start: number;
  end?: number;
}

/** Options of `getObject` and `headObject`. */
export interface GetObjectOptions extends CallOptions {
  /** A range (`{ start, end }`) or a raw `Range` header value such as `bytes=-500`. */
  range?: ByteRange | string;
  ifMatch?: string;
  ifNoneMatch?: string;
  versionId?: string;
}

/** Result of `getObject`. */
export interface GetObjectResult extends ObjectHeaders {
  /**
   * The object bytes. Always consume or destroy it. A body nobody reads for `idleMs` is
   * destroyed with `ETIMEDOUT_IDLE` so its socket is freed; a connection that breaks mid-body
   * makes it emit an error, never a silent short read.
   */
  body: Readable;
  /** 200, or 206 for a range. */
  status: number;
  /** `Content-Range` of a 206 reply. */
  contentRange: string | undefined;
}

function rangeHeader(range: ByteRange | string): string {
  if (typeof range === 'string') return range;
  return `bytes=${range.start}-${range.end ?? ''}`;
}

/** Request headers shared by GET and HEAD. */
export function readHeaders(options: GetObjectOptions): {
  headers: Record<string, string>;
  query: Record<string, string>;
} {
  const headers: Record<string, string> = {};
  if (options.range !== undefined) headers.range = rangeHeader(options.range);
  if (options.ifMatch !== undefined) headers['if-match'] = options.ifMatch;
  if (options.ifNoneMatch !== undefined) headers['if-none-match'] = options.ifNoneMatch;
  const query: Record<string, string> =
    options.versionId === undefined ? {} : { versionId: options.versionId };
  return { headers, query };
}

/** GetObject: resolves at the response headers; the body streams. */
export async function getObject(
  ctx: ClientContext,
  bucket: string,
  key: string,
  options: GetObjectOptions = {},
): Promise<GetObjectResult> {
  const { headers, query } = readHeaders(options);
  return send(
    ctx,
    { method: 'GET', bucket, key, headers, query, idempotent: true, signal: options.signal },
    (res) => {
      const meta = parseObjectHeaders(res.headers);
      const body = new GuardedBody(res.body, ctx.config.timeouts.idleMs, meta.contentLength);
      return Promise.resolve({
        ...meta,
        body,
        status: res.status,
        contentRange: header(res.headers, 'content-range'),
      });
    },
  );
}
