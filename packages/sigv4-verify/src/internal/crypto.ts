import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** SHA-256 of the empty string, which the chunk string-to-sign hard-codes. */
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

export function hmacSha256(key: string | Buffer, data: string | Buffer): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

/** HMAC-SHA1 as base64: the SigV2 signature. */
export function hmacSha1Base64(key: string, data: string): string {
  return createHmac('sha1', key).update(data, 'utf8').digest('base64');
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * Constant-time comparison of two hex signatures. Lengths differ only for garbage input, and
 * we still burn one comparison so the timing does not say which check failed.
 */
export function signaturesEqual(expected: string, provided: string): boolean {
  const a = Buffer.from(expected, 'latin1');
  return bytesEqual(a, Buffer.from(provided.toLowerCase(), 'latin1'));
}

/** Constant-time comparison of two case-sensitive (base64) signatures. */
export function base64SignaturesEqual(expected: string, provided: string): boolean {
  return bytesEqual(Buffer.from(expected, 'utf8'), Buffer.from(provided, 'utf8'));
}

function bytesEqual(a: Buffer, b: Buffer): boolean {
  if (a.length !== b.length) {
    timingSafeEqual(a, a);
    return false;
  }
  return timingSafeEqual(a, b);
}
