import type { ByteRange } from '@strata/backend-pool';
import { s3VersionIdOf, type ObjectEncryption, type ObjectRecord } from '@strata/metastore-core';
import { assertCopySourceConditions } from '../conditions.js';
import type { LayerContext } from '../internal/context.js';
import { MAX_PUT_SIZE } from '../internal/limits.js';
import { loadObject } from '../internal/load.js';
import { openCurrent } from '../internal/open-current.js';
import { openRecord } from '../internal/open-record.js';
import { invalidArgument, invalidRequest } from '../internal/s3-errors.js';
import { customerDataKey, dataKeyFor } from '../internal/seal.js';
import { assertPartNumber } from '../internal/validate.js';
import type { UploadPartCopyInput } from '../types.js';
import { mapBackendUploadError } from './backend-upload-errors.js';
import { loadActiveUpload } from './load-upload.js';
import { recordPart } from './record-part.js';
import { storePart } from './store-part.js';

/** Result of {@link uploadPartCopy}. */
export interface UploadPartCopyResult {
  /** Unquoted: hex MD5 of the part (an opaque digest for SSE-C and SSE-KMS uploads). */
  readonly etag: string;
  readonly lastModified: Date;
  /** The upload's encryption, for the response's SSE headers; absent for plaintext. */
  readonly encryption?: ObjectEncryption | undefined;
  /** The S3 version id of the source version copied (`x-amz-copy-source-version-id`). */
  readonly sourceVersionId: string;
}

/**
 * The source bytes to copy. Unlike GET, S3 does not clamp a copy range: one that does not fit
 * in the source is InvalidArgument ("Range specified is not valid for source object of size: N").
 */
function sourceRangeOf(
  source: ObjectRecord,
  range: UploadPartCopyInput['sourceRange'],
): ByteRange | undefined {
  if (!range) return undefined;
  const { start, end } = range;
  const fits =
    Number.isInteger(start) &&
    Number.isInteger(end) &&
    start >= 0 &&
    start <= end &&
    end < source.size;
  if (!fits) {
    throw invalidArgument(
      `Range specified is not valid for source object of size: ${source.size}`,
      'x-amz-copy-source-range',
      `bytes=${start}-${end}`,
    );
  }
  return { start, end };
}

/** The copy source's current version, checked, and the bytes of it to copy. */
async function loadPartSource(
  ctx: LayerContext,
  input: UploadPartCopyInput,
): Promise<{ record: ObjectRecord; range: ByteRange | undefined; length: number }> {
  const record = await loadObject(ctx, input.sourceBucket, input.sourceKey, {
    versionId: input.sourceVersionId,
    reader: 'COPY',
  });
  customerDataKey(record.encryption, input.sourceCustomerKey);
  assertCopySourceConditions(record, input.sourceConditions);
  const range = sourceRangeOf(record, input.sourceRange);
  const length = range ? range.end - range.start + 1 : record.size;
  if (length > MAX_PUT_SIZE) {
    throw invalidRequest(
      `The specified copy source is larger than the maximum allowable size for a copy source: ${MAX_PUT_SIZE}`,
    );
  }
  return { record, range, length };
}

/**
 * UploadPartCopy: streams a byte range of a source object's current version through the gateway
 * into one part of the upload, hashing it, then records the part.
 *
 * @throws S3Error InvalidArgument (part number, range), NoSuchUpload, NoSuchBucket, NoSuchKey,
 *   PreconditionFailed, InvalidRequest (more than 5 GiB); backend and metastore errors unchanged.
 */
export async function uploadPartCopy(
  ctx: LayerContext,
  input: UploadPartCopyInput,
): Promise<UploadPartCopyResult> {
  assertPartNumber(input.partNumber);
  const upload = await loadActiveUpload(ctx.store, input);
  const dataKey = dataKeyFor(ctx, upload.encryption, input.customerKey);
  // A source replaced or deleted while this starts is re-read: the part copies the new version,
  // or the answer is NoSuchKey.
  const { source, opened: body } = await openCurrent({
    resolve: () => loadPartSource(ctx, input),
    open: ({ record, range }) =>
      openRecord(ctx, record, range, input.signal, {
        dataKey: dataKeyFor(ctx, record.encryption, input.sourceCustomerKey),
      }),
  });
  const { length } = source;
  const part = await storePart(ctx, upload, input.partNumber, body, {
    expectedLength: length,
    dataKey,
    signal: input.signal,
  }).catch((error: unknown) => {
    throw mapBackendUploadError(error, input.uploadId);
  });
  if (part.size !== length) {
    throw new Error(
      `part copy from ${input.sourceBucket}/${input.sourceKey} moved ${part.size} of ${length} bytes`,
    );
  }
  const lastModified = ctx.now();
  await recordPart(ctx, upload, {
    partNumber: input.partNumber,
    ...part,
    lastModified,
    checksums: {},
  });
  return {
    etag: part.etag,
    lastModified,
    sourceVersionId: s3VersionIdOf(source.record),
    ...(upload.encryption === undefined ? {} : { encryption: upload.encryption }),
  };
}
