import { MAX_PART_NUMBER } from '@strata/object-layer';
import { checksumHeaders } from '../http/object-headers.js';
import { decodedBody } from '../http/open-request-body.js';
import { requestSignal } from '../http/request-signal.js';
import { setEncryptionHeaders, sseOf } from './internal/encryption.js';
import { objectOf, type Handler } from './internal/handler.js';
import { intParam, uploadIdOf } from './internal/query-params.js';

/** UploadPart: streams one part (1–10000) to the upload's backend. */
export const uploadPart: Handler = async (c, deps) => {
  const { bucket, key } = objectOf(c);
  const partNumber = intParam(c, 'partNumber', 0, { min: 1, max: MAX_PART_NUMBER });
  const body = decodedBody(c);
  const { etag, checksums, encryption } = await deps.layer.uploadPart({
    bucket,
    key,
    uploadId: uploadIdOf(c),
    partNumber,
    body: body.stream,
    contentLength: body.contentLength,
    contentMd5: c.req.header('content-md5'),
    checksums: body.checksums,
    customerKey: sseOf(c).customerKey,
    signal: requestSignal(c),
  });
  c.header('etag', `"${etag}"`);
  setEncryptionHeaders(c, encryption);
  for (const [name, value] of Object.entries(checksumHeaders(checksums))) c.header(name, value);
  return c.body(null, 200);
};
