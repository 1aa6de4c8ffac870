import type { S3HttpClient } from '../s3-http-client.js';
import type { Random } from './random.js';
import {
  createBodyVerifier,
  createSoakBody,
  describeFingerprint,
  SoakMismatchError,
  type Fingerprint,
} from './soak-body.js';
import type { SoakStats } from './soak-stats.js';

/** What every soak operation needs: one client's connection, its random source, the stats. */
export type OpsContext = {
  readonly client: S3HttpClient;
  readonly bucket: string;
  readonly random: Random;
  readonly stats: SoakStats;
  /** Part size of multipart uploads (every part but the last; S3's minimum is 5 MiB). */
  readonly partSize: number;
};

/** PUTs a fresh body of `size` bytes to `key`; its fingerprint, or undefined on error. */
export async function putObject(
  ctx: OpsContext,
  key: string,
  size: number,
): Promise<Fingerprint | undefined> {
  let sent: Fingerprint | undefined;
  await ctx.stats.time('PUT', key, size, async () => {
    const body = createSoakBody(size, ctx.random);
    await ctx.client.put(ctx.bucket, key, body.body, size);
    sent = { size, crc: body.crc() };
  });
  return sent;
}

/**
 * Uploads `size` bytes to `key` in parts of `ctx.partSize`, one after the other; its
 * fingerprint, or undefined on error (the upload is then aborted, best effort).
 */
export async function multipartObject(
  ctx: OpsContext,
  key: string,
  size: number,
): Promise<Fingerprint | undefined> {
  let sent: Fingerprint | undefined;
  await ctx.stats.time('MULTIPART', key, size, async () => {
    const uploadId = await ctx.client.createMultipartUpload(ctx.bucket, key);
    try {
      sent = await uploadParts(ctx, key, uploadId, size);
    } catch (error) {
      // The error that counts is the first one; a failed abort only leaves an upload behind.
      await ctx.client.abortMultipartUpload(ctx.bucket, key, uploadId).catch(() => undefined);
      throw error;
    }
  });
  return sent;
}

async function uploadParts(
  ctx: OpsContext,
  key: string,
  uploadId: string,
  size: number,
): Promise<Fingerprint> {
  const etags: string[] = [];
  let crc = 0;
  // At most ceil(size / partSize) iterations: 13 for 64 MiB in 5 MiB parts.
  for (let offset = 0; offset < size; offset += ctx.partSize) {
    const n = Math.min(ctx.partSize, size - offset);
    const body = createSoakBody(n, ctx.random, crc);
    const part = { uploadId, partNumber: etags.length + 1 };
    etags.push(await ctx.client.uploadPart(ctx.bucket, key, part, body.body, n));
    crc = body.crc();
  }
  await ctx.client.completeMultipartUpload(ctx.bucket, key, uploadId, etags);
  return { size, crc };
}

/** GETs `key` and checks, as the body streams, that it is exactly the bytes of `expected`. */
export function getObject(ctx: OpsContext, key: string, expected: Fingerprint): Promise<boolean> {
  return ctx.stats.time('GET', key, expected.size, async () => {
    const verifier = createBodyVerifier();
    await ctx.client.get(ctx.bucket, key, (chunk) => verifier.update(chunk));
    const got = verifier.result();
    if (got.size !== expected.size || got.crc !== expected.crc) {
      throw new SoakMismatchError(
        `GET returned ${describeFingerprint(got)}; the last PUT sent ${describeFingerprint(expected)}`,
      );
    }
    ctx.stats.verifiedGet();
  });
}

/** HEADs `key` and checks its Content-Length. */
export function headObject(ctx: OpsContext, key: string, size: number): Promise<boolean> {
  return ctx.stats.time('HEAD', key, 0, async () => {
    const length = await ctx.client.head(ctx.bucket, key);
    if (length !== size) {
      throw new SoakMismatchError(`HEAD says ${length} bytes; the last PUT sent ${size}`);
    }
  });
}

/** DELETEs `key`. */
export function deleteObject(ctx: OpsContext, key: string): Promise<boolean> {
  return ctx.stats.time('DELETE', key, 0, () => ctx.client.delete(ctx.bucket, key));
}

/**
 * Lists `prefix` (one ListObjectsV2 page of up to 1000 keys) and passes the keys and sizes to
 * `check`, which throws a {@link SoakMismatchError} when they are not what it expects.
 */
export function listPrefix(
  ctx: OpsContext,
  prefix: string,
  check: (listed: ReadonlyMap<string, number>) => void,
): Promise<boolean> {
  return ctx.stats.time('LIST', prefix, 0, async () => {
    const xml = await ctx.client.listPage(ctx.bucket, { prefix, 'max-keys': '1000' });
    if (xml.includes('<IsTruncated>true</IsTruncated>')) {
      throw new SoakMismatchError(`LIST ${prefix}: truncated, but a client keeps < 1000 keys`);
    }
    check(parseListing(xml));
  });
}

/** Keys and sizes of a ListObjectsV2 page (the soak's keys need no XML unescaping). */
function parseListing(xml: string): Map<string, number> {
  const listed = new Map<string, number>();
  for (const [, contents = ''] of xml.matchAll(/<Contents>([\s\S]*?)<\/Contents>/g)) {
    const key = /<Key>([^<]*)<\/Key>/.exec(contents)?.[1];
    const size = /<Size>(\d+)<\/Size>/.exec(contents)?.[1];
    if (key !== undefined) listed.set(key, Number(size ?? Number.NaN));
  }
  return listed;
}
