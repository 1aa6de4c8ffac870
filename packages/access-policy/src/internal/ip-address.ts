/**
 * IPv4 and IPv6 addresses and CIDR blocks for `IpAddress` / `NotIpAddress`. Every address is
 * held as 128 bits (four 32-bit words); an IPv4 address is its IPv4-mapped IPv6 form
 * (`::ffff:a.b.c.d`, RFC 4291 §2.5.5.2), so an IPv4 block matches a request from the same
 * host written as IPv6, and the other way round.
 */
export type Address = readonly [number, number, number, number];

/** A CIDR block: its address and prefix length, in the 128-bit space. */
export interface Cidr {
  readonly address: Address;
  /** Prefix length in bits of the 128-bit form (an IPv4 `/24` is 120). */
  readonly prefix: number;
  /** Whether the block is IPv4 (written as IPv4 or inside `::ffff:0:0/96`). */
  readonly ipv4: boolean;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const HEX_GROUP = /^[0-9a-f]{1,4}$/i;
const MAPPED_PREFIX = 0xffff;

function ipv4Word(text: string): number | undefined {
  const match = IPV4.exec(text);
  if (match === null) return undefined;
  const bytes = match.slice(1).map(Number);
  if (bytes.some((byte) => byte > 255)) return undefined;
  return ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0;
}

/** The 16-bit groups of an IPv6 address (an embedded IPv4 tail counts as two). */
function ipv6Groups(text: string): number[] | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const read = (half: string): number[] | undefined => {
    if (half === '') return [];
    const groups: number[] = [];
    const pieces = half.split(':');
    for (const [i, piece] of pieces.entries()) {
      if (i === pieces.length - 1 && piece.includes('.')) {
        const word = ipv4Word(piece);
        if (word === undefined) return undefined;
        groups.push(word >>> 16, word & 0xffff);
      } else if (HEX_GROUP.test(piece)) {
        groups.push(parseInt(piece, 16));
      } else {
        return undefined;
      }
    }
    return groups;
  };
  const head = read(halves[0]!);
  const tail = halves.length === 2 ? read(halves[1]!) : [];
  if (head === undefined || tail === undefined) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  return [...head, ...Array<number>(missing).fill(0), ...tail];
}

/** `text` as an address (IPv4 dotted quad or IPv6), or `undefined`. */
export function parseAddress(text: string): { address: Address; ipv4: boolean } | undefined {
  const word = ipv4Word(text);
  if (word !== undefined) return { address: [0, 0, MAPPED_PREFIX, word], ipv4: true };
  const groups = text.includes(':') ? ipv6Groups(text) : undefined;
  if (groups === undefined) return undefined;
  const words = [0, 1, 2, 3].map((i) => ((groups[2 * i]! << 16) | groups[2 * i + 1]!) >>> 0);
  const address = words as unknown as Address;
  return { address, ipv4: address[0] === 0 && address[1] === 0 && address[2] === MAPPED_PREFIX };
}

/** `text` as a CIDR block (`10.0.0.0/8`, `2001:db8::/32`; a bare address is one host). */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  const parsed = parseAddress(slash < 0 ? text : text.slice(0, slash));
  if (parsed === undefined) return undefined;
  const written = text.includes(':') ? 128 : 32;
  let bits = written;
  if (slash >= 0) {
    const length = text.slice(slash + 1);
    if (!/^\d{1,3}$/.test(length) || Number(length) > written) return undefined;
    bits = Number(length);
  }
  const prefix = written === 32 ? 96 + bits : bits;
  const ipv4 = parsed.ipv4 && prefix >= 96;
  return { address: parsed.address, prefix, ipv4 };
}

/** Whether `address` lies in `cidr`. */
export function cidrContains(cidr: Cidr, address: Address): boolean {
  for (let i = 0; i < 4; i += 1) {
    const bits = Math.min(32, Math.max(0, cidr.prefix - 32 * i));
    if (bits === 0) return true;
    const mask = bits === 32 ? 0xffffffff : (0xffffffff << (32 - bits)) >>> 0;
    if (((cidr.address[i]! ^ address[i]!) & mask) >>> 0 !== 0) return false;
  }
  return true;
}
