// Test support (excluded from the build): shared fixtures of the verifier tests.
import { expect } from 'vitest';
import {
  createSigV4Verifier,
  type SigV4Verifier,
  type SigV4VerifierConfig,
} from '../create-sigv4-verifier.js';
import { SigV4Error } from '../sigv4-error.js';
import { ACCESS_KEY, REGION, SECRET } from './smithy-signer.js';

/** The server clock of every verifier test. */
export const NOW = new Date('2024-05-01T12:00:00Z');

/** A verifier for the tests' default key at {@link NOW}. */
export function verifier(overrides: Partial<SigV4VerifierConfig> = {}): SigV4Verifier {
  return createSigV4Verifier({
    region: REGION,
    lookup: (id) =>
      id === ACCESS_KEY ? { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET } : undefined,
    now: () => NOW,
    ...overrides,
  });
}

/** The SigV4Error a promise rejects with; fails the test if it resolves. */
export async function failure(promise: Promise<unknown>): Promise<SigV4Error> {
  try {
    await promise;
  } catch (err) {
    expect(SigV4Error.is(err)).toBe(true);
    return err as SigV4Error;
  }
  throw new Error('expected the verification to fail');
}
