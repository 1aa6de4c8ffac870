import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { GatewayEnv } from '../env.js';
import { clientAddress, clientOrigin } from './request-headers.js';
import { createTrustedProxies } from './trusted-proxies.js';

/** What the gateway takes for the client's address and origin, behind `trust_proxy`. */
function probe(trust: boolean | readonly string[]) {
  const proxies = createTrustedProxies(trust);
  const app = new Hono<GatewayEnv>();
  app.get('/', (c) => c.json({ address: clientAddress(c, proxies), ...clientOrigin(c, proxies) }));
  return async (peer: string, headers: Record<string, string> = {}) => {
    const res = await app.request('http://gw.internal/', { headers }, { remoteAddress: peer });
    return (await res.json()) as { address: string; host: string; scheme: string };
  };
}

describe('clientAddress', () => {
  it('takes the right-most X-Forwarded-For hop that is not a trusted proxy, ignoring forged ones', async () => {
    const seen = probe(['10.0.0.0/8']);
    // The client wrote "6.6.6.6" itself; the proxy at 10.0.0.2 appended the address it saw.
    const forged = { 'x-forwarded-for': '6.6.6.6, 203.0.113.9' };
    expect((await seen('10.0.0.2', forged)).address).toBe('203.0.113.9');
    // Two proxies in a row: both are skipped.
    const chained = { 'x-forwarded-for': '6.6.6.6, 203.0.113.9, 10.0.0.7' };
    expect((await seen('10.0.0.2', chained)).address).toBe('203.0.113.9');
  });

  it('ignores X-Forwarded-For entirely from a peer that is not a trusted proxy', async () => {
    const seen = probe(['10.0.0.0/8']);
    const headers = { 'x-forwarded-for': '10.0.0.5, 198.51.100.1' };
    expect((await seen('198.51.100.77', headers)).address).toBe('198.51.100.77');
    expect((await probe(false)('127.0.0.1', headers)).address).toBe('127.0.0.1');
  });

  it('matches IPv6 CIDRs, IPv4-mapped peers and hops written with a port', async () => {
    const seen = probe(['fd00::/8', '192.0.2.1']);
    expect(
      (await seen('fd00::1', { 'x-forwarded-for': '6.6.6.6, [2001:db8::5]:443' })).address,
    ).toBe('2001:db8::5');
    expect(
      (await seen('::ffff:192.0.2.1', { 'x-forwarded-for': '203.0.113.9:5000' })).address,
    ).toBe('203.0.113.9');
  });

  it('with trust_proxy: true, trusts loopback and private peers but not public ones', async () => {
    const seen = probe(true);
    const headers = { 'x-forwarded-for': '6.6.6.6, 203.0.113.9' };
    expect((await seen('127.0.0.1', headers)).address).toBe('203.0.113.9');
    expect((await seen('172.20.0.3', headers)).address).toBe('203.0.113.9');
    expect((await seen('198.51.100.1', headers)).address).toBe('198.51.100.1');
  });
});

describe('clientOrigin', () => {
  const forwarded = {
    host: 'gw.internal',
    'x-forwarded-host': 's3.example',
    'x-forwarded-proto': 'https',
  };

  it('honours X-Forwarded-Host and -Proto only from a trusted peer', async () => {
    const seen = probe(['10.0.0.0/8']);
    expect(await seen('10.1.2.3', forwarded)).toMatchObject({
      host: 's3.example',
      scheme: 'https',
    });
    expect(await seen('203.0.113.9', forwarded)).toMatchObject({
      host: 'gw.internal',
      scheme: 'http',
    });
  });
});

describe('createTrustedProxies', () => {
  it('refuses an entry that is neither an address nor a CIDR', () => {
    expect(() => createTrustedProxies(['10.0.0.0/33'])).toThrow(TypeError);
    expect(() => createTrustedProxies(['proxy.internal'])).toThrow(TypeError);
  });
});
