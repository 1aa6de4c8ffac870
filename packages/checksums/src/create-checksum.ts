import { createHash, type Hash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import type { ChecksumAlgorithm, DigestAlgorithm } from './checksum-algorithm.js';
import { crc32cUpdate } from './internal/crc32c.js';
import { crc64nvmeUpdate, type Crc64 } from './internal/crc64nvme.js';
import { nodeRsCrc32, withNative, type CrcUpdate } from './internal/native-crc.js';

/**
 * What computes a checksum's bytes: `@node-rs/crc32` (a prebuilt N-API addon using the CPU's
 * CRC instructions, for CRC32 and CRC32C), `node:zlib` (CRC32), `node:crypto` (SHA1, SHA256,
 * MD5) or `javascript` (the bundled slicing-by-8 tables: CRC32C without the addon, CRC64NVME
 * always).
 */
export const CHECKSUM_IMPLEMENTATIONS = [
  '@node-rs/crc32',
  'node:zlib',
  'node:crypto',
  'javascript',
] as const;

/** One of {@link CHECKSUM_IMPLEMENTATIONS}. */
export type ChecksumImplementation = (typeof CHECKSUM_IMPLEMENTATIONS)[number];

/**
 * How a digest is written out: `base64` as S3 sends checksums and `Content-MD5`, `hex` as it
 * writes MD5 ETags.
 */
export const CHECKSUM_ENCODINGS = ['base64', 'hex'] as const;

/** One of {@link CHECKSUM_ENCODINGS}. */
export type ChecksumEncoding = (typeof CHECKSUM_ENCODINGS)[number];

/** Options of {@link createChecksum}. */
export interface ChecksumOptions {
  /**
   * Use the `@node-rs/crc32` addon when it is installed for this platform (default `true`);
   * `false` keeps to Node built-ins and JavaScript. Results are identical either way.
   */
  native?: boolean;
}

/**
 * An incremental checksum. The type parameter narrows {@link Checksum.algorithm}; it defaults to
 * the S3 checksum algorithms, which is what every `Checksum` was before MD5 joined.
 */
export interface Checksum<A extends DigestAlgorithm = ChecksumAlgorithm> {
  readonly algorithm: A;
  /** What computes it (short inputs of a native CRC still take the JavaScript or zlib loop). */
  readonly implementation: ChecksumImplementation;
  /** Feed more bytes. Throws after {@link Checksum.digest} for SHA1, SHA256 and MD5. */
  update(data: Uint8Array): void;
  /** The big-endian digest, base64 unless asked otherwise; may be called more than once. */
  digest(encoding?: ChecksumEncoding): string;
}

const zlibCrc32: CrcUpdate = (crc, data) => crc32(data, crc);
const NATIVE_CRC32 = withNative(zlibCrc32, nodeRsCrc32?.crc32);
const NATIVE_CRC32C = withNative(crc32cUpdate, nodeRsCrc32?.crc32c);

/**
 * Create an incremental checksum in the encoding S3 uses for `x-amz-checksum-*` (and, for MD5,
 * `Content-MD5`), computed by the fastest implementation available (see
 * {@link CHECKSUM_IMPLEMENTATIONS}; `bench/`'s `checksums` scenario measures the candidates).
 *
 * @example
 * ```ts
 * const sum = createChecksum('CRC64NVME');
 * sum.update(Buffer.from('123456789'));
 * sum.digest(); // 'rosUhgp5mIg=' (0xae8b14860a799888)
 * ```
 */
export function createChecksum<A extends DigestAlgorithm>(
  algorithm: A,
  options: ChecksumOptions = {},
): Checksum<A> {
  const native = nodeRsCrc32 !== undefined && options.native !== false;
  // Each branch builds a checksum of exactly `algorithm`; TypeScript cannot narrow `A` by the
  // switch, hence the one cast.
  return build(algorithm, native) as Checksum<A>;
}

function build(algorithm: DigestAlgorithm, native: boolean): Checksum<DigestAlgorithm> {
  switch (algorithm) {
    case 'CRC32':
      return native
        ? new Crc32Checksum('CRC32', '@node-rs/crc32', NATIVE_CRC32)
        : new Crc32Checksum('CRC32', 'node:zlib', zlibCrc32);
    case 'CRC32C':
      return native
        ? new Crc32Checksum('CRC32C', '@node-rs/crc32', NATIVE_CRC32C)
        : new Crc32Checksum('CRC32C', 'javascript', crc32cUpdate);
    case 'CRC64NVME':
      return new Crc64Checksum();
    case 'SHA1':
    case 'SHA256':
    case 'MD5':
      return new HashChecksum(algorithm, createHash(algorithm.toLowerCase()));
  }
}

class Crc32Checksum implements Checksum<DigestAlgorithm> {
  #crc = 0;
  readonly #update: CrcUpdate;
  constructor(
    readonly algorithm: 'CRC32' | 'CRC32C',
    readonly implementation: ChecksumImplementation,
    update: CrcUpdate,
  ) {
    this.#update = update;
  }
  update(data: Uint8Array): void {
    // Node 20's zlib.crc32 returns 0 for an empty view of a zero-length ArrayBuffer (as
    // `randomBytes(0)` gives), discarding the running value.
    if (data.length > 0) this.#crc = this.#update(this.#crc, data);
  }
  digest(encoding: ChecksumEncoding = 'base64'): string {
    const out = Buffer.allocUnsafe(4);
    out.writeUInt32BE(this.#crc >>> 0);
    return out.toString(encoding);
  }
}

class Crc64Checksum implements Checksum<DigestAlgorithm> {
  readonly algorithm = 'CRC64NVME';
  readonly implementation = 'javascript';
  #crc: Crc64 = { hi: 0, lo: 0 };
  update(data: Uint8Array): void {
    this.#crc = crc64nvmeUpdate(this.#crc, data);
  }
  digest(encoding: ChecksumEncoding = 'base64'): string {
    const out = Buffer.allocUnsafe(8);
    out.writeUInt32BE(this.#crc.hi, 0);
    out.writeUInt32BE(this.#crc.lo, 4);
    return out.toString(encoding);
  }
}

class HashChecksum implements Checksum<DigestAlgorithm> {
  readonly implementation = 'node:crypto';
  readonly #hash: Hash;
  #digest: Buffer | undefined;
  constructor(
    readonly algorithm: 'SHA1' | 'SHA256' | 'MD5',
    hash: Hash,
  ) {
    this.#hash = hash;
  }
  update(data: Uint8Array): void {
    if (this.#digest !== undefined) throw new Error(`${this.algorithm} checksum already finished`);
    this.#hash.update(data);
  }
  digest(encoding: ChecksumEncoding = 'base64'): string {
    // A node:crypto Hash can be finished once; keep the bytes so any encoding can be asked later.
    this.#digest ??= this.#hash.digest();
    return this.#digest.toString(encoding);
  }
}
