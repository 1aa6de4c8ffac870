import { setTimeout as sleep } from 'node:timers/promises';
import type { MultipartUploadRow, ObjectRecord, UploadPart } from '@strata/metastore-core';
import { assertWriteConditions, toObjectCondition } from '../conditions.js';
import { isDefinitelyRolledBack, mapCommitError, replaceObject } from '../internal/commit.js';
import type { LayerContext } from '../internal/context.js';
import { isS3Error } from '@strata/s3-xml';
import { MAX_OBJECT_SIZE } from '../internal/limits.js';
import { writeIdOfBlob } from '../internal/load.js';
import { entityTooLarge, noSuchUpload } from '../internal/s3-errors.js';
import { signalOf } from '../internal/signal.js';
import type { CompleteMultipartUploadInput, PutObjectResult } from '../types.js';
import { mapBackendUploadError } from './backend-upload-errors.js';
import { loadUploadRow } from './load-upload.js';
import { multipartEtag } from './multipart-etag.js';
import {
  assertExpectedChecksum,
  objectChecksum,
  verifyListedChecksums,
} from './multipart-checksum.js';
import { selectParts } from './select-parts.js';
import { storedSize } from '../internal/sealed-streams.js';
import { planVersionReplicas } from '../internal/replicas.js';

/**
 * CompleteMultipartUpload: validates the part list, checks write conditions early, has the
 * backend assemble the blob, then in ONE transaction makes it the current version (atomic
 * If-None-Match / If-Match), marks the upload completed and queues the displaced version's blobs.
 * A retried Complete of a completed upload answers the same record while it is still current.
 *
 * With a checksum algorithm on the upload, the listed per-part checksums are checked against the
 * stored ones and the object gets its COMPOSITE or FULL_OBJECT checksum (see
 * `multipart-checksum.ts`), all before the backend assembles anything.
 *
 * @throws S3Error MalformedXML, InvalidPartOrder, InvalidPart, EntityTooSmall, EntityTooLarge,
 *   InvalidRequest (part checksums missing), BadDigest (expected object checksum),
 *   NoSuchUpload, NoSuchBucket, PreconditionFailed, NoSuchKey, ConditionalRequestConflict;
 *   backend and metastore errors unchanged.
 */
export async function completeMultipartUpload(
  ctx: LayerContext,
  input: CompleteMultipartUploadInput,
): Promise<PutObjectResult> {
  const row = await loadUploadRow(ctx.store, input);
  if (row.state === 'completed') return retriedComplete(ctx, row);
  const parts = selectParts(row.uploadId, input.parts, await ctx.store.uploads.parts(row.uploadId));
  verifyListedChecksums(row, input.parts, parts);
  const checksums = objectChecksum(row, parts);
  assertExpectedChecksum(input.expectedChecksums, checksums);
  const size = parts.reduce((sum, part) => sum + part.size, 0);
  if (size > MAX_OBJECT_SIZE) throw entityTooLarge(size, MAX_OBJECT_SIZE);
  const current = input.conditions
    ? await ctx.store.objects.get(input.bucket, input.key)
    : undefined;
  assertWriteConditions(current, input.conditions, input);
  const condition = toObjectCondition(input.conditions, current);

  // The blob is not deleted when this fails: a concurrent Complete of the same upload may have
  // assembled and committed it. The upload stays active for a retry, Abort, or GC.
  try {
    await ctx
      .backend(row.backend)
      .completeMultipart(row.blob, row.backendUploadId, parts.map(toBackendPart), signalOf(input));
  } catch (error) {
    // The backend upload is gone: aborted, or completed by a concurrent Complete of the same
    // upload (an SDK retry racing its original), which the backend never lets replace the blob
    // it published, or completed by an earlier attempt of this Complete whose commit failed.
    // Only in the last case is there nobody else to answer: the blob is there, whole, and this
    // request commits it (the transaction below settles a race with a concurrent winner).
    if (codeOf(error) !== 'ENOUPLOAD') throw mapBackendUploadError(error, row.uploadId);
    if (!(await isAssembled(ctx, row, parts, input.signal))) {
      return answerAsWinner(ctx, row, input.signal);
    }
  }

  const record = toRecord(ctx, row, parts, { size, checksums });
  // The upload was written to one backend; the bucket's other copies are queued with the commit.
  const replicas = await planVersionReplicas(ctx, ctx.policyOf(row.bucket), {
    bucket: record.bucket,
    key: record.key,
    versionId: record.versionId,
    size,
    holders: [row.backend],
  });
  let committed = record;
  try {
    const retried = await ctx.store.transaction(async (tx) => {
      const fresh = await tx.uploads.get(row.uploadId);
      if (fresh?.state === 'completed') return fresh;
      if (!fresh) throw noSuchUpload(row.uploadId);
      // First, so that of two commits of one upload the second waits on the row's lock and
      // then fails here (EMETA_NOT_FOUND: no longer active) before touching the object.
      await tx.uploads.markCompleted(row.uploadId, {
        etag: record.etag,
        versionId: record.versionId,
      });
      committed = (
        await replaceObject(tx, record, condition, {
          name: 's3:ObjectCreated:CompleteMultipartUpload',
          origin: input.origin,
        })
      ).record;
      await replicas.enqueue(tx);
      return undefined;
    });
    // A concurrent Complete of the same upload won the race: answer what it answered.
    if (retried) return await retriedComplete(ctx, retried);
  } catch (error) {
    // A concurrent commit of the same upload got there first: its answer is ours.
    if (codeOf(error) === 'EMETA_NOT_FOUND') return answerAsWinner(ctx, row, input.signal);
    // Only a lost conditional race retires the upload (S3: "re-initiate the multipart upload");
    // other failures leave it active so that the client can retry the Complete.
    if (condition && isDefinitelyRolledBack(error) && !isS3Error(error))
      await retireUpload(ctx, row);
    throw mapCommitError(error, condition, input);
  }
  ctx.placer.committed(row.backend, size);
  return { record: committed };
}

