import type {
  Bucket,
  MetaTx,
  MultipartUpload,
  ObjectOwnership,
  PublicAccessBlock,
} from '@strata/metastore-core';
import { S3Error } from '@strata/s3-xml';
import { DEFAULT_PUBLIC_ACCESS_BLOCK } from './bucket-access.js';
import { assertValidBucketName } from './bucket-name.js';
import type { LayerContext } from './internal/context.js';
import { MAX_PAGE } from './internal/limits.js';
import { requireBucket } from './internal/load.js';
import { noSuchBucket } from './internal/s3-errors.js';

/** Input of {@link createBucket}. */
export interface CreateBucketInput {
  readonly name: string;
  /** Owner (tenant) id. */
  readonly owner: string;
  /** Defaults to the layer's region. */
  readonly region?: string | undefined;
  /**
   * `x-amz-bucket-object-lock-enabled: true`: Object Lock on from the start, which turns
   * versioning on for good.
   */
  readonly objectLockEnabled?: boolean | undefined;
  /**
   * The bucket's public access block; default {@link DEFAULT_PUBLIC_ACCESS_BLOCK} (all on, as
   * AWS creates buckets), `null` for none.
   */
  readonly publicAccessBlock?: PublicAccessBlock | null | undefined;
  /**
   * `x-amz-object-ownership`; default `BucketOwnerEnforced` (ACLs disabled), as AWS creates
   * buckets since April 2023.
   */
  readonly objectOwnership?: ObjectOwnership | undefined;
}

/**
 * CreateBucket.
 *
 * @throws S3Error InvalidBucketName, BucketAlreadyOwnedByYou (same owner), BucketAlreadyExists.
 */
export async function createBucket(ctx: LayerContext, input: CreateBucketInput): Promise<Bucket> {
  assertValidBucketName(input.name);
  const bucket: Bucket = {
    name: input.name,
    owner: input.owner,
    region: input.region ?? ctx.region,
    createdAt: ctx.now(),
    versioning: input.objectLockEnabled === true ? 'Enabled' : 'Unversioned',
    ...(input.objectLockEnabled === true ? { objectLock: {} } : {}),
    ...(input.publicAccessBlock === null
      ? {}
      : { publicAccessBlock: input.publicAccessBlock ?? DEFAULT_PUBLIC_ACCESS_BLOCK }),
    ownership: input.objectOwnership ?? 'BucketOwnerEnforced',
  };
  if (await ctx.store.buckets.create(bucket)) return bucket;
  const existing = await ctx.store.buckets.get(input.name);
  if (existing?.owner === input.owner) {
    throw new S3Error('BucketAlreadyOwnedByYou', {
      message: 'Your previous request to create the named bucket succeeded and you already own it.',
      extra: { BucketName: input.name },
    });
  }
  throw new S3Error('BucketAlreadyExists', {
    message:
      'The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.',
    extra: { BucketName: input.name },
  });
}

/** GetBucket (HeadBucket). @throws S3Error NoSuchBucket */
export function getBucket(ctx: LayerContext, name: string): Promise<Bucket> {
  return requireBucket(ctx, name);
}

/** ListBuckets: an owner's buckets, sorted by name. */
export function listBuckets(ctx: LayerContext, owner: string): Promise<Bucket[]> {
  return ctx.store.buckets.list(owner);
}

async function activeUploads(tx: MetaTx, bucket: string): Promise<MultipartUpload[]> {
  const uploads: MultipartUpload[] = [];
  let keyMarker: string | undefined;
  let uploadIdMarker: string | undefined;
  for (;;) {
    const page = await tx.uploads.list(bucket, {
      maxUploads: MAX_PAGE,
      ...(keyMarker === undefined ? {} : { keyMarker }),
      ...(uploadIdMarker === undefined ? {} : { uploadIdMarker }),
    });
    uploads.push(...page.uploads);
    const last = page.uploads.at(-1);
    if (!page.isTruncated || !last) return uploads;
    keyMarker = page.nextKeyMarker ?? last.key;
    uploadIdMarker = page.nextUploadIdMarker ?? last.uploadId;
  }
}

/**
 * DeleteBucket. Like S3 for general purpose buckets, only objects block the deletion; multipart
 * uploads still in progress are aborted with it (their rows removed and their backend uploads
 * queued for cleanup in the same transaction, then aborted right away, best effort).
 *
 * @throws S3Error NoSuchBucket, BucketNotEmpty.
 */
export async function deleteBucket(ctx: LayerContext, name: string): Promise<void> {
  const aborted = await ctx.store.transaction(async (tx) => {
    if (!(await tx.buckets.get(name))) throw noSuchBucket(name);
    if (await tx.objects.hasAny(name)) {
      throw new S3Error('BucketNotEmpty', {
        message: 'The bucket you tried to delete is not empty',
        extra: { BucketName: name },
      });
    }
    const uploads = await activeUploads(tx, name);
    for (const upload of uploads) await tx.uploads.retire(upload.uploadId, 'bucket-deleted');
    await tx.buckets.delete(name);
    return uploads;
  });
  await Promise.allSettled(
    aborted.map(async (upload) =>
      ctx.backend(upload.backend).abortMultipart(upload.blob, upload.backendUploadId),
    ),
  );
}
