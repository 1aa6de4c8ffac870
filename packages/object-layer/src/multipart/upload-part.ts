import type { LayerContext } from '../internal/context.js';
import { hashInto } from '../internal/hash-into.js';
import { signalOf } from '../internal/signal.js';
import { assertPartNumber, assertPutSize, decodeContentMd5 } from '../internal/validate.js';
import type { UploadPartInput } from '../types.js';
import { mapBackendUploadError } from './backend-upload-errors.js';
import { loadActiveUpload } from './load-upload.js';
import { assertPartChecksum } from './multipart-checksum.js';
import { recordPart } from './record-part.js';

/** Result of {@link uploadPart}. */
export interface UploadPartResult {
  /** Unquoted hex MD5 of the part. */
  readonly etag: string;
  readonly checksums: Readonly<Record<string, string>>;
}

/**
 * UploadPart: streams the part into the upload's backend-native multipart upload, hashing it on
 * the way, then records it. Re-uploading a part number replaces it.
 *
 * @throws S3Error InvalidArgument (part number), EntityTooLarge, InvalidDigest, NoSuchUpload,
 *   InvalidRequest (the upload's checksum algorithm missing from the part),
 *   NoSuchBucket, IncompleteBody, BadDigest; backend and metastore errors unchanged.
 */
export async function uploadPart(
  ctx: LayerContext,
  input: UploadPartInput,
): Promise<UploadPartResult> {
  const { body } = input;
  try {
    assertPartNumber(input.partNumber);
    assertPutSize(input.contentLength);
    const expectedMd5 = decodeContentMd5(input.contentMd5);
    const upload = await loadActiveUpload(ctx.store, input);
    const backend = ctx.backend(upload.backend);
    const size = input.contentLength === undefined ? {} : { size: input.contentLength };
    const hashed = await hashInto(
      body,
      (source) =>
        backend.uploadPart(upload.blob, upload.backendUploadId, input.partNumber, source, {
          ...size,
          ...signalOf(input),
        }),
      { expectedLength: input.contentLength, expectedMd5, signal: input.signal },
    );
    if (hashed.result.size !== hashed.bytes) {
      throw new Error(
        `backend ${backend.name} stored ${hashed.result.size} of ${hashed.bytes} bytes`,
      );
    }
    const etag = hashed.md5.toString('hex');
    const checksums = input.checksums?.() ?? {};
    assertPartChecksum(upload.checksumAlgorithm, checksums);
    await recordPart(ctx, upload, {
      partNumber: input.partNumber,
      size: hashed.bytes,
      etag,
      token: hashed.result.token,
      lastModified: ctx.now(),
      checksums,
    });
    return { etag, checksums };
  } catch (error) {
    throw mapBackendUploadError(error, input.uploadId);
  } finally {
    body.destroy();
  }
}
