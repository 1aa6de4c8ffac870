import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { HeadObjectCommand, ListObjectsV2Command } from './aws-sdk.js';
import { createTestS3Client } from './s3-client.js';
import type { S3Client } from '@aws-sdk/client-s3';
import type { GatewayFixture } from './gateway-fixture.js';
import { seededBytes, sha256 } from './test-data.js';

/** 1 MiB. */
const MIB = 1024 * 1024;

/**
 * A 1024-byte key made of path segments a local file system accepts (at most 255 bytes each):
 * file-based clients (rclone, s3cmd, the CLI) map keys to local paths.
 */
export const LONG_FS_KEY = `long/${['a', 'b', 'c', 'd'].map((c) => c.repeat(254)).join('/')}`;

/** Keys with spaces, `+ % & = ~ "`, unicode, and 1024 bytes, usable as local file paths too. */
export const AWKWARD_FS_KEYS = [
  'with space.txt',
  'plus+sign.txt',
  '100%.txt',
  'a&b.txt',
  'k=v.txt',
  'tilde~x.txt',
  'quote"d.txt',
  'ünïcødé/日本語/😀.txt',
  LONG_FS_KEY,
] as const;

/** Sizes one byte under and one byte over a client's multipart threshold. */
export function aroundThreshold(threshold: number): readonly [number, number] {
  return [threshold - 1, threshold + 1];
}

/** The 5 MiB threshold (and part size) the suites configure clients with where they can. */
export const FIVE_MIB = 5 * MIB;

/** Files (relative path → bytes) for a client to upload: awkward keys, empty, around 5 MiB. */
export function standardFiles(seed: string, threshold = FIVE_MIB): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const key of AWKWARD_FS_KEYS) files.set(key, Buffer.from(`body of ${key}`));
  files.set('empty.bin', Buffer.alloc(0));
  const [under, over] = aroundThreshold(threshold);
  files.set('under.bin', seededBytes(`${seed}-under`, under));
  files.set('over.bin', seededBytes(`${seed}-over`, over));
  return files;
}

/** Writes `files` under `dir` (creating sub-directories). */
export async function writeTree(dir: string, files: ReadonlyMap<string, Buffer>): Promise<void> {
  for (const [name, data] of files) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), data);
  }
}

/** SHA-256 of each of `names` read back from `dir` (missing files fail the read). */
export async function hashTree(
  dir: string,
  names: Iterable<string>,
): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of names) out[name] = sha256(await readFile(join(dir, name)));
  return out;
}

/** SHA-256 of each entry of `files`, keyed like {@link hashTree}. */
export function hashFiles(files: ReadonlyMap<string, Buffer>): Record<string, string> {
  return Object.fromEntries([...files].map(([name, data]) => [name, sha256(data)]));
}

/** An SDK client (path style, checksums when required) to inspect what another client did. */
export function inspector(fixture: GatewayFixture): S3Client {
  return createTestS3Client({
    endpoint: fixture.endpoint,
    ca: fixture.cert?.ca,
    checksums: 'WHEN_REQUIRED',
  });
}

/** Every key under `prefix` in `bucket`, in listing order, with sizes (all pages). */
export async function listAll(
  client: S3Client,
  bucket: string,
  prefix = '',
): Promise<{ key: string; size: number; etag: string }[]> {
  const out: { key: string; size: number; etag: string }[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
    );
    for (const c of page.Contents ?? []) {
      out.push({ key: c.Key!, size: c.Size ?? -1, etag: c.ETag ?? '' });
    }
    token = page.NextContinuationToken;
  } while (token);
  return out;
}

/** The ETag, size, content type and user metadata the gateway reports for one object. */
export async function headOf(client: S3Client, bucket: string, key: string) {
  const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
  return {
    etag: head.ETag,
    size: head.ContentLength,
    contentType: head.ContentType,
    metadata: head.Metadata ?? {},
  };
}

/** Byte order, as S3 sorts keys in listings. */
export function byteOrder(keys: Iterable<string>): string[] {
  return [...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}
