import { isDeepStrictEqual } from 'node:util';
import type { S3HttpClient } from '../s3-http-client.js';
import { createBenchPolicy, type BenchPolicy } from './bench-policy.js';

/**
 * Gives `bucket` the bench's 20-statement policy ({@link createBenchPolicy}) with a signed
 * PutBucketPolicy, then proves it took: GetBucketPolicy must return a document equal to the one
 * sent (compared parsed, so a server that re-indents it still passes). A bench must never report
 * no-policy numbers as policy numbers, so anything else throws. Returns the policy applied.
 *
 * @throws Error when the bucket reports no policy or another one; `S3HttpError` when a call
 *   fails (a malformed or public policy is refused with 400 or 403).
 */
export async function applyBenchPolicy(client: S3HttpClient, bucket: string): Promise<BenchPolicy> {
  const policy = createBenchPolicy(bucket);
  await client.putBucketPolicy(bucket, JSON.stringify(policy, null, 2));
  const stored = await client.getBucketPolicy(bucket);
  if (stored === undefined) {
    throw new Error(
      `bucket ${bucket} reports no policy after PutBucketPolicy: refusing to measure it as one with a policy`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(stored);
  } catch {
    parsed = undefined;
  }
  if (!isDeepStrictEqual(parsed, policy)) {
    throw new Error(
      `bucket ${bucket} returns another policy than the one put (${stored.slice(0, 120)}…): ` +
        'refusing to measure it as one with the bench policy',
    );
  }
  return policy;
}
