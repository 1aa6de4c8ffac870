import { BlockList, isIP } from 'node:net';

/**
 * What `trust_proxy: true` trusts: loopback, link-local and private (unique local) addresses,
 * where a reverse proxy in front of the gateway normally sits. A proxy on a public address must
 * be listed by its CIDR.
 */
export const PRIVATE_PROXY_RANGES = [
  '127.0.0.0/8',
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '169.254.0.0/16',
  '::1/128',
  'fc00::/7',
  'fe80::/10',
] as const;

/** The reverse proxies whose `X-Forwarded-*` headers the gateway believes. */
export interface TrustedProxies {
  /** True when `address` (IPv4, IPv6 or IPv4-mapped IPv6) is a trusted proxy. */
  has(address: string): boolean;
}

/**
 * Builds the trusted proxy set from `trust_proxy`: `false` trusts none, `true` the
 * {@link PRIVATE_PROXY_RANGES}, a list exactly those addresses and CIDRs. Matching is
 * `node:net`'s `BlockList` (IPv4-mapped IPv6 peers match IPv4 ranges).
 *
 * @throws TypeError for an entry that is not an IP address or a CIDR (the config schema
 *   rejects those first, naming the key).
 */
export function createTrustedProxies(spec: boolean | readonly string[]): TrustedProxies {
  const ranges = spec === true ? PRIVATE_PROXY_RANGES : spec === false ? [] : spec;
  const list = new BlockList();
  for (const range of ranges) {
    const parsed = parseCidr(range);
    if (!parsed) throw new TypeError(`not an IP address or CIDR: ${range}`);
    if (parsed.prefix === undefined) list.addAddress(parsed.address, parsed.family);
    else list.addSubnet(parsed.address, parsed.prefix, parsed.family);
  }
  return {
    has(address) {
      const family = isIP(address);
      return family !== 0 && list.check(address, family === 4 ? 'ipv4' : 'ipv6');
    },
  };
}

/** `10.0.0.0/8`, `fd00::/8` or a bare address; undefined when it is neither. */
export function parseCidr(
  value: string,
): { address: string; prefix: number | undefined; family: 'ipv4' | 'ipv6' } | undefined {
  const [address = '', prefix, ...rest] = value.trim().split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return undefined;
  const family = version === 4 ? 'ipv4' : 'ipv6';
  if (prefix === undefined) return { address, prefix: undefined, family };
  const bits = Number(prefix);
  if (!/^\d{1,3}$/.test(prefix) || bits > (version === 4 ? 32 : 128)) return undefined;
  return { address, prefix: bits, family };
}
