import { crc32 } from 'node:zlib';

/**
 * Big-endian base64 of a CRC32 value, as S3 sends it, from `node:zlib` alone: an expected value
 * computed independently of `@strata/checksums`, which the layer uses.
 */
export function crc32Base64(data: Buffer, initial = 0): string {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(data.length === 0 ? initial : crc32(data, initial));
  return out.toString('base64');
}
