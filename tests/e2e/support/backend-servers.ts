import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { startS3rver, startStrata as startStrataServer } from '@strata/s3-client/testing';
import type { TestServer } from '@strata/s3-client/testing';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from './aws-sdk.js';
import { createRgwBucket, sharedRgw } from './rgw.js';

/** The real S3 servers a multi-backend gateway stores bytes on. */
export const S3_SERVERS = ['strata', 's3rver', 'rgw'] as const;
/** One of {@link S3_SERVERS}: a second Strata (on a directory), s3rver, or the shared Ceph RGW. */
export type S3ServerName = (typeof S3_SERVERS)[number];

/** A blob as a backend itself lists it: its name without the backend's prefix, and its size. */
export interface StoredBlob {
  readonly name: string;
  readonly size: number;
}

/** What a test reads from a backend directly, bypassing the gateway under test. */
export interface BackendInspector {
  readonly name: string;
  /** Every blob stored on the backend now. */
  list(): Promise<StoredBlob[]>;
  /** The bytes of one blob. */
  read(blob: string): Promise<Buffer>;
}

/** A running S3 server with a bucket for the gateway's blobs, and a direct SDK client on it. */
export interface S3ServerHandle {
  readonly name: S3ServerName;
  readonly endpoint: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** The bucket the gateway's backends on this server use (created for this file). */
  readonly bucket: string;
  /** The AWS SDK straight to the server (not through any proxy). */
  readonly direct: S3Client;
  close(): Promise<void>;
}

function directClient(endpoint: string, credentials: S3ServerHandle['credentials']): S3Client {
  return new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { ...credentials },
    maxAttempts: 1,
    // An inspector, not the client under test: RGW 16.2 and s3rver predate the SDK's default
    // flexible checksums (aws-chunked with a trailer).
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/**
 * Starts `name` (a second Strata or s3rver; the RGW is the e2e project's shared one) with a
 * fresh bucket for the gateway under test.
 */
export async function startS3Server(name: S3ServerName): Promise<S3ServerHandle> {
  let server: TestServer;
  let bucket = 'strata-blobs';
  if (name === 'rgw') {
    const rgw = sharedRgw();
    bucket = await createRgwBucket('strata-e2e');
    // The RGW belongs to the global setup: closing this handle leaves it running.
    server = { name, endpoint: rgw.endpoint, credentials: rgw.main, close: async () => {} };
  } else {
    server = name === 'strata' ? await startStrataServer() : await startS3rver();
  }
  const direct = directClient(server.endpoint, server.credentials);
  if (name !== 'rgw') await direct.send(new CreateBucketCommand({ Bucket: bucket }));
  // The first write to a fresh server can be slow (a fresh Ceph cluster creates its data pool
  // then, taking over a second): done here, outside any test's timeouts, and outside the
  // prefixes the backends use.
  const warmUp = { Bucket: bucket, Key: 'strata-e2e-warm-up' };
  await direct.send(new PutObjectCommand({ ...warmUp, Body: 'warm' }));
  await direct.send(new DeleteObjectCommand(warmUp));
  return {
    name,
    endpoint: server.endpoint,
    credentials: server.credentials,
    bucket,
    direct,
    async close() {
      direct.destroy();
      await server.close();
    },
  };
}

/** Reads the blobs under `prefix` of an S3 backend straight from its server. */
export function s3Inspector(name: string, server: S3ServerHandle, prefix: string) {
  const { direct, bucket } = server;
  return {
    name,
    async list(): Promise<StoredBlob[]> {
      const out: StoredBlob[] = [];
      let token: string | undefined;
      do {
        const page = await direct.send(
          new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
        );
        for (const o of page.Contents ?? []) {
          out.push({ name: (o.Key ?? '').slice(prefix.length), size: o.Size ?? 0 });
        }
        token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
      } while (token !== undefined);
      return out;
    },
    async read(blob: string): Promise<Buffer> {
      const reply = await direct.send(new GetObjectCommand({ Bucket: bucket, Key: prefix + blob }));
      return Buffer.from(await reply.Body!.transformToByteArray());
    },
    /** The backend's own ETag of a blob (`"…-N"` for an object it assembled from N parts). */
    async etag(blob: string): Promise<string | undefined> {
      return (await direct.send(new HeadObjectCommand({ Bucket: bucket, Key: prefix + blob })))
        .ETag;
    },
    /** Keys of the multipart uploads in progress under the prefix (ListMultipartUploads). */
    async uploads(): Promise<string[]> {
      const page = await direct.send(
        new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: prefix }),
      );
      return (page.Uploads ?? []).map((u) => (u.Key ?? '').slice(prefix.length));
    },
  } satisfies BackendInspector & Record<string, unknown>;
}

/** An S3 backend's inspector ({@link s3Inspector}). */
export type S3Inspector = ReturnType<typeof s3Inspector>;

/**
 * Reads an fs backend's directory as it is laid out on disk: blobs live under `blobs/`, two
 * hex shard levels, then the base64url of the blob name cut into segments, the last one ending
 * in `.blob` (see the fs driver's `blob-path.ts`).
 */
export function fsInspector(name: string, root: string): BackendInspector {
  const blobsDir = join(root, 'blobs');
  const pathOf = async (blob: string) => {
    for (const file of await filesUnder(blobsDir)) if (decode(file) === blob) return file;
    throw new Error(`backend ${name} has no blob ${blob}`);
  };
  const decode = (file: string) => {
    const segments = relative(blobsDir, file).split(sep).slice(2);
    const encoded = segments.join('').replace(/\.blob$/, '');
    return Buffer.from(encoded, 'base64url').toString('utf8');
  };
  return {
    name,
    async list() {
      const files = await filesUnder(blobsDir);
      return Promise.all(files.map(async (f) => ({ name: decode(f), size: (await stat(f)).size })));
    },
    async read(blob) {
      return readFile(await pathOf(blob));
    },
  };
}

async function filesUnder(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
