import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { SignedRequest } from './signed-requests.js';

/**
 * The crypto of one SigV4 header verification with a warm signing key cache, and nothing else:
 * SHA-256 of the (already built) canonical request, HMAC-SHA256 of the string to sign, a
 * constant-time compare with the signature sent. A verifier also parses the Authorization header,
 * builds the canonical request and checks dates and scope; this is the floor under all that.
 */
export function verifyFloor(req: SignedRequest): boolean {
  const digest = createHash('sha256').update(req.canonicalRequest).digest('hex');
  const expected = createHmac('sha256', req.signingKey)
    .update(req.stringToSignPrefix + digest)
    .digest('hex');
  return timingSafeEqual(Buffer.from(expected, 'latin1'), Buffer.from(req.signature, 'latin1'));
}
