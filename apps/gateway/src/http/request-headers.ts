import type { Context } from 'hono';
import type { GatewayEnv } from '../env.js';

/** Lower-case request headers; repeated headers as arrays (for exact SigV4 canonicalisation). */
export function requestHeaders(
  c: Context<GatewayEnv>,
): Record<string, string | string[] | undefined> {
  const incoming = c.env?.incoming;
  if (incoming) {
    const out: Record<string, string | string[] | undefined> = {};
    for (const [name, values] of Object.entries(incoming.headersDistinct)) {
      out[name] = values && values.length === 1 ? values[0] : values;
    }
    return out;
  }
  const out: Record<string, string> = {};
  c.req.raw.headers.forEach((value, name) => {
    out[name] = value;
  });
  return out;
}

/** Raw request URL (path + query) as the client sent it. */
export function rawRequestUrl(c: Context<GatewayEnv>): string {
  const incoming = c.env?.incoming;
  if (incoming?.url) return incoming.url;
  const url = new URL(c.req.url);
  return url.pathname + url.search;
}
