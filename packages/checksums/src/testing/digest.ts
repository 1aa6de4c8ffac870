import type { DigestAlgorithm } from '../checksum-algorithm.js';
import { createChecksum } from '../create-checksum.js';

/** The base64 digest of `parts` fed in order, for tests. */
export function digest(algorithm: DigestAlgorithm, ...parts: Uint8Array[]): string {
  const sum = createChecksum(algorithm);
  for (const p of parts) sum.update(p);
  return sum.digest();
}

/** Base64 to hex, to compare with published check values. */
export function hex(b64: string): string {
  return Buffer.from(b64, 'base64').toString('hex');
}
