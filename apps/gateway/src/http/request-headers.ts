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

/**
 * Host and scheme the client used. Behind a trusted reverse proxy they come from
 * `X-Forwarded-Host` / `X-Forwarded-Proto` (first value); otherwise from the request itself.
 * Signatures are verified against this Host, as the client signed it.
 */
export function clientOrigin(
  c: Context<GatewayEnv>,
  trustProxy: boolean,
): { host: string | undefined; scheme: 'http' | 'https' } {
  const first = (name: string) => c.req.header(name)?.split(',')[0]?.trim() || undefined;
  const own = new URL(c.req.url).protocol === 'https:' ? 'https' : 'http';
  if (!trustProxy) return { host: c.req.header('host'), scheme: own };
  const proto = first('x-forwarded-proto');
  return {
    host: first('x-forwarded-host') ?? c.req.header('host'),
    scheme: proto === 'https' || proto === 'http' ? proto : own,
  };
}

/** The client's address (`X-Forwarded-For`'s first hop when the proxy is trusted). */
export function clientAddress(c: Context<GatewayEnv>, trustProxy: boolean): string {
  const forwarded = trustProxy ? c.req.header('x-forwarded-for')?.split(',')[0]?.trim() : undefined;
  return forwarded || c.env?.incoming?.socket.remoteAddress || 'unknown';
}
