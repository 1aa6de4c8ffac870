import type { BlobInfo } from '@strata/backend-pool';
import {
  ENVELOPE_MAGIC,
  HEADER_SIZE,
  decodeSegmentHeader,
  encryptedSize,
  FRAME_OVERHEAD,
} from '@strata/envelope';
import type { ObjectRecord } from '@strata/metastore-core';
import { S3Error } from '@strata/s3-xml';
import { assertReadConditions } from '../conditions.js';
import { ObjectDataLostError } from '../errors.js';
import { resolveRange } from '../range.js';
import type { GetObjectInput, GetObjectOutput, HeadObjectOutput } from '../types.js';
import { WRITE_ID_LENGTH } from '../write-id.js';
import type { LayerContext } from './context.js';
import { blobPrefixFor, keyBackends } from './load.js';
import { openRecord, readOrder } from './open-record.js';
import { noSuchKey } from './s3-errors.js';
import { TOMBSTONE_SUFFIX } from './tombstones.js';
import { CUSTOMER_KEY_ID, customerDataKey, dataKeyFor } from './seal.js';

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
 * What a blob under a key's prefix records: a write's data (or a copy of it), or a delete
 * marker's tombstone (`{prefix}{writeId}.deleted`); `undefined` for any other name.
 */
function writeOf(rest: string): { writeId: string; tombstone: boolean } | undefined {
  if (rest.endsWith(TOMBSTONE_SUFFIX)) {
    const writeId = rest.slice(0, -TOMBSTONE_SUFFIX.length);
    return writeId.length === WRITE_ID_LENGTH && WRITE_ID.test(writeId)
      ? { writeId, tombstone: true }
      : undefined;
  }
  const writeId = writeIdOf(rest);
  return writeId === undefined ? undefined : { writeId, tombstone: false };
}

/**
 * Finds the current version of a key without the metastore: every blob name carries its key and
 * a time-ordered write id (`{bucket}/{key}@{writeId}`), so the newest blob under the key's prefix
 * on the bucket's backends is the last write that reached a backend. All copies of that write are
 * collected (a later copy's name adds its own id after the write's, see `copyBlobNameFor`), so
 * reads still fail over between them.
 *
 * A key whose newest write is a delete marker's tombstone (a delete in a versioned bucket,
 * which keeps the versions' blobs) is deleted: 404 with `x-amz-delete-marker: true`.
 *
 * Limits, by construction: a key deleted since may still be found until the cleanup worker
 * removed its blob (or, versioned, when no backend that answers took the marker's tombstone); a
 * write that failed before its commit is indistinguishable from one that committed; stored
 * metadata (ETag, headers, user metadata, checksums) is unknown.
 *
 * @throws S3Error NoSuchKey when no backend has a blob of the key (or none answers), or the
 *   newest is a tombstone.
 */
export async function findNewestBlob(
  ctx: LayerContext,
  bucket: string,
  key: string,
  signal: AbortSignal | undefined,
): Promise<ObjectRecord> {
  const prefix = blobPrefixFor(bucket, key);
  const names = keyBackends(ctx, bucket);
  const found = await Promise.all(
    names.map(async (name) => ({ name, blobs: await listWrites(ctx, name, prefix, signal) })),
  );
  let newest: { writeId: string; tombstone: boolean; info: BlobInfo } | undefined;
  for (const { blobs } of found) {
    for (const info of blobs) {
      const write = writeOf(info.blob.slice(prefix.length))!;
      if (newest === undefined || write.writeId > newest.writeId) newest = { ...write, info };
    }
  }
  if (newest === undefined) throw noSuchKey(bucket, key);
  if (newest.tombstone) throw noSuchKey(bucket, key, { 'x-amz-delete-marker': 'true' });
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
  // With the delimiter `@` a longer key's blobs (`a@b@…` for key `a`) are not even listed, and
  // the fs driver reads the one directory that holds the key's writes, not its whole tree.
  const options = { delimiter: '@', ...(signal ? { signal } : {}) };
  try {
    for await (const info of ctx.backend(backend).list(prefix, options)) {
      // `{prefix}{writeId}[.{copyId}|.deleted]` exactly: a longer key sharing the prefix (`a@b`
      // for key `a`) is not it.
      if (writeOf(info.blob.slice(prefix.length)) !== undefined) out.push(info);
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
  if (input.versionId !== undefined) {
    // Only the metastore knows which blob is which version (and which are delete markers).
    throw new S3Error('ServiceUnavailable', {
      message:
        'The metadata store is unavailable; a version cannot be read by id until it is back.',
    });
  }
  if (input.partNumber !== undefined || c?.ifMatch !== undefined || c?.ifNoneMatch !== undefined) {
    throw new S3Error('ServiceUnavailable', {
      message:
        'The metadata store is unavailable; this conditional or part request cannot be answered now.',
    });
  }
  const record = await withStoredEncryption(
    ctx,
    await findNewestBlob(ctx, input.bucket, input.key, input.signal),
    input.signal,
  );
  customerDataKey(record.encryption, input.customerKey);
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
    dataKey: dataKeyFor(ctx, head.record.encryption, input.customerKey),
    // The cached blocks of the newest blob found, when the bucket's policy caches its reads.
    cache: true,
  }).catch((error: unknown) => {
    if (error instanceof ObjectDataLostError) throw noSuchKey(input.bucket, input.key);
    throw error;
  });
  return { ...head, body };
}

