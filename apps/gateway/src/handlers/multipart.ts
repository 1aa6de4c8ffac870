import {
  CHECKSUM_ALGORITHMS,
  CHECKSUM_TYPES,
  S3Error,
  parseCompleteMultipartUpload,
  serializeCompleteMultipartUploadResult,
  serializeCopyPartResult,
  serializeInitiateMultipartUploadResult,
  type ChecksumAlgorithm,
  type ChecksumType,
} from '@strata/s3-xml';
import { MAX_PART_NUMBER } from '@strata/object-layer';
import { readConditions } from '../http/conditions.js';
import { parseCopySource, parseCopySourceRange } from '../http/copy-source.js';
import { checksumHeaders, metadataFromRequest } from '../http/object-headers.js';
import { decodedBody, readSmallBody } from '../http/request-body.js';
import { storageClass, writeConditions } from '../http/write-input.js';
import { intParam, objectOf, xml, type Handler } from './handler.js';
import { requestSignal } from '../http/request-signal.js';

/** CreateMultipartUpload: picks the backend and starts its native upload. */
export const createMultipartUpload: Handler = async (c, deps) => {
  const { bucket, key } = objectOf(c);
  const meta = metadataFromRequest(c.req.raw.headers);
  const algorithm = checksumAlgorithmHeader(c.req.header('x-amz-checksum-algorithm'));
  const type = checksumTypeHeader(c.req.header('x-amz-checksum-type'));
  const created = await deps.layer.createMultipartUpload({
    bucket,
    key,
    owner: c.get('owner'),
    headers: meta.headers,
    userMetadata: meta.userMetadata,
    storageClass: storageClass(c),
    checksumAlgorithm: algorithm,
    checksumType: type,
    signal: requestSignal(c),
  });
  if (created.checksumAlgorithm) c.header('x-amz-checksum-algorithm', created.checksumAlgorithm);
  if (created.checksumType) c.header('x-amz-checksum-type', created.checksumType);
  return xml(
    c,
    serializeInitiateMultipartUploadResult({ bucket, key, uploadId: created.uploadId }),
  );
};

function uploadIdOf(query: URLSearchParams): string {
  return query.get('uploadId') ?? '';
}

/** UploadPart: streams one part (1–10000) to the upload's backend. */
export const uploadPart: Handler = async (c, deps) => {
  const { bucket, key } = objectOf(c);
  const query = c.get('target').query;
  const partNumber = intParam(c, 'partNumber', 0, { min: 1, max: MAX_PART_NUMBER });
  const body = decodedBody(c);
  const { etag, checksums } = await deps.layer.uploadPart({
    bucket,
    key,
    uploadId: uploadIdOf(query),
    partNumber,
    body: body.stream,
    contentLength: body.contentLength,
    contentMd5: c.req.header('content-md5'),
    checksums: body.checksums,
    signal: requestSignal(c),
  });
  c.header('etag', `"${etag}"`);
  for (const [name, value] of Object.entries(checksumHeaders(checksums))) c.header(name, value);
  return c.body(null, 200);
};

/** UploadPartCopy: a part from (a range of) another object. */
export const uploadPartCopy: Handler = async (c, deps) => {
  const { bucket, key } = objectOf(c);
  const query = c.get('target').query;
  const partNumber = intParam(c, 'partNumber', 0, { min: 1, max: MAX_PART_NUMBER });
  const source = parseCopySource(c.req.header('x-amz-copy-source')!);
  const { etag, lastModified } = await deps.layer.uploadPartCopy({
    bucket,
    key,
    uploadId: uploadIdOf(query),
    partNumber,
    sourceBucket: source.bucket,
    sourceKey: source.key,
    sourceRange: parseCopySourceRange(c.req.header('x-amz-copy-source-range')),
    sourceConditions: readConditions(c.req.raw.headers, 'x-amz-copy-source-'),
    signal: requestSignal(c),
  });
  return xml(c, serializeCopyPartResult({ etag, lastModified }));
};

/** CompleteMultipartUpload: validates the part list and commits the object atomically. */
export const completeMultipartUpload: Handler = async (c, deps) => {
  const { bucket, key } = objectOf(c);
  const query = c.get('target').query;
  const body = (await readSmallBody(c, deps.maxXmlBody ?? 1 << 20)).toString('utf8');
  if (body.trim() === '') {
    throw new S3Error('MalformedXML', {
      message:
        'The XML you provided was not well-formed or did not validate against our published schema',
    });
  }
  const { parts } = parseCompleteMultipartUpload(body);
  const { record } = await deps.layer.completeMultipartUpload({
    bucket,
    key,
    uploadId: uploadIdOf(query),
    parts,
    expectedChecksums: expectedChecksums(c.req.raw.headers),
    conditions: writeConditions(c),
    signal: requestSignal(c),
  });
  const { host = 'localhost', scheme } = c.get('target');
  return xml(
    c,
    serializeCompleteMultipartUploadResult({
      location: `${scheme}://${host}/${bucket}/${encodeURIComponent(key).replace(/%2F/g, '/')}`,
      bucket,
      key,
      etag: record.etag,
      checksums: record.checksums,
      checksumType: record.checksumType as ChecksumType | undefined,
    }),
  );
};

/** AbortMultipartUpload: `NoSuchUpload` for unknown or finished uploads. */
export const abortMultipartUpload: Handler = async (c, deps) => {
  const { bucket, key } = objectOf(c);
  await deps.layer.abortMultipartUpload({
    bucket,
    key,
    uploadId: uploadIdOf(c.get('target').query),
  });
  return c.body(null, 204);
};

/** `x-amz-checksum-<alg>` headers of a Complete: the whole object's checksum the client expects. */
function expectedChecksums(headers: Headers): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const algorithm of CHECKSUM_ALGORITHMS) {
    const value = headers.get(`x-amz-checksum-${algorithm.toLowerCase()}`);
    if (value !== null) out[algorithm] = value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function checksumAlgorithmHeader(value: string | undefined): ChecksumAlgorithm | undefined {
  if (value === undefined) return undefined;
  const upper = value.toUpperCase();
  if (!(CHECKSUM_ALGORITHMS as readonly string[]).includes(upper)) {
    throw new S3Error('InvalidRequest', {
      message: `Checksum algorithm provided is unsupported. Please try again with any of the valid types: [${CHECKSUM_ALGORITHMS.join(', ')}]`,
    });
  }
  return upper as ChecksumAlgorithm;
}

function checksumTypeHeader(value: string | undefined): ChecksumType | undefined {
  if (value === undefined) return undefined;
  const upper = value.toUpperCase();
  if (!(CHECKSUM_TYPES as readonly string[]).includes(upper)) {
    throw new S3Error('InvalidRequest', {
      message: 'Value for x-amz-checksum-type header is invalid.',
    });
  }
  return upper as ChecksumType;
}

/** Checksum algorithm an upload was created with, as the XML types name it. */
export function checksumAlgorithmOf(value: string | undefined): ChecksumAlgorithm | undefined {
  return value as ChecksumAlgorithm | undefined;
}
