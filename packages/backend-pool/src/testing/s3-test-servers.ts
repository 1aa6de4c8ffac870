import { randomBytes } from 'node:crypto';
import { createS3Client } from '@strata/s3-client';
import { startS3rver, startStrata } from '@strata/s3-client/testing';
import type { TestServer } from '@strata/s3-client/testing';
import { afterAll, beforeAll } from 'vitest';
import { createS3Backend } from '../s3-backend.js';
import type { BackendUnderTest, ConformanceQuirks } from './conformance.js';

/** A real S3 server the S3 driver's conformance suite runs against. */
export interface S3TestServerSpec {
  readonly name: string;
  /** Starts a fresh server (once per test file). */
  readonly start: () => Promise<TestServer>;
  /** Where the server departs from the contract (on top of {@link S3_DRIVER_QUIRKS}). */
  readonly quirks?: Partial<ConformanceQuirks>;
  /** Whether ListMultipartUploads works, so "no upload left behind" can be checked. */
  readonly listsUploads: boolean;
}

/**
 * What the S3 driver cannot promise on any server: CopyObject has no reliable "only if absent"
 * (RGW 16.2 ignores `If-None-Match` there), and the client cannot send `If-None-Match` on
 * CompleteMultipartUpload.
 */
export const S3_DRIVER_QUIRKS: Partial<ConformanceQuirks> = {
  copyRefusesOverwrite: false,
  completeRefusesOverwrite: false,
};

/**
 * s3rver 3.7 maps keys onto paths (so `.`/`..`/empty segments are normalised and listings come
 * in directory order), writes objects in place (a failed PUT leaves a partial object), ignores
 * `If-None-Match`, decodes `x-amz-copy-source` with `decodeURI` (so names with `+ & = @ %` cannot be
 * copied), and has no multipart errors, AbortMultipartUpload or ListMultipartUploads.
 */
export const S3RVER_QUIRKS: Partial<ConformanceQuirks> = {
  putRefusesOverwrite: false,
  atomicPut: false,
  pathLikeNames: false,
  sortedList: false,
  multipartErrors: false,
  copyAnyName: false,
};

/**
 * The S3 servers every S3 conformance run covers. Adding one (Ceph RGW, MinIO) is one entry:
 * `{ name: 'rgw', start: startRgw, listsUploads: true, quirks: { … } }`.
 */
export const S3_TEST_SERVERS: readonly S3TestServerSpec[] = [
  { name: 'strata', start: startStrata, listsUploads: true },
  { name: 's3rver', start: startS3rver, listsUploads: false, quirks: S3RVER_QUIRKS },
];

/** Starts `spec`'s server before the enclosing `describe` and stops it after; returns a getter. */
export function useS3TestServer(spec: S3TestServerSpec): () => TestServer {
  let server: TestServer | undefined;
  beforeAll(async () => {
    server = await spec.start();
  });
  afterAll(async () => {
    await server?.close();
  });
  return () => {
    if (server === undefined) throw new Error(`${spec.name} is not running`);
    return server;
  };
}

let buckets = 0;

/** Keys outside the backend's prefix (the prefix short of its last byte, and another). */
const decoys = (prefix: string) => (prefix === '' ? [] : [prefix.slice(0, -1), 'outside']);

/**
 * A fresh bucket on `server` and an S3 backend on it (which makes and owns its client), with
 * `prefix`; objects outside the prefix are planted first, and must stay invisible.
 */
export async function s3Fixture(
  server: TestServer,
  spec: S3TestServerSpec,
  prefix: string,
): Promise<BackendUnderTest> {
  const admin = createS3Client({ endpoint: server.endpoint, credentials: server.credentials });
  const bucket = `conf-${++buckets}-${randomBytes(4).toString('hex')}`;
  await admin.createBucket(bucket);
  for (const key of decoys(prefix)) await admin.putObject(bucket, key, Buffer.from('decoy'));
  const backend = createS3Backend({
    name: `s3-${spec.name}`,
    endpoint: server.endpoint,
    credentials: server.credentials,
    bucket,
    prefix,
    // Short backoff: the suites provoke errors, and none of them is worth a retry.
    retry: { baseMs: 10, capMs: 50 },
  });
  const leftovers = async (): Promise<readonly string[]> => {
    const page = await admin.listMultipartUploads(bucket, { prefix });
    return page.uploads.map((u) => `upload ${u.key} ${u.uploadId}`);
  };
  return {
    backend,
    ...(spec.listsUploads ? { leftovers } : {}),
    async [Symbol.asyncDispose]() {
      await backend.close();
      await admin.close();
    },
  };
}
