import type { ObjectRecord } from '@strata/metastore-core';
import { assertWriteConditions, toObjectCondition } from './conditions.js';
import { replaceObject } from './internal/commit.js';
import type { LayerContext } from './internal/context.js';
import { hashInto } from './internal/hash-into.js';
import type { BlobTarget } from './internal/intent-lease.js';
import { requireBucket } from './internal/load.js';
import {
  assertKey,
  assertPutSize,
  assertUserMetadata,
  decodeContentMd5,
} from './internal/validate.js';
import { runWrite } from './internal/run-write.js';
import { signalOf } from './internal/signal.js';
import type { PutObjectInput, PutObjectResult } from './types.js';

interface StoredBody {
  readonly size: number;
  readonly etag: string;
  readonly checksums: Readonly<Record<string, string>>;
}

/**
 * PutObject: validates, checks the bucket and the write conditions before reading a byte, then
 * streams the body into a fresh blob and commits it atomically (see `runWrite`).
 *
 * @throws S3Error KeyTooLongError, MetadataTooLarge, EntityTooLarge, InvalidDigest, NoSuchBucket,
 *   PreconditionFailed, NoSuchKey (If-Match on a missing key), IncompleteBody, BadDigest,
 *   ConditionalRequestConflict; backend and metastore errors unchanged.
 */
export async function putObject(
  ctx: LayerContext,
  input: PutObjectInput,
): Promise<PutObjectResult> {
  const { body, bucket, key } = input;
  try {
    assertKey(key);
    assertUserMetadata(input.userMetadata);
    assertPutSize(input.contentLength);
    const expectedMd5 = decodeContentMd5(input.contentMd5);
    await requireBucket(ctx, bucket);
    const current = input.conditions ? await ctx.store.objects.get(bucket, key) : undefined;
    assertWriteConditions(current, input.conditions, input);
    const condition = toObjectCondition(input.conditions, current);

    return await runWrite(ctx, {
      bucket,
      key,
      size: input.contentLength,
      condition,
      write: (target) => storeBody(input, expectedMd5, target),
      commit: async (tx, stored, target) => {
        const record = toRecord(ctx, input, stored, target);
        await replaceObject(tx, record, condition);
        return { record };
      },
    });
  } finally {
    // The contract: the body is consumed or destroyed in every case (a no-op once consumed).
    body.destroy();
  }
}

/** Streams the body into the new blob, hashing and verifying it on the way. */
async function storeBody(
  input: PutObjectInput,
  expectedMd5: Buffer | undefined,
  target: BlobTarget,
): Promise<StoredBody> {
  const size = input.contentLength === undefined ? {} : { size: input.contentLength };
  const hashed = await hashInto(
    input.body,
    (source) => target.backend.put(target.blob, source, { ...size, ...signalOf(input) }),
    { expectedLength: input.contentLength, expectedMd5, signal: input.signal },
  );
  if (hashed.result.size !== hashed.bytes) {
    throw new Error(
      `backend ${target.backend.name} stored ${hashed.result.size} of ${hashed.bytes} bytes`,
    );
  }
  // Only now, with the body ended and verified, are the caller's checksums final.
  const checksums = input.checksums?.() ?? {};
  return { size: hashed.bytes, etag: hashed.md5.toString('hex'), checksums };
}

function toRecord(
  ctx: LayerContext,
  input: PutObjectInput,
  stored: StoredBody,
  target: BlobTarget,
): ObjectRecord {
  return {
    bucket: input.bucket,
    key: input.key,
    versionId: target.writeId,
    size: stored.size,
    etag: stored.etag,
    lastModified: ctx.now(),
    headers: { ...input.headers },
    userMetadata: { ...input.userMetadata },
    checksums: { ...stored.checksums },
    checksumType: Object.keys(stored.checksums).length > 0 ? 'FULL_OBJECT' : undefined,
    storageClass: input.storageClass ?? 'STANDARD',
    parts: [],
    copies: [{ backend: target.backend.name, blob: target.blob }],
  };
}
