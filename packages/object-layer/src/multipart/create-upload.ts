import { randomBytes } from 'node:crypto';
import type { ObjectEncryption } from '@strata/metastore-core';
import type { ChecksumAlgorithm, ChecksumType } from '@strata/s3-xml';
import type { LayerContext } from '../internal/context.js';
import { blobNameFor, requireBucket } from '../internal/load.js';
import { toWriteLock } from '../internal/object-lock.js';
import { signalOf } from '../internal/signal.js';
import { assertKey, assertUserMetadata } from '../internal/validate.js';
import type { CreateMultipartUploadInput } from '../types.js';
import { createWriteId } from '../write-id.js';
import { resolveChecksumType } from './multipart-checksum.js';
import { toObjectTags } from '../tag-sets.js';
import { newSeal } from '../internal/seal.js';

/** Result of {@link createMultipartUpload}. */
export interface CreateMultipartUploadResult {
  /** Random, URL-safe, 192 bits. */
  readonly uploadId: string;
  /** The upload's checksum algorithm (echo as `x-amz-checksum-algorithm`). */
  readonly checksumAlgorithm: ChecksumAlgorithm | undefined;
  /** The resolved checksum type, defaulted from the algorithm (echo as `x-amz-checksum-type`). */
  readonly checksumType: ChecksumType | undefined;
  /** The upload's encryption, for the response's SSE headers; absent for plaintext. */
  readonly encryption?: ObjectEncryption | undefined;
}

/**
 * CreateMultipartUpload: places the upload, names its final blob with a fresh write id, starts
 * the backend-native upload and records the upload row. The row is what makes later part bytes
 * findable for cleanup (GC aborts stale uploads), so no part can be written before it exists; if
 * recording it fails, the backend upload is aborted at once. A crash between the two leaves an
 * empty backend upload whose id nobody holds: no part can reach it, and a backend sweep removes
 * it (`FsBackend.sweepUploads(olderThanMs, (id) => store.uploads.hasBackendUpload(name, id))`).
 *
 * @throws S3Error InvalidRequest (checksum algorithm and type S3 does not pair), KeyTooLongError, MetadataTooLarge, NoSuchBucket; backend and metastore errors unchanged.
 */
export async function createMultipartUpload(
  ctx: LayerContext,
  input: CreateMultipartUploadInput,
): Promise<CreateMultipartUploadResult> {
  assertKey(input.key);
  assertUserMetadata(input.userMetadata);
  const tags = toObjectTags(input.tags ?? []);
  const checksumType = resolveChecksumType(input.checksumAlgorithm, input.checksumType);
  // The data key is made now and kept wrapped: every part is encrypted with it, as its own segment.
  const bucket = await requireBucket(ctx, input.bucket);
  const lock = toWriteLock(input.lock, bucket, ctx.now());
  const seal = newSeal(ctx, input.encryption, bucket);
  // The upload lives on one backend (its native multipart); replicas are queued at Complete.
  const placement = await ctx.placer.place(ctx.policyOf(input.bucket), input);
  // No room is held for the upload: its size is unknown until Complete, and usage counts the
  // object once it is completed.
  placement.release();
  const backend = placement.members[0]!.backend;
  const now = ctx.now();
  const blob = blobNameFor(input.bucket, input.key, createWriteId(now.getTime()));
  const { uploadId: backendUploadId } = await backend.createMultipart(blob, signalOf(input));
  const uploadId = randomBytes(24).toString('base64url');
  try {
    await ctx.store.uploads.create({
      uploadId,
      bucket: input.bucket,
      key: input.key,
      owner: input.owner,
      initiatedAt: now,
      backend: backend.name,
      blob,
      backendUploadId,
      headers: { ...input.headers },
      userMetadata: { ...input.userMetadata },
      storageClass: input.storageClass ?? 'STANDARD',
      checksumAlgorithm: input.checksumAlgorithm,
      checksumType,
      ...(Object.keys(tags).length > 0 ? { tags } : {}),
      ...(seal === undefined ? {} : { encryption: seal.encryption }),
      ...(lock === undefined ? {} : { lock }),
    });
  } catch (error) {
    await backend.abortMultipart(blob, backendUploadId).catch(() => undefined);
    throw error;
  }
  return {
    uploadId,
    checksumAlgorithm: input.checksumAlgorithm,
    checksumType,
    ...(seal === undefined ? {} : { encryption: seal.encryption }),
  };
}
