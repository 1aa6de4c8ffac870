import type { ChecksumAlgorithm } from './checksum-algorithm.js';
import { toChecksumHeaderName } from './checksum-header.js';
import { InvalidChecksumError } from './invalid-checksum-error.js';

/**
 * The checksum algorithms whose values can be combined without rereading the data: the ones S3
 * allows for a FULL_OBJECT multipart checksum.
 */
export const COMBINABLE_CHECKSUM_ALGORITHMS = ['CRC32', 'CRC32C', 'CRC64NVME'] as const;

/** One of {@link COMBINABLE_CHECKSUM_ALGORITHMS}. */
export type CombinableChecksumAlgorithm = (typeof COMBINABLE_CHECKSUM_ALGORITHMS)[number];

/** `true` when `algorithm` is one of {@link COMBINABLE_CHECKSUM_ALGORITHMS}. */
export function isCombinableChecksumAlgorithm(
  algorithm: ChecksumAlgorithm,
): algorithm is CombinableChecksumAlgorithm {
  return (COMBINABLE_CHECKSUM_ALGORITHMS as readonly string[]).includes(algorithm);
}

// Reflected polynomials and widths. BigInt is fine here: combining costs O(log n) polynomial
// multiplications per part, never per byte.
const SPEC = {
  CRC32: { width: 32n, poly: 0xedb88320n },
  CRC32C: { width: 32n, poly: 0x82f63b78n },
  CRC64NVME: { width: 64n, poly: 0x9a6c9329ac4bc9b5n },
} as const;

// Per-algorithm table of x^(2^k) mod P, k = 0..63 (zlib's x2n_table idea).
const powers = new Map<CombinableChecksumAlgorithm, bigint[]>();

function multModP(a: bigint, b: bigint, width: bigint, poly: bigint): bigint {
  let m = 1n << (width - 1n);
  let p = 0n;
  while (m !== 0n) {
    if ((a & m) !== 0n) p ^= b;
    m >>= 1n;
    b = (b & 1n) !== 0n ? (b >> 1n) ^ poly : b >> 1n;
  }
  return p;
}

function x2nModP(algorithm: CombinableChecksumAlgorithm, n: bigint): bigint {
  const { width, poly } = SPEC[algorithm];
  let table = powers.get(algorithm);
  if (table === undefined) {
    table = [1n << (width - 2n)];
    for (let k = 1; k < 64; k++) table.push(multModP(table[k - 1]!, table[k - 1]!, width, poly));
    powers.set(algorithm, table);
  }
  let p = 1n << (width - 1n);
  for (let k = 0; n !== 0n; k++, n >>= 1n) {
    if ((n & 1n) !== 0n) p = multModP(table[k]!, p, width, poly);
  }
  return p;
}

function fromBase64(algorithm: CombinableChecksumAlgorithm, value: string): bigint {
  const bytes = Buffer.from(value, 'base64');
  if (BigInt(bytes.length * 8) !== SPEC[algorithm].width) {
    throw new InvalidChecksumError(`Value for ${toChecksumHeaderName(algorithm)} is invalid.`);
  }
  return BigInt(`0x${bytes.toString('hex')}`);
}

/**
 * The CRC of `A ‖ B` from `crc(A)`, `crc(B)` and `B`'s length, as zlib's `crc32_combine` does,
 * for CRC32, CRC32C and CRC64NVME (all with init = xorout = all ones). This yields a
 * full-object checksum for a multipart upload from its parts' checksums.
 *
 * @param first base64 checksum of the first part
 * @param second base64 checksum of the second part
 * @param secondLength byte length of the second part
 * @returns the base64 checksum of the concatenation
 * @throws {InvalidChecksumError} when a value has the wrong size for `algorithm`.
 *
 * @example
 * ```ts
 * // CRC32 of 'hello world' from the CRC32s of 'hello ' and 'world'.
 * combineCrc('CRC32', '7YH59g==', 'OncRQw==', 5); // 'DUoRhQ=='
 * ```
 */
export function combineCrc(
  algorithm: CombinableChecksumAlgorithm,
  first: string,
  second: string,
  secondLength: number,
): string {
  const { width, poly } = SPEC[algorithm];
  const a = fromBase64(algorithm, first);
  const b = fromBase64(algorithm, second);
  const combined = multModP(x2nModP(algorithm, BigInt(secondLength) * 8n), a, width, poly) ^ b;
  return Buffer.from(combined.toString(16).padStart(Number(width / 4n), '0'), 'hex').toString(
    'base64',
  );
}
