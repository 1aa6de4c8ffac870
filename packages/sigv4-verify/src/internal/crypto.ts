import { createHmac, hash, timingSafeEqual } from 'node:crypto';
import { writeUtf8 } from './buffer-writers.js';

/** SHA-256 of the empty string, which the chunk string-to-sign hard-codes. */
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

export function hmacSha256(key: string | Buffer, data: string | Buffer): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

/** HMAC-SHA1 as base64: the SigV2 signature. */
export function hmacSha1Base64(key: string, data: string): string {
  return createHmac('sha1', key).update(data, 'utf8').digest('base64');
}

/**
 * Hex SHA-256 (strings as UTF-8). The one-shot `crypto.hash` (Node ≥ 20.12) skips the Hash
 * object `createHash` builds, about half the cost for the short inputs signing hashes.
 */
export function sha256Hex(data: string | Buffer): string {
  return hash('sha256', data, 'hex');
}

// Scratch for comparing hex signatures (64 characters; room for 3 UTF-8 bytes each, so a
// provided value is never silently cut short). Shared: each comparison runs synchronously.
const HEX_SIGNATURE = 64;
const expectedBytes = Buffer.alloc(3 * HEX_SIGNATURE);
const providedBytes = Buffer.alloc(3 * HEX_SIGNATURE);
const expectedView = expectedBytes.subarray(0, HEX_SIGNATURE);
const providedView = providedBytes.subarray(0, HEX_SIGNATURE);

/**
 * Constant-time comparison of a computed lower-case hex signature with a provided one that the
 * caller has lower-cased. Lengths are compared first (a length is no secret); equal-length
 * values go through `crypto.timingSafeEqual`, copied into preallocated buffers rather than new
 * ones (allocating two Buffers per request cost more than the comparison).
 */
export function signaturesEqual(expected: string, provided: string): boolean {
  if (expected.length !== HEX_SIGNATURE || provided.length !== HEX_SIGNATURE) {
    // Not a SHA-256 hex digest on one side: garbage input, different whatever the content.
    return bytesEqual(Buffer.from(expected, 'utf8'), Buffer.from(provided, 'utf8'));
  }
  writeUtf8(expectedBytes, expected, 0);
  // A non-ASCII character takes more than one byte: the count then says they differ.
  const n = writeUtf8(providedBytes, provided, 0);
  return timingSafeEqual(expectedView, providedView) && n === HEX_SIGNATURE;
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
