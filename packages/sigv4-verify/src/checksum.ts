import { createHash, type Hash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { crc32cUpdate } from './internal/crc32c.js';
import { crc64nvmeUpdate, type Crc64 } from './internal/crc64nvme.js';

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

/** An incremental checksum. */
export interface Checksum {
  readonly algorithm: ChecksumAlgorithm;
  /** Feed more bytes. Throws after {@link Checksum.digest}. */
  update(data: Uint8Array): void;
  /** The base64 of the big-endian digest; may be called more than once. */
  digest(): string;
}

/** `true` when `value` is one of {@link CHECKSUM_ALGORITHMS} (upper-case). */
export function isChecksumAlgorithm(value: string): value is ChecksumAlgorithm {
  return (CHECKSUM_ALGORITHMS as readonly string[]).includes(value);
}

/**
 * Create an incremental checksum in the encoding S3 uses for `x-amz-checksum-*`.
 *
 * @example
 * ```ts
 * const sum = createChecksum('CRC64NVME');
 * sum.update(Buffer.from('123456789'));
 * sum.digest(); // 'rosUhgp5mIg=' (0xae8b14860a799888)
 * ```
 */
export function createChecksum(algorithm: ChecksumAlgorithm): Checksum {
  switch (algorithm) {
    case 'CRC32':
      return new Crc32Checksum('CRC32', (crc, data) => crc32(data, crc));
    case 'CRC32C':
      return new Crc32Checksum('CRC32C', crc32cUpdate);
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
  readonly #update: (crc: number, data: Uint8Array) => number;
  constructor(
    readonly algorithm: ChecksumAlgorithm,
    update: (crc: number, data: Uint8Array) => number,
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
