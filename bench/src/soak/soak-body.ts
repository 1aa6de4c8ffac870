import { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import { PATTERN_BLOCK_SIZE, patternChunks, smallBody } from '../pattern-stream.js';
import type { Random } from './random.js';

/**
 * What the soak remembers of an object's bytes: its size and CRC32. CRC32 because `zlib.crc32`
 * runs at several GiB/s, so verifying every GET costs the load generator little; it is not a
 * defence against a forger, only against wrong, stale, short or shuffled bytes.
 */
export type Fingerprint = { readonly size: number; readonly crc: number };

/** A PUT body and the fingerprint of what it sent. */
export type SoakBody = {
  readonly body: Buffer | Readable;
  /** The CRC32 of the bytes sent, chained from the `seedCrc` given; throws if not all were read. */
  crc(): number;
};

/** Bodies up to this size are sent from memory (a view into the pattern block, no copy). */
const IN_MEMORY_MAX = 256 * 1024;

/**
 * A body of `size` bytes cut from the pattern block at a random place, so two PUTs of one key
 * differ even at the same size. Larger bodies stream (1 MiB of client memory whatever the
 * size) and are hashed chunk by chunk as they are sent. `seedCrc` chains the CRC over the parts
 * of a multipart upload, sent in order.
 */
export function createSoakBody(size: number, random: Random, seedCrc = 0): SoakBody {
  if (size <= IN_MEMORY_MAX) {
    const body = smallBody(size, random.int(PATTERN_BLOCK_SIZE - size + 1));
    const crc = crc32(body, seedCrc);
    return { body, crc: () => crc };
  }
  let crc = seedCrc;
  let sent = 0;
  function* hashed(): Generator<Buffer> {
    for (const chunk of patternChunks(size, random.int(PATTERN_BLOCK_SIZE))) {
      crc = crc32(chunk, crc);
      sent += chunk.length;
      yield chunk;
    }
  }
  return {
    body: Readable.from(hashed(), { objectMode: false }),
    crc() {
      if (sent !== size) throw new Error(`body read ${sent} of ${size} bytes`);
      return crc;
    },
  };
}

/** Fingerprints a GET body as it streams. */
export type BodyVerifier = {
  update(chunk: Buffer): void;
  result(): Fingerprint;
};

/** A fresh {@link BodyVerifier}. */
export function createBodyVerifier(): BodyVerifier {
  let crc = 0;
  let size = 0;
  return {
    update(chunk) {
      crc = crc32(chunk, crc);
      size += chunk.length;
    },
    result: () => ({ size, crc }),
  };
}

/** The server returned other bytes (or another size, or another listing) than the soak expects. */
export class SoakMismatchError extends Error {
  readonly code = 'ESOAK_MISMATCH' as const;
  constructor(message: string) {
    super(message);
    this.name = 'SoakMismatchError';
  }
}

/** `size=…, crc32=…` for error messages. */
export function describeFingerprint(f: Fingerprint): string {
  return `${f.size} bytes, crc32 ${f.crc.toString(16).padStart(8, '0')}`;
}
