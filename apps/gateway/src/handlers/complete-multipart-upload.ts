import {
  S3Error,
  parseCompleteMultipartUpload,
  serializeCompleteMultipartUploadResult,
  type ChecksumType,
} from '@strata/s3-xml';
import { requestSignal } from '../http/request-signal.js';
import { writeConditions } from '../http/write-input.js';
import { expectedChecksums } from './internal/checksum-headers.js';
import { setEncryptionHeaders } from './internal/encryption.js';
import { setExpirationHeader } from './internal/expiration.js';
import { setVersionIdHeader } from './internal/version-id.js';
import { objectOf, xml, type Handler } from './internal/handler.js';
import { uploadIdOf } from './internal/query-params.js';
import { readXmlBody } from './internal/xml-body.js';
import { originOf } from './internal/origin.js';

/** CompleteMultipartUpload: validates the part list and commits the object atomically. */
export const completeMultipartUpload: Handler = async (c, deps) => {
  const { bucket, key } = objectOf(c);
  const body = (await readXmlBody(c, deps)).toString('utf8');
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
    uploadId: uploadIdOf(c),
    parts,
    expectedChecksums: expectedChecksums(c.req.raw.headers),
    conditions: writeConditions(c),
    origin: originOf(c),
    signal: requestSignal(c),
  });
  setEncryptionHeaders(c, record.encryption);
  setVersionIdHeader(c, record);
  setExpirationHeader(c, deps, record);
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
