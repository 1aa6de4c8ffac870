import { serializeInitiateMultipartUploadResult } from '@strata/s3-xml';
import { metadataFromRequest } from '../http/object-headers.js';
import { writeLockOf } from '../http/object-lock.js';
import { TAGGING_HEADER, tagsFromHeader } from '../http/object-tagging.js';
import { requestSignal } from '../http/request-signal.js';
import { storageClass } from '../http/write-input.js';
import { checksumAlgorithmHeader, checksumTypeHeader } from './internal/checksum-headers.js';
import { setEncryptionHeaders, sseOf } from './internal/encryption.js';
import { setAbortHeaders } from './internal/expiration.js';
import { objectOf, xml, type Handler } from './internal/handler.js';

/**
 * CreateMultipartUpload: picks the backend and starts its native upload; `x-amz-abort-date` when
 * a lifecycle rule will abort it.
 */
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
    tags: tagsFromHeader(c.req.header(TAGGING_HEADER)),
    lock: writeLockOf(c.req.raw.headers, false),
    checksumAlgorithm: algorithm,
    checksumType: type,
    encryption: sseOf(c).write,
    signal: requestSignal(c),
  });
  setEncryptionHeaders(c, created.encryption);
  setAbortHeaders(c, deps, key, new Date());
  if (created.checksumAlgorithm) c.header('x-amz-checksum-algorithm', created.checksumAlgorithm);
  if (created.checksumType) c.header('x-amz-checksum-type', created.checksumType);
  return xml(
    c,
    serializeInitiateMultipartUploadResult({ bucket, key, uploadId: created.uploadId }),
  );
};
