import type { LookupAddress, LookupOptions } from 'node:dns';

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * A `dns.lookup` replacement that resolves every name to 127.0.0.1, so virtual-host requests
 * to `BUCKET.s3.localhost` reach the gateway on loopback (glibc does not resolve `*.localhost`).
 */
export function loopbackLookup(
  _hostname: string,
  options: LookupOptions,
  callback: LookupCallback,
): void {
  // Node ≥ 20 asks for every address (`all: true`) when it races IPv4/IPv6 (autoSelectFamily).
  if (options.all) callback(null, [{ address: '127.0.0.1', family: 4 }]);
  else callback(null, '127.0.0.1', 4);
}
