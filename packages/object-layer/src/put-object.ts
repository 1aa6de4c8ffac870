import type { Readable } from 'node:stream';
import type { ObjectEncryption, ObjectRecord } from '@strata/metastore-core';
import { assertWriteConditions, toObjectCondition } from './conditions.js';
import { replaceObject } from './internal/commit.js';
import type { LayerContext } from './internal/context.js';
import { hashInto } from './internal/hash-into.js';
import type { BlobTarget } from './internal/intent-lease.js';
import { requireBucket } from './internal/load.js';
import { toWriteLock, withLock } from './internal/object-lock.js';
import {
  assertKey,
  assertPutSize,
  assertUserMetadata,
  decodeContentMd5,
} from './internal/validate.js';
import { runWrite, type Written } from './internal/run-write.js';
import { fanOut, type BranchOutcome } from './internal/fan-out.js';
import { signalOf } from './internal/signal.js';
import type { PutObjectInput, PutObjectResult } from './types.js';
import { toObjectTags, withTags } from './tag-sets.js';
import { newSeal, sealedEtag, type Seal } from './internal/seal.js';
import { identityOf, sealSegment, sealedRecord, storedBytesOf } from './internal/sealed-streams.js';

interface StoredBody {
  readonly size: number;
  readonly etag: string;
  readonly checksums: Readonly<Record<string, string>>;
  /** The record's encryption, its segment's salt filled in; absent for plaintext. */
  readonly encryption?: ObjectEncryption | undefined;
}

/**
 * PutObject: validates, checks the bucket and the write conditions before reading a byte, then
 * streams the body into a fresh blob and commits it atomically (see `runWrite`). With
 * encryption asked for (or the bucket's default), the bytes are hashed as sent and stored
 * encrypted (`@strata/envelope`), one segment bound to the new version.
 *
 * @throws S3Error KeyTooLongError, MetadataTooLarge, EntityTooLarge, InvalidDigest, NoSuchBucket,
 *   PreconditionFailed, NoSuchKey (If-Match on a missing key), IncompleteBody, BadDigest,
 *   ConditionalRequestConflict, NotImplemented (encryption without a keyring),
 *   KMS.NotFoundException; backend and metastore errors unchanged.
 */
export async function putObject(
  ctx: LayerContext,
  input: PutObjectInput,
): Promise<PutObjectResult> {
  const { body, bucket, key } = input;
  try {
    assertKey(key);
    assertUserMetadata(input.userMetadata);
    const tags = toObjectTags(input.tags ?? []);
    assertPutSize(input.contentLength);
    const expectedMd5 = decodeContentMd5(input.contentMd5);
    const target = await requireBucket(ctx, bucket);
    const lock = toWriteLock(input.lock, target, ctx.now());
    const seal = newSeal(ctx, input.encryption, target);
    const current = input.conditions ? await ctx.store.objects.get(bucket, key) : undefined;
    assertWriteConditions(current, input.conditions, input);
    const condition = toObjectCondition(input.conditions, current);

    return await runWrite(ctx, {
      bucket,
      key,
      size: input.contentLength,
      condition,
      fanOut: true,
      write: (targets, quorum) => storeBody(input, expectedMd5, targets, quorum, seal),
      commit: async (tx, stored, targets) => {
        const record = withLock(withTags(toRecord(ctx, input, stored, targets), tags), lock);
        const name = input.viaForm === true ? 's3:ObjectCreated:Post' : 's3:ObjectCreated:Put';
        const event = { name, origin: input.origin } as const;
        return { record: (await replaceObject(tx, record, condition, event)).record };
      },
    });
  } finally {
    // The contract: the body is consumed or destroyed in every case (a no-op once consumed).
    body.destroy();
  }
}

/**
 * Streams the body into the new blob on every target (teed, under sync replication), hashing and
 * verifying it on the way, encrypting it after the hash when sealed; resolves once at least
 * `quorum` targets hold all of it.
 */
async function storeBody(
  input: PutObjectInput,
  expectedMd5: Buffer | undefined,
  targets: readonly BlobTarget[],
  quorum: number,
  seal: Seal | undefined,
): Promise<Written<StoredBody>> {
  const storedBytes = (plain: number) => storedBytesOf(seal, plain);
  const size = input.contentLength === undefined ? {} : { size: storedBytes(input.contentLength) };
  const put = (target: BlobTarget) => (source: Readable) =>
    target.backend.put(target.blob, source, { ...size, ...signalOf(input) });
  const only = targets.length === 1 ? targets[0] : undefined;
  const identity = identityOf(input.bucket, input.key, targets[0]?.writeId ?? '');
  let salt: string | undefined;
  const hashed = await hashInto(
    input.body,
    (plain) => {
      const { stream: source, salt: written } = sealSegment(plain, seal, identity);
      salt = written;
      return only !== undefined
        ? put(only)(source).then((value): BranchOutcome<{ size: number }>[] => [
            { ok: true, value },
          ])
        : fanOut(source, targets.map(put), quorum);
    },
    { expectedLength: input.contentLength, expectedMd5, signal: input.signal },
  );
  const stored = targets.filter((target, i) => {
    const outcome = hashed.result[i];
    if (outcome?.ok !== true) return false;
    if (outcome.value.size !== storedBytes(hashed.bytes)) {
      throw new Error(
        `backend ${target.backend.name} stored ${outcome.value.size} of ${storedBytes(hashed.bytes)} bytes`,
      );
    }
    return true;
  });
  if (stored.length < quorum) {
    const failed = hashed.result.find((o) => !o.ok);
    throw failed?.ok === false ? failed.error : new Error('fewer copies stored than the quorum');
  }
  // Only now, with the body ended and verified, are the caller's checksums final.
  const checksums = input.checksums?.() ?? {};
  const encryption = seal === undefined ? undefined : sealedRecord(seal, salt);
  return {
    value: {
      size: hashed.bytes,
      etag: sealedEtag(seal?.encryption, hashed.md5, seal?.dataKey),
      checksums,
      ...(encryption === undefined ? {} : { encryption }),
    },
    size: hashed.bytes,
    stored,
  };
}

function toRecord(
  ctx: LayerContext,
  input: PutObjectInput,
  stored: StoredBody,
  targets: readonly BlobTarget[],
): ObjectRecord {
  return {
    bucket: input.bucket,
    key: input.key,
    versionId: targets[0]?.writeId ?? '',
    size: stored.size,
    etag: stored.etag,
    lastModified: ctx.now(),
    headers: { ...input.headers },
    userMetadata: { ...input.userMetadata },
    checksums: { ...stored.checksums },
    checksumType: Object.keys(stored.checksums).length > 0 ? 'FULL_OBJECT' : undefined,
    storageClass: input.storageClass ?? 'STANDARD',
    parts: [],
    copies: targets.map((t) => ({ backend: t.backend.name, blob: t.blob })),
    ...(stored.encryption === undefined ? {} : { encryption: stored.encryption }),
  };
}
