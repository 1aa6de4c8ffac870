import type { Context } from 'hono';
import type { GatewayEnv } from '../env.js';

/**
 * An AbortSignal that fires when the client goes away before its response was written.
 *
 * Under @hono/node-server, `c.req.raw.signal` materialises a full web `Request` whose body is a
 * web stream over the socket — that stream would start reading the request body and race the
 * handler's own streaming of it. So the signal is built from the Node response instead.
 */
export function requestSignal(c: Context<GatewayEnv>): AbortSignal {
  const outgoing = c.env?.outgoing;
  if (!outgoing) return c.req.raw.signal;
  const controller = new AbortController();
  outgoing.once('close', () => {
    if (!outgoing.writableFinished) controller.abort(new Error('client disconnected'));
  });
  return controller.signal;
}