/**
 * A record rebuilt from a blob, with its encryption recovered from the blob's own segment header
 * (`@strata/envelope` makes a blob readable from its bytes alone): the plaintext size follows
 * from the stored size and the chunk size. A blob that does not start with the envelope's magic
 * is plaintext. The method is reported as SSE-S3, or SSE-C for a customer-key blob (which then
 * needs the key to be read); which KMS key was named is not in the blob.
 *
 * Limit, by construction: a plaintext object whose first bytes are the magic is taken for an
 * encrypted one, and its read fails rather than serving it.
 *
 * @throws S3Error ServiceUnavailable when no copy answers the header read, when a blob with the
 *   magic does not decode as one segment (never its stored bytes as if they were the object), or
 *   for an encrypted multipart object, whose part sizes only the metastore knows.
 */
async function withStoredEncryption(
  ctx: LayerContext,
  record: ObjectRecord,
  signal: AbortSignal | undefined,
): Promise<ObjectRecord> {
  if (record.size < HEADER_SIZE + FRAME_OVERHEAD) return record;
  const bytes = await readHeaderBytes(ctx, record, signal);
  const unavailable = (why: string) =>
    new S3Error('ServiceUnavailable', {
      message: `The metadata store is unavailable; ${why} until it is back.`,
    });
  if (bytes === undefined) throw unavailable('no copy of this object can be read');
  if (!bytes.subarray(0, ENVELOPE_MAGIC.length).equals(ENVELOPE_MAGIC)) return record;
  let header;
  try {
    header = decodeSegmentHeader(bytes);
  } catch {
    throw unavailable('this encrypted object cannot be read');
  }
  if (header.partNumber !== 0) {
    throw unavailable('an encrypted multipart object cannot be read');
  }
  const size = plainSizeOf(record.size, header.chunkSize);
  if (size === undefined) throw unavailable('this encrypted object cannot be read');
  return {
    ...record,
    size,
    encryption: {
      method: header.dataKey.keyId === CUSTOMER_KEY_ID ? 'SSE-C' : 'AES256',
      keyId: header.dataKey.keyId,
      wrappedKey: header.dataKey.wrapped.toString('base64'),
      chunkSize: header.chunkSize,
      salts: [header.salt.toString('base64')],
    },
  };
}

/** The plaintext size of a one-segment blob of `stored` bytes; `undefined` if none fits. */
function plainSizeOf(stored: number, chunkSize: number): number | undefined {
  const payload = stored - HEADER_SIZE;
  const chunks = Math.max(1, Math.ceil(payload / (chunkSize + FRAME_OVERHEAD)));
  const size = payload - chunks * FRAME_OVERHEAD;
  return size >= 0 && encryptedSize(size, chunkSize) === stored ? size : undefined;
}

/**
 * The first {@link HEADER_SIZE} bytes of the first copy that answers; `undefined` if none. Reads
 * no more than that, even from a backend that ignored the range.
 */
async function readHeaderBytes(
  ctx: LayerContext,
  record: ObjectRecord,
  signal: AbortSignal | undefined,
): Promise<Buffer | undefined> {
  for (const copy of readOrder(ctx, record)) {
    try {
      const stream = await ctx.backend(copy.backend).get(copy.blob, {
        range: { start: 0, end: HEADER_SIZE - 1 },
        ...(signal ? { signal } : {}),
      });
      const chunks: Buffer[] = [];
      let length = 0;
      // `for await` destroys the stream when the loop ends early or fails.
      for await (const chunk of stream) {
        chunks.push(chunk as Buffer);
        length += (chunk as Buffer).length;
        if (length >= HEADER_SIZE) break;
      }
      return Buffer.concat(chunks).subarray(0, HEADER_SIZE);
    } catch (error) {
      if (signal?.aborted) throw error;
    }
  }
  return undefined;
}
