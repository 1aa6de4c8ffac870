import { smallBody } from '../pattern-stream.js';
import type { S3HttpClient, SseAlgorithm } from '../s3-http-client.js';

/** The key of the small object that proves a bucket's default encryption is applied. */
export const SSE_PROBE_KEY = 'strata-sse-probe';

/**
 * Gives `bucket` a default encryption of `algorithm` (PutBucketEncryption), then proves it took:
 * PUTs a 4 KiB probe object with no encryption headers and HEADs it, which must report
 * `x-amz-server-side-encryption: <algorithm>`; the probe is deleted either way. A bench must
 * never report plaintext numbers as encrypted ones, so anything else throws.
 *
 * @throws Error when the HEAD reports another algorithm or none; `S3HttpError` when a call fails.
 */
export async function enableBucketEncryption(
  client: S3HttpClient,
  bucket: string,
  algorithm: SseAlgorithm = 'AES256',
): Promise<void> {
  await client.putBucketEncryption(bucket, algorithm);
  const probe = smallBody(4096);
  await client.put(bucket, SSE_PROBE_KEY, probe, probe.length);
  try {
    const reported = await client.serverSideEncryption(bucket, SSE_PROBE_KEY);
    if (reported !== algorithm) {
      throw new Error(
        `bucket ${bucket} has default encryption ${algorithm}, but an object PUT to it reports ` +
          `x-amz-server-side-encryption: ${reported ?? '(none)'}: refusing to measure it as encrypted`,
      );
    }
  } finally {
    await client.delete(bucket, SSE_PROBE_KEY);
  }
}
