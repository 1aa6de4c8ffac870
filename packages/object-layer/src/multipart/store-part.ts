import type { Readable } from 'node:stream';
import type { MultipartUploadRow } from '@strata/metastore-core';
import type { LayerContext } from '../internal/context.js';
import { hashInto } from '../internal/hash-into.js';
import { writeIdOfBlob } from '../internal/load.js';
import { sealedEtag } from '../internal/seal.js';
import { identityOf, sealSegment, storedBytesOf } from '../internal/sealed-streams.js';
import { signalOf } from '../internal/signal.js';

/** What {@link storePart} stored. */
export interface StoredPart {
  /** Plaintext bytes of the part. */
  readonly size: number;
  /** Unquoted: the MD5 of the part's bytes, or an opaque digest for SSE-C and SSE-KMS. */
  readonly etag: string;
  /** The backend's part token. */
  readonly token: string;
  /** The base64 salt of the part's encrypted segment; absent for a plaintext upload. */
  readonly salt?: string | undefined;
}

/** Options of {@link storePart}. */
export interface StorePartOptions {
  /** The part's declared plaintext length; a body that ends short fails with IncompleteBody. */
  readonly expectedLength?: number | undefined;
  readonly expectedMd5?: Buffer | undefined;
  /** The upload's data key, when it is encrypted (from `dataKeyFor`). */
  readonly dataKey: Buffer | undefined;
  readonly signal?: AbortSignal | undefined;
}

/**
 * Streams one part into the upload's backend-native multipart upload, hashing it as sent and,
 * for an encrypted upload, storing it as its own segment (its part number and the version the
 * upload makes bound into every chunk), then checks the backend stored every byte. UploadPart
 * and UploadPartCopy share it; the caller records the part.
 *
 * The body is consumed or destroyed in every case.
 */
export async function storePart(
  ctx: LayerContext,
  upload: MultipartUploadRow,
  partNumber: number,
  body: Readable,
  options: StorePartOptions,
): Promise<StoredPart> {
  const backend = ctx.backend(upload.backend);
  const encryption = upload.encryption;
  if (encryption !== undefined && options.dataKey === undefined) {
    // A caller bug, never a plaintext part in an encrypted upload.
    throw new TypeError(`upload ${upload.uploadId} is encrypted: its data key is required`);
  }
  const seal =
    encryption === undefined || options.dataKey === undefined
      ? undefined
      : { dataKey: options.dataKey, encryption };
  const storedBytes = (plain: number) => storedBytesOf(seal, plain);
  const { expectedLength } = options;
  const size = expectedLength === undefined ? {} : { size: storedBytes(expectedLength) };
  const identity = identityOf(upload.bucket, upload.key, writeIdOfBlob(upload.blob));
  let salt: string | undefined;
  const hashed = await hashInto(
    body,
    (plain) => {
      const { stream: source, salt: written } = sealSegment(plain, seal, identity, partNumber);
      salt = written;
      return backend.uploadPart(upload.blob, upload.backendUploadId, partNumber, source, {
        ...size,
        ...signalOf(options),
      });
    },
    { expectedLength, expectedMd5: options.expectedMd5, signal: options.signal },
  );
  if (hashed.result.size !== storedBytes(hashed.bytes)) {
    throw new Error(
      `backend ${backend.name} stored ${hashed.result.size} of ${storedBytes(hashed.bytes)} bytes`,
    );
  }
  return {
    size: hashed.bytes,
    etag: sealedEtag(seal?.encryption, hashed.md5, seal?.dataKey),
    token: hashed.result.token,
    ...(salt === undefined ? {} : { salt }),
  };
}