/** An encrypted upload's part salt; a part without one was never encrypted: a fault, not data. */
function saltOf(row: MultipartUploadRow, part: UploadPart): string {
  if (part.salt === undefined) {
    throw new Error(`part ${part.partNumber} of encrypted upload ${row.uploadId} has no salt`);
  }
  return part.salt;
}

function toBackendPart(part: UploadPart): { partNumber: number; token: string } {
  return { partNumber: part.partNumber, token: part.token };
}

function toRecord(
  ctx: LayerContext,
  row: MultipartUploadRow,
  parts: readonly UploadPart[],
  { size, checksums }: { size: number; checksums: Record<string, string> },
): ObjectRecord {
  return {
    bucket: row.bucket,
    key: row.key,
    // The blob was named at Create with this write id; the version is that write.
    versionId: writeIdOfBlob(row.blob),
    size,
    etag: multipartEtag(parts.map((part) => part.etag)),
    lastModified: ctx.now(),
    headers: { ...row.headers },
    userMetadata: { ...row.userMetadata },
    checksums,
    checksumType: row.checksumType,
    storageClass: row.storageClass,
    parts: parts.map((part) => ({
      partNumber: part.partNumber,
      size: part.size,
      etag: part.etag,
      // Kept for GetObjectAttributes ObjectParts (S3 lists parts with their checksums).
      ...(Object.keys(part.checksums).length > 0 ? { checksums: { ...part.checksums } } : {}),
    })),
    copies: [{ backend: row.backend, blob: row.blob }],
    ...(row.tags === undefined ? {} : { tags: { ...row.tags } }),
    ...(row.lock === undefined ? {} : { lock: row.lock }),
    ...(row.encryption === undefined
      ? {}
      : { encryption: { ...row.encryption, salts: parts.map((part) => saltOf(row, part)) } }),
  };
}

async function retriedComplete(
  ctx: LayerContext,
  row: MultipartUploadRow,
): Promise<PutObjectResult> {
  const record = await ctx.store.objects.get(row.bucket, row.key);
  if (record && record.versionId === row.completedVersionId) return { record };
  throw noSuchUpload(row.uploadId);
}

/**
 * The commit was refused (a condition lost a race) after the backend consumed the parts into the
 * blob: the upload cannot be completed any more, so it is retired (row removed, blob and backend
 * upload handed to the cleanup queue, whose worker deletes the blob only if no committed row
 * references it). Best effort.
 */
async function retireUpload(ctx: LayerContext, row: MultipartUploadRow): Promise<void> {
  try {
    await ctx.store.uploads.retire(row.uploadId, 'complete-failed');
  } catch {
    // The upload stays active; multipart GC retires it later.
  }
}

/** How long a Complete that lost the backend race waits for the winner's commit to show. */
const WINNER_COMMIT_WAIT_MS = 5_000;

/**
 * Answers a Complete whose backend upload vanished: when the row shows the upload completed (for
 * this bucket and key) the answer is the winner's record; while it is still active, the winner
 * may be between publishing the blob and committing, so the row is polled briefly. An upload
 * that is gone, or still active after the wait, is NoSuchUpload.
 */
async function answerAsWinner(
  ctx: LayerContext,
  row: MultipartUploadRow,
  signal: AbortSignal | undefined,
): Promise<PutObjectResult> {
  const deadline = Date.now() + WINNER_COMMIT_WAIT_MS;
  for (let delay = 10; ; delay = Math.min(delay * 2, 250)) {
    const fresh = await ctx.store.uploads.get(row.uploadId);
    if (fresh?.state === 'completed' && fresh.bucket === row.bucket && fresh.key === row.key) {
      return retriedComplete(ctx, fresh);
    }
    if (fresh?.state !== 'active' || Date.now() >= deadline) throw noSuchUpload(row.uploadId);
    await sleep(delay, undefined, signal ? { signal } : undefined);
  }
}

/**
 * True when the backend already holds the upload's blob at the size the listed parts add up to:
 * an earlier attempt of this Complete assembled it and then failed to commit. (Retries send the
 * same part list. Two concurrent Completes of one upload listing different parts of the same
 * total size would pass this check with the other's bytes; only the upload's own client can do
 * that, to its own object, and the first commit still wins.)
 */
async function isAssembled(
  ctx: LayerContext,
  row: MultipartUploadRow,
  parts: readonly UploadPart[],
  signal: AbortSignal | undefined,
): Promise<boolean> {
  const plain = parts.reduce((sum, part) => sum + part.size, 0);
  const size = storedSize({ size: plain, parts, encryption: row.encryption });
  const info = await ctx
    .backend(row.backend)
    .head(row.blob, signal ? { signal } : undefined)
    .catch(() => undefined);
  return info?.size === size;
}

function codeOf(error: unknown): unknown {
  return typeof error === 'object' && error !== null
    ? (error as { code?: unknown }).code
    : undefined;
}
