import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { Handler } from './internal/handler.js';
import { readObjectInput, readResponseHeaders } from './internal/read-object.js';

/** GetObject: conditional, ranged or per-part reads, streamed from the backend. */
export const getObject: Handler = async (c, deps) => {
  const out = await deps.layer.getObject(readObjectInput(c));
  const { status, headers } = readResponseHeaders(c, deps, out);
  const outgoing = c.env?.outgoing;
  if (!outgoing) return c.body(Readable.toWeb(out.body) as ReadableStream, status, headers);
  // Under node-server the backend stream is piped straight into the socket: a web
  // ReadableStream in between costs a promise per chunk and a copy (bench/: large GET).
  // c.body() still merges the headers middleware set (x-amz-request-id, x-amz-id-2).
  const prepared = c.body(null, status, headers);
  // Set one by one (not passed to writeHead) so that they stay readable: the request metrics
  // read the Content-Length sent.
  for (const [name, value] of prepared.headers) outgoing.setHeader(name, value);
  outgoing.writeHead(status);
  // A client that goes away destroys the socket; pipeline then destroys the backend stream.
  pipeline(out.body, outgoing).catch(() => {});
  return RESPONSE_ALREADY_SENT;
};
