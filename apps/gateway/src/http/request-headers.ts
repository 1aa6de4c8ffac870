import type { Context } from 'hono';
import type { GatewayEnv } from '../env.js';
import type { TrustedProxies } from './trusted-proxies.js';

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
 * Host and scheme the client used. When the peer is a trusted reverse proxy they come from
 * `X-Forwarded-Host` / `X-Forwarded-Proto` (first value); otherwise from the request itself, so a
 * client talking to the gateway directly cannot claim another host or scheme.
 * Signatures are verified against this Host, as the client signed it.
 */
export function clientOrigin(
  c: Context<GatewayEnv>,
  proxies: TrustedProxies,
): { host: string | undefined; scheme: 'http' | 'https' } {
  const first = (name: string) => c.req.header(name)?.split(',')[0]?.trim() || undefined;
  const own = new URL(c.req.url).protocol === 'https:' ? 'https' : 'http';
  if (!proxies.has(peerAddress(c))) return { host: c.req.header('host'), scheme: own };
  const proto = first('x-forwarded-proto');
  return {
    host: first('x-forwarded-host') ?? c.req.header('host'),
    scheme: proto === 'https' || proto === 'http' ? proto : own,
  };
}

/**
 * The client's address, for limits and logs. Walking from the socket's peer towards the client:
 * while the hop is a trusted proxy, the next one is the right-most `X-Forwarded-For` entry not yet
 * taken. The first hop that is not a trusted proxy is the client. Entries left of it were written
 * by the client itself and are ignored (the left-most entry is whatever a client wants it to be);
 * with an untrusted peer the header is not read at all.
 */
export function clientAddress(c: Context<GatewayEnv>, proxies: TrustedProxies): string {
  let hop = peerAddress(c);
  if (!proxies.has(hop)) return hop;
  const forwarded = (c.req.header('x-forwarded-for') ?? '')
    .split(',')
    .map((entry) => plainAddress(stripPort(entry.trim())))
    .filter((entry) => entry !== '');
  for (let i = forwarded.length - 1; i >= 0 && proxies.has(hop); i--) hop = forwarded[i]!;
  return hop;
}

/**
 * The address of the socket's other end (IPv4-mapped IPv6 as plain IPv4); under `app.request()`,
 * the `remoteAddress` binding; `unknown` when neither exists.
 */
export function peerAddress(c: Context<GatewayEnv>): string {
  const address = c.env?.incoming?.socket.remoteAddress ?? c.env?.remoteAddress;
  return address === undefined ? 'unknown' : plainAddress(address);
}

/** An IPv4-mapped IPv6 address (`::ffff:10.0.0.1`, a dual-stack socket's view) as plain IPv4. */
function plainAddress(address: string): string {
  return /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(address) ? address.slice(7) : address;
}

/** `1.2.3.4:5678` and `[2001:db8::1]:443`, as some proxies write hops, without the port. */
function stripPort(hop: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(hop);
  if (bracketed) return bracketed[1]!;
  const v4 = /^(\d+\.\d+\.\d+\.\d+):\d+$/.exec(hop);
  return v4 ? v4[1]! : hop;
}
