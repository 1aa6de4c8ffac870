import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { CreateBucketCommand, S3Client } from './aws-sdk.js';

/** An access key pair of a user of the shared RGW. */
export interface RgwCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/** The Ceph RGW that `scripts/rgw-global-setup.ts` starts once for the whole e2e project. */
export interface RgwEndpoint {
  /** `http://127.0.0.1:PORT` (path-style requests). */
  readonly endpoint: string;
  /** The `main` user (`testid`). */
  readonly main: RgwCredentials;
  /** The `alt` user (`altid`), another account. */
  readonly alt: RgwCredentials;
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** The shared RGW of the e2e project (see `scripts/rgw-global-setup.ts`). */
    rgw: RgwEndpoint;
  }
}

/** The shared RGW, as the e2e global setup provided it. */
export function sharedRgw(): RgwEndpoint {
  return inject('rgw');
}

/** An AWS SDK client on the shared RGW as its `main` user (no retries: faults show as they are). */
export function createRgwAdminClient(rgw: RgwEndpoint = sharedRgw()): S3Client {
  return new S3Client({
    endpoint: rgw.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { ...rgw.main },
    maxAttempts: 1,
    // RGW 16.2 predates the SDK's default flexible checksums (aws-chunked with a trailer); this
    // client only inspects what the gateway stored, so it sends what RGW understands.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/**
 * Creates a fresh bucket on the shared RGW (one per test run: the RGW outlives every file) and
 * returns its name.
 */
export async function createRgwBucket(prefix: string, rgw: RgwEndpoint = sharedRgw()) {
  const bucket = `${prefix}-${randomBytes(5).toString('hex')}`;
  const client = createRgwAdminClient(rgw);
  try {
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
  } finally {
    client.destroy();
  }
  return bucket;
}
