import { createHash } from 'node:crypto';

/** `SBLK` and a format version: a file of another format or version is never read as a block. */
const MAGIC = Buffer.from('SBLK\u0001\u0000\u0000\u0000', 'latin1');
const DIGEST_BYTES = 32;
/** Magic, payload length (u32 BE), SHA-256 of the key and the payload. */
export const BLOCK_HEADER_BYTES = MAGIC.length + 4 + DIGEST_BYTES;

function digestOf(key: string, payload: Buffer): Buffer {
  return createHash('sha256').update(key).update('\0').update(payload).digest();
}

/**
 * The header of a disk-tier block file holding `payload` under `key`. The digest covers the key
 * too, so a file renamed or copied under another block's name is rejected like a torn one.
 */
export function serializeBlockHeader(key: string, payload: Buffer): Buffer {
  const header = Buffer.allocUnsafe(BLOCK_HEADER_BYTES);
  MAGIC.copy(header, 0);
  header.writeUInt32BE(payload.length, MAGIC.length);
  digestOf(key, payload).copy(header, MAGIC.length + 4);
  return header;
}

/**
 * The payload of a block file's contents when they are whole and belong to `key`; `undefined`
 * for a torn, truncated, corrupt or foreign file (never served: the caller drops it).
 */
export function parseBlockFile(key: string, file: Buffer): Buffer | undefined {
  if (file.length < BLOCK_HEADER_BYTES) return undefined;
  if (!file.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const length = file.readUInt32BE(MAGIC.length);
  if (file.length !== BLOCK_HEADER_BYTES + length) return undefined;
  const payload = file.subarray(BLOCK_HEADER_BYTES);
  const digest = file.subarray(MAGIC.length + 4, BLOCK_HEADER_BYTES);
  return digestOf(key, payload).equals(digest) ? payload : undefined;
}
