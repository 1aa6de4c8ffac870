import { assertReadConditions } from './conditions.js';
import type { LayerContext } from './internal/context.js';
import { loadObject } from './internal/load.js';
import { openCurrent } from './internal/open-current.js';
import { openRecord } from './internal/open-record.js';
import { resolvePart } from './internal/part-range.js';
import { invalidRequest } from './internal/s3-errors.js';
import { assertPartNumber } from './internal/validate.js';
import { resolveRange } from './range.js';
import { customerDataKey, dataKeyFor } from './internal/seal.js';
import type { GetObjectInput, GetObjectOutput, HeadObjectOutput } from './types.js';

/**
 * HeadObject: the metadata of the current version (or of `versionId`) after read
 * preconditions, with the resolved Range or part selection.
 *
 * @throws S3Error NoSuchBucket, NoSuchKey, NoSuchVersion, MethodNotAllowed (a delete marker's
 *   id), InvalidArgument (a malformed version id), PreconditionFailed, NotModified, InvalidRange,
 *   InvalidPartNumber, InvalidArgument (part number), InvalidRequest (Range with partNumber, or
 *   an SSE-C key missing or not applicable), AccessDenied (a wrong SSE-C key).
 */
export async function headObject(
  ctx: LayerContext,
  input: GetObjectInput,
): Promise<HeadObjectOutput> {
  const record = await loadObject(ctx, input.bucket, input.key, { versionId: input.versionId });
  // S3 checks the customer key of an SSE-C object (and refuses one for any other) first.
  customerDataKey(record.encryption, input.customerKey);
  assertReadConditions(record, input.conditions);
  if (input.partNumber !== undefined) {
    if (input.range)
      throw invalidRequest('Cannot specify both Range header and partNumber query parameter');
    assertPartNumber(input.partNumber);
    const { range, partsCount } = resolvePart(record, input.partNumber);
    return { record, range, partsCount };
  }
  if (input.range) return { record, range: resolveRange(input.range, record.size) };
  return { record };
}

/**
 * GetObject: {@link headObject}, then the body from the first copy whose backend answers.
 * The caller must consume or destroy `body`.
 *
 * A blob missing on every copy (a concurrent overwrite or delete cleaned it up between reading
 * the row and opening the blob) is retried once against the current row, answering NoSuchKey
 * if the key is gone ({@link openCurrent}), rather than failing as a backend error. A copy
 * missing while another copy serves the read is re-replicated ({@link openRecord}).
 *
 * @throws as {@link headObject}; ObjectDataLostError when every copy of the current version is
 *   missing on its backend; the last backend error when a copy could not be reached.
 */
export async function getObject(
  ctx: LayerContext,
  input: GetObjectInput,
): Promise<GetObjectOutput> {
  const { source, opened } = await openCurrent({
    resolve: () => headObject(ctx, input),
    open: (head) =>
      openRecord(ctx, head.record, head.range, input.signal, {
        dataKey: dataKeyFor(ctx, head.record.encryption, input.customerKey),
        cache: true,
      }),
  });
  return { ...source, body: opened };
}
