import { checksumHeaders, metadataFromRequest } from '../http/object-headers.js';
import { writeLockOf } from '../http/object-lock.js';
import { TAGGING_HEADER, tagsFromHeader } from '../http/object-tagging.js';
import { decodedBody } from '../http/open-request-body.js';
import { storageClass, writeConditions } from '../http/write-input.js';
import { setEncryptionHeaders, sseOf } from './internal/encryption.js';
import { setExpirationHeader } from './internal/expiration.js';
import { setVersionIdHeader } from './internal/version-id.js';
import { objectOf, type Handler } from './internal/handler.js';
import { requestSignal } from '../http/request-signal.js';
import { originOf } from './internal/origin.js';

/** PutObject: streams the body to a fresh blob and commits it atomically. */
export const putObject: Handler = async (c, deps) => {
  const { bucket, key } = objectOf(c);
  const conditions = writeConditions(c);
  const meta = metadataFromRequest(c.req.raw.headers);
  const klass = storageClass(c);
  // Header checks that can fail come before the body is opened.
  const lock = writeLockOf(c.req.raw.headers, true);
  const body = decodedBody(c);
  const { record } = await deps.layer.putObject({
    bucket,
    key,
    body: body.stream,
    contentLength: body.contentLength,
    contentMd5: c.req.header('content-md5'),
    checksums: body.checksums,
    headers: meta.headers,
    userMetadata: meta.userMetadata,
    storageClass: klass,
    tags: tagsFromHeader(c.req.header(TAGGING_HEADER)),
    lock,
    conditions,
    encryption: sseOf(c).write,
    origin: originOf(c),
    signal: requestSignal(c),
  });
  c.header('etag', `"${record.etag}"`);
  setEncryptionHeaders(c, record.encryption);
  setVersionIdHeader(c, record);
  setExpirationHeader(c, deps, record);
  for (const [name, value] of Object.entries(
    checksumHeaders(record.checksums, record.checksumType),
  )) {
    c.header(name, value);
  }
  return c.body(null, 200);
};
