import type { ObjectRecord } from '@strata/metastore-core';
import {
  CHECKSUM_ALGORITHMS,
  type Checksums,
  type ChecksumType,
  type GetObjectAttributesResult,
  type ObjectAttributesParts,
} from '@strata/s3-xml';
import type { LayerContext } from './internal/context.js';
import { MAX_PAGE } from './internal/limits.js';
import { loadObject } from './internal/load.js';
import { customerDataKey } from './internal/seal.js';
import type { GetObjectAttributesInput } from './types.js';

/** Result of {@link getObjectAttributes}: the row (for headers) and the reply body. */
export interface GetObjectAttributesOutput {
  /** The current version: `Last-Modified` and `x-amz-version-id` come from it. */
  readonly record: ObjectRecord;
  /** Ready for s3-xml `serializeGetObjectAttributes`. */
  readonly attributes: GetObjectAttributesResult;
}

/**
 * GetObjectAttributes: the requested attributes of the current version (or of `versionId`),
 * without its body.
 *
 * @throws S3Error NoSuchBucket, NoSuchKey, NoSuchVersion, MethodNotAllowed, InvalidArgument.
 */
export async function getObjectAttributes(
  ctx: LayerContext,
  input: GetObjectAttributesInput,
): Promise<GetObjectAttributesOutput> {
  const record = await loadObject(ctx, input.bucket, input.key, { versionId: input.versionId });
  // As GetObject: an SSE-C object's attributes need its key, a key for any other is refused.
  customerDataKey(record.encryption, input.customerKey);
  return { record, attributes: toObjectAttributes(record, input) };
}

/**
 * The GetObjectAttributes reply for a record, as S3 builds it: `ETag` unquoted; `Checksum` only
 * when the object has checksums; `ObjectParts` only for multipart objects, listing parts (after
 * `partNumberMarker`, at most `maxParts` ≤ 1000) only when they carry checksums (S3 lists none
 * otherwise) but always with `PartsCount`.
 */
export function toObjectAttributes(
  record: ObjectRecord,
  input: Pick<GetObjectAttributesInput, 'attributes' | 'maxParts' | 'partNumberMarker'>,
): GetObjectAttributesResult {
  const want = new Set(input.attributes);
  const checksums = knownChecksums(record.checksums);
  return {
    ...(want.has('ETag') ? { etag: record.etag } : {}),
    ...(want.has('Checksum') && Object.keys(checksums).length > 0
      ? {
          checksum: {
            checksums,
            ...(record.checksumType ? { type: record.checksumType as ChecksumType } : {}),
          },
        }
      : {}),
    ...(want.has('ObjectParts') && record.parts.length > 0
      ? { objectParts: partsPage(record, input) }
      : {}),
    ...(want.has('StorageClass') ? { storageClass: record.storageClass } : {}),
    ...(want.has('ObjectSize') ? { objectSize: record.size } : {}),
  };
}

function partsPage(
  record: ObjectRecord,
  input: Pick<GetObjectAttributesInput, 'maxParts' | 'partNumberMarker'>,
): ObjectAttributesParts {
  const marker = Math.max(0, Math.floor(input.partNumberMarker ?? 0));
  const maxParts = Math.max(0, Math.min(MAX_PAGE, Math.floor(input.maxParts ?? MAX_PAGE)));
  const withChecksums = record.parts.some((p) => Object.keys(p.checksums ?? {}).length > 0);
  const after = record.parts.filter((p) => p.partNumber > marker);
  const page = after.slice(0, maxParts);
  const isTruncated = after.length > page.length;
  return {
    totalPartsCount: record.parts.length,
    partNumberMarker: marker,
    ...(isTruncated && page.length > 0 ? { nextPartNumberMarker: page.at(-1)!.partNumber } : {}),
    maxParts,
    isTruncated,
    parts: withChecksums
      ? page.map((p) => ({
          partNumber: p.partNumber,
          size: p.size,
          checksums: knownChecksums(p.checksums ?? {}),
        }))
      : [],
  };
}

function knownChecksums(values: Readonly<Record<string, string>>): Checksums {
  const out: Checksums = {};
  for (const algorithm of CHECKSUM_ALGORITHMS) {
    const value = values[algorithm];
    if (value !== undefined) out[algorithm] = value;
  }
  return out;
}
