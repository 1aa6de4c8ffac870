import type { BlobInfo } from '@strata/backend-pool';
import type { ObjectRecord } from '@strata/metastore-core';
import { S3Error } from '@strata/s3-xml';
import { assertReadConditions } from '../conditions.js';
import { ObjectDataLostError } from '../errors.js';
import { resolveRange } from '../range.js';
import type { GetObjectInput, GetObjectOutput, HeadObjectOutput } from '../types.js';
import { WRITE_ID_LENGTH } from '../write-id.js';
import type { LayerContext } from './context.js';
import { blobPrefixFor } from './load.js';
import { openRecord } from './open-record.js';
import { noSuchKey } from './s3-errors.js';

const WRITE_ID = /^[0-9A-HJKMNP-TV-Z]+$/;

/**
 * The write id of a blob named `{prefix}{writeId}` or, for a later copy of that write,
 * `{prefix}{writeId}.{copyId}` (`copyBlobNameFor`); `undefined` for any other name.
 */
function writeIdOf(rest: string): string | undefined {
  const writeId = rest.slice(0, WRITE_ID_LENGTH);
  const copyId = rest.slice(WRITE_ID_LENGTH + 1);
  const shaped =
    rest.length === WRITE_ID_LENGTH ||
    (rest[WRITE_ID_LENGTH] === '.' && copyId.length === WRITE_ID_LENGTH && WRITE_ID.test(copyId));
  return shaped && WRITE_ID.test(writeId) ? writeId : undefined;
}

/**
 * Finds the current version of a key without the metastore: every blob name carries its key and
 * a time-ordered write id (`{bucket}/{key}@{writeId}`), so the newest blob under the key's prefix
 * on the bucket's backends is the last write that reached a backend. All copies of that write are
 * collected (a later copy's name adds its own id after the write's, see `copyBlobNameFor`), so
 * reads still fail over between them.
 *
 * Limits, by construction: a key deleted since may still be found until the cleanup worker
 * removed its blob; a write that failed before its commit is indistinguishable from one that
 * committed; stored metadata (ETag, headers, user metadata, checksums) is unknown.
 *
 * @throws S3Error NoSuchKey when no backend has a blob of the key (or none answers).
 */
export async function findNewestBlob(
  ctx: LayerContext,
  bucket: string,
  key: string,
  signal: AbortSignal | undefined,
): Promise<ObjectRecord> {
  const prefix = blobPrefixFor(bucket, key);
  const names = ctx.policyOf(bucket).backends ?? ctx.pool.members().map((m) => m.name);
  const found = await Promise.all(
    names.map(async (name) => ({ name, blobs: await listWrites(ctx, name, prefix, signal) })),
  );
  let newest: { writeId: string; info: BlobInfo } | undefined;
  for (const { blobs } of found) {
    for (const info of blobs) {
      const writeId = writeIdOf(info.blob.slice(prefix.length))!;
      if (newest === undefined || writeId > newest.writeId) newest = { writeId, info };
    }
  }
  if (newest === undefined) throw noSuchKey(bucket, key);
  const writeId = newest.writeId;
  return {
    bucket,
    key,
    versionId: writeId,
    size: newest.info.size,
    etag: '',
    lastModified: newest.info.lastModified,
    headers: {},
    userMetadata: {},
    checksums: {},
    storageClass: 'STANDARD',
    parts: [],
    copies: found.flatMap((f) =>
      f.blobs
        .filter((b) => writeIdOf(b.blob.slice(prefix.length)) === writeId)
        .map((b) => ({ backend: f.name, blob: b.blob })),
    ),
  };
}

/** The blobs of writes of one key on one backend; a backend that fails counts as having none. */
async function listWrites(
  ctx: LayerContext,
  backend: string,
  prefix: string,
  signal: AbortSignal | undefined,
): Promise<BlobInfo[]> {
  const out: BlobInfo[] = [];
  try {
    for await (const info of ctx.backend(backend).list(prefix, signal ? { signal } : {})) {
      // `{prefix}{writeId}[.{copyId}]` exactly: a longer key sharing the prefix (`a@b` for key
      // `a`) is not it.
      if (writeIdOf(info.blob.slice(prefix.length)) !== undefined) out.push(info);
    }
  } catch (error) {
    if (signal?.aborted) throw error;
  }
  return out;
}

/**
 * HeadObject in degraded mode. Conditions on dates are evaluated; ETag conditions cannot be
 * (the ETag is unknown), so a request carrying one is refused with a retryable 503 rather than
 * answered wrongly, and so is `partNumber` (the part layout is unknown).
 */
export async function degradedHead(
  ctx: LayerContext,
  input: GetObjectInput,
): Promise<HeadObjectOutput> {
  const c = input.conditions;
  if (input.partNumber !== undefined || c?.ifMatch !== undefined || c?.ifNoneMatch !== undefined) {
    throw new S3Error('ServiceUnavailable', {
      message:
        'The metadata store is unavailable; this conditional or part request cannot be answered now.',
    });
  }
  const record = await findNewestBlob(ctx, input.bucket, input.key, input.signal);
  // Only the date conditions are left to evaluate; they need nothing but the blob's time.
  assertReadConditions(record, c);
  const range = input.range ? resolveRange(input.range, record.size) : undefined;
  return { record, ...(range ? { range } : {}), degraded: true };
}

/**
 * GetObject in degraded mode: {@link degradedHead}, then the newest blob's bytes. A blob gone
 * between listing and opening it was deleted meanwhile (no row says it should exist): NoSuchKey.
 */
export async function degradedGet(
  ctx: LayerContext,
  input: GetObjectInput,
): Promise<GetObjectOutput> {
  const head = await degradedHead(ctx, input);
  const body = await openRecord(ctx, head.record, head.range, input.signal, {
    repair: false,
  }).catch((error: unknown) => {
    if (error instanceof ObjectDataLostError) throw noSuchKey(input.bucket, input.key);
    throw error;
  });
  return { ...head, body };
}
