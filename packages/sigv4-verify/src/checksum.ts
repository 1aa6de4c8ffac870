import { createHash, type Hash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { crc32cUpdate } from './internal/crc32c.js';
import { crc64nvmeUpdate, type Crc64 } from './internal/crc64nvme.js';
import { nodeRsCrc32, withNative, type CrcUpdate } from './internal/native-crc.js';

/** The S3 additional checksum algorithms (`x-amz-checksum-<lower-case name>`). */
export const CHECKSUM_ALGORITHMS = ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'] as const;

/** One of {@link CHECKSUM_ALGORITHMS}. */
export type ChecksumAlgorithm = (typeof CHECKSUM_ALGORITHMS)[number];

/** Digest size in bytes per algorithm (S3 sends the big-endian digest, base64-encoded). */
export const CHECKSUM_BYTE_LENGTH = {
  CRC32: 4,
  CRC32C: 4,
  CRC64NVME: 8,
  SHA1: 20,
  SHA256: 32,
} as const satisfies Record<ChecksumAlgorithm, number>;

/**
 * What computes a checksum's bytes: `@node-rs/crc32` (a prebuilt N-API addon using the CPU's
 * CRC instructions, for CRC32 and CRC32C), `node:zlib` (CRC32), `node:crypto` (SHA1, SHA256) or
 * `javascript` (the bundled slicing-by-8 tables: CRC32C without the addon, CRC64NVME always).
 */
export const CHECKSUM_IMPLEMENTATIONS = [
  '@node-rs/crc32',
  'node:zlib',
  'node:crypto',
  'javascript',
] as const;

/** One of {@link CHECKSUM_IMPLEMENTATIONS}. */
export type ChecksumImplementation = (typeof CHECKSUM_IMPLEMENTATIONS)[number];

/** Options of {@link createChecksum}. */
export interface ChecksumOptions {
  /**
   * Use the `@node-rs/crc32` addon when it is installed for this platform (default `true`);
   * `false` keeps to Node built-ins and JavaScript. Results are identical either way.
   */
  native?: boolean;
}

/** An incremental checksum. */
export interface Checksum {
  readonly algorithm: ChecksumAlgorithm;
  /** What computes it (short inputs of a native CRC still take the JavaScript or zlib loop). */
  readonly implementation: ChecksumImplementation;
  /** Feed more bytes. Throws after {@link Checksum.digest}. */
  update(data: Uint8Array): void;
  /** The base64 of the big-endian digest; may be called more than once. */
  digest(): string;
}

/** `true` when `value` is one of {@link CHECKSUM_ALGORITHMS} (upper-case). */
export function isChecksumAlgorithm(value: string): value is ChecksumAlgorithm {
  return (CHECKSUM_ALGORITHMS as readonly string[]).includes(value);
}

const zlibCrc32: CrcUpdate = (crc, data) => crc32(data, crc);
const NATIVE_CRC32 = withNative(zlibCrc32, nodeRsCrc32?.crc32);
const NATIVE_CRC32C = withNative(crc32cUpdate, nodeRsCrc32?.crc32c);

/**
 * Create an incremental checksum in the encoding S3 uses for `x-amz-checksum-*`, computed by
 * the fastest implementation available (see {@link CHECKSUM_IMPLEMENTATIONS}; `bench/`'s
 * `checksums` scenario measures the candidates).
 *
 * @example
 * ```ts
 * const sum = createChecksum('CRC64NVME');
 * sum.update(Buffer.from('123456789'));
 * sum.digest(); // 'rosUhgp5mIg=' (0xae8b14860a799888)
 * ```
 */
export function createChecksum(
  algorithm: ChecksumAlgorithm,
  options: ChecksumOptions = {},
): Checksum {
  const native = nodeRsCrc32 !== undefined && options.native !== false;
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
      return new HashChecksum('SHA1', createHash('sha1'));
    case 'SHA256':
      return new HashChecksum('SHA256', createHash('sha256'));
  }
}

class Crc32Checksum implements Checksum {
  #crc = 0;
  readonly #update: CrcUpdate;
  constructor(
    readonly algorithm: ChecksumAlgorithm,
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
  digest(): string {
    const out = Buffer.allocUnsafe(4);
    out.writeUInt32BE(this.#crc >>> 0);
    return out.toString('base64');
  }
}

class Crc64Checksum implements Checksum {
  readonly algorithm = 'CRC64NVME';
  readonly implementation = 'javascript';
  #crc: Crc64 = { hi: 0, lo: 0 };
  update(data: Uint8Array): void {
    this.#crc = crc64nvmeUpdate(this.#crc, data);
  }
  digest(): string {
    const out = Buffer.allocUnsafe(8);
    out.writeUInt32BE(this.#crc.hi, 0);
    out.writeUInt32BE(this.#crc.lo, 4);
    return out.toString('base64');
  }
}

class HashChecksum implements Checksum {
  readonly implementation = 'node:crypto';
  readonly #hash: Hash;
  #digest: string | undefined;
  constructor(
    readonly algorithm: ChecksumAlgorithm,
    hash: Hash,
  ) {
    this.#hash = hash;
  }
  update(data: Uint8Array): void {
    if (this.#digest !== undefined) throw new Error(`${this.algorithm} checksum already finished`);
    this.#hash.update(data);
  }
  digest(): string {
    this.#digest ??= this.#hash.digest('base64');
    return this.#digest;
  }
}
