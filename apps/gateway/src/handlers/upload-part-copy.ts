import { MAX_PART_NUMBER } from '@strata/object-layer';
import { serializeCopyPartResult } from '@strata/s3-xml';
import { readConditions } from '../http/conditions.js';
import { parseCopySource, parseCopySourceRange } from '../http/copy-source.js';
import { requestSignal } from '../http/request-signal.js';
import { setEncryptionHeaders, sseOf } from './internal/encryption.js';
import { objectOf, xml, type Handler } from './internal/handler.js';
import { setCopySourceVersionId } from './internal/version-id.js';
import { intParam, uploadIdOf } from './internal/query-params.js';

/** UploadPartCopy: a part from (a range of) another object. */
export const uploadPartCopy: Handler = async (c, deps) => {
  const { bucket, key } = objectOf(c);
  const partNumber = intParam(c, 'partNumber', 0, { min: 1, max: MAX_PART_NUMBER });
  const source = parseCopySource(c.req.header('x-amz-copy-source')!);
  const { etag, lastModified, encryption, sourceVersionId } = await deps.layer.uploadPartCopy({
    bucket,
    key,
    uploadId: uploadIdOf(c),
    partNumber,
    sourceBucket: source.bucket,
    sourceKey: source.key,
    sourceVersionId: source.versionId,
    sourceRange: parseCopySourceRange(c.req.header('x-amz-copy-source-range')),
    sourceConditions: readConditions(c.req.raw.headers, 'x-amz-copy-source-'),
    customerKey: sseOf(c).customerKey,
    sourceCustomerKey: sseOf(c).sourceCustomerKey,
    signal: requestSignal(c),
  });
  setEncryptionHeaders(c, encryption);
  setCopySourceVersionId(c, source.versionId, sourceVersionId);
  return xml(c, serializeCopyPartResult({ etag, lastModified }));
};
