import type { ObjectEncryption } from '@strata/metastore-core';
import type { LayerContext } from '../internal/context.js';
import { dataKeyFor } from '../internal/seal.js';
import { assertPartNumber, assertPutSize, decodeContentMd5 } from '../internal/validate.js';
import type { UploadPartInput } from '../types.js';
import { mapBackendUploadError } from './backend-upload-errors.js';
import { loadActiveUpload } from './load-upload.js';
import { assertPartChecksum } from './multipart-checksum.js';
import { recordPart } from './record-part.js';
import { storePart } from './store-part.js';

/** Result of {@link uploadPart}. */
export interface UploadPartResult {
  /** Unquoted: hex MD5 of the part (an opaque digest for SSE-C and SSE-KMS uploads). */
  readonly etag: string;
  readonly checksums: Readonly<Record<string, string>>;
  /** The upload's encryption, for the response's SSE headers; absent for plaintext. */
  readonly encryption?: ObjectEncryption | undefined;
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
    const part = await storePart(ctx, upload, input.partNumber, body, {
      expectedLength: input.contentLength,
      expectedMd5,
      dataKey: dataKeyFor(ctx, upload.encryption, input.customerKey),
      signal: input.signal,
    });
    const checksums = input.checksums?.() ?? {};
    assertPartChecksum(upload.checksumAlgorithm, checksums);
    await recordPart(ctx, upload, {
      partNumber: input.partNumber,
      ...part,
      lastModified: ctx.now(),
      checksums,
    });
    return {
      etag: part.etag,
      checksums,
      ...(upload.encryption === undefined ? {} : { encryption: upload.encryption }),
    };
  } catch (error) {
    throw mapBackendUploadError(error, input.uploadId);
  } finally {
    body.destroy();
  }
}
