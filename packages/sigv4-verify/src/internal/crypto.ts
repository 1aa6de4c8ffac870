import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** SHA-256 of the empty string, which the chunk string-to-sign hard-codes. */
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

export function hmacSha256(key: string | Buffer, data: string | Buffer): Buffer {
  return createHmac('sha256', key).update(data).digest();
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
  const b = Buffer.from(provided.toLowerCase(), 'latin1');
  if (a.length !== b.length) {
    timingSafeEqual(a, a);
    return false;
  }
  return timingSafeEqual(a, b);
}
