import { parseTagging, serializePostResponse } from '@strata/s3-xml';
import { parsePostObject, postRedirectLocation } from '@strata/sigv4-verify';
import { ANONYMOUS_SCOPE } from '../auth/access-control.js';
import { checkAclHeaders } from '../http/acl-headers.js';
import { OBJECT_LOCK_HEADERS, writeLockOf } from '../http/object-lock.js';
import { writeHeaderActions } from '../http/write-header-actions.js';
import { openRequestBody, rawBody } from '../http/open-request-body.js';
import { requestSignal } from '../http/request-signal.js';
import { encryptionContextOf, encryptionOf } from '../http/server-side-encryption.js';
import { setEncryptionHeaders } from './internal/encryption.js';
import { setExpirationHeader } from './internal/expiration.js';
import { setVersionIdHeader } from './internal/version-id.js';
import { bucketOf, type Handler } from './internal/handler.js';
import { originOf } from './internal/origin.js';

/**
 * POST Object: a browser form upload authenticated by its signed policy, or an anonymous one
 * (no policy, no signature) that only a bucket policy granting the anonymous principal lets in.
 * The form fields are read and the policy verified before a byte of the file is; the file then
 * streams into the object layer with the policy's `content-length-range` enforced on the way.
 */
export const postObject: Handler = async (c, deps) => {
  const bucket = bucketOf(c);
  const body = openRequestBody(c);
  const upload = await parsePostObject(rawBody(c), {
    verifier: deps.verifier,
    bucket,
    contentType: c.req.header('content-type'),
    // A form with no policy and no signature is the anonymous principal's: let in only where
    // the bucket's policy grants it (and its public access block allows that), as on S3.
    allowAnonymous: true,
  });
  const scope =
    upload.auth === undefined ? ANONYMOUS_SCOPE : deps.access.scopeOf(upload.auth.accessKeyId);
  c.set('scope', scope);
  const asHeaders = formHeaders(upload.fields);
  // The permission of PostObject's row in OPERATIONS (a handler does not import the table),
  // and those its tagging and Object Lock fields ask for, as for a PutObject's headers.
  await c.get('authorize')(
    ['s3:PutObject', ...writeHeaderActions(asHeaders, true)].map((action) => ({
      action,
      bucket,
      key: upload.key,
    })),
    'POST',
  );
  // The form's Object Lock fields, read as PutObject reads its headers: a lock asked for is
  // applied (or refused), never dropped. A form has no Content-MD5 to require.
  const lock = writeLockOf(asHeaders, false);
  // The form's `acl` field, checked as the aclHeaders middleware checks `x-amz-acl`.
  const access = await deps.access.bucketAccess(bucket);
  checkAclHeaders((name) => upload.fields.get(name === 'x-amz-acl' ? 'acl' : name), {
    ownership: access?.ownership,
    publicAccessBlock: access?.publicAccessBlock,
    resource: 'object',
  });
  // The form's encryption fields, checked as the serverSideEncryption middleware checks headers.
  const encryption = encryptionOf(
    (name) => upload.fields.get(name),
    encryptionContextOf(c.get('target').scheme, deps),
  );
  // The form's `tagging` field is a whole <Tagging> document, not the header's query form.
  const tagging = upload.fields.get('tagging');
  const { record } = await deps.layer.putObject({
    bucket,
    key: upload.key,
    tags: tagging === undefined ? undefined : parseTagging(tagging),
    body: body.own(upload.file),
    headers: upload.headers,
    userMetadata: upload.userMetadata,
    storageClass: upload.storageClass,
    lock,
    checksums: () => upload.checksums(),
    encryption,
    viaForm: true,
    origin: originOf(c),
    signal: requestSignal(c),
  });
  setEncryptionHeaders(c, record.encryption);
  setVersionIdHeader(c, record);
  setExpirationHeader(c, deps, record);
  const { host = 'localhost', scheme } = c.get('target');
  const location = `${scheme}://${host}/${bucket}/${encodeURIComponent(upload.key)}`;
  c.header('etag', `"${record.etag}"`);
  c.header('location', location);
  const redirect = upload.successActionRedirect
    ? postRedirectLocation(upload.successActionRedirect, {
        bucket,
        key: upload.key,
        etag: `"${record.etag}"`,
      })
    : undefined;
  if (redirect) return c.redirect(redirect, 303);
  if (upload.successActionStatus === 201) {
    c.header('content-type', 'application/xml');
    return c.body(
      serializePostResponse({ location, bucket, key: upload.key, etag: record.etag }),
      201,
    );
  }
  return c.body(null, upload.successActionStatus);
};

/**
 * The form fields a PutObject would send as headers and that the checks above read: the
 * `tagging` field as `x-amz-tagging` (its value is a document, only its presence counts here)
 * and the Object Lock fields under their header names.
 */
function formHeaders(fields: ReadonlyMap<string, string>): Headers {
  const headers = new Headers();
  const tagging = fields.get('tagging');
  if (tagging !== undefined) headers.set('x-amz-tagging', tagging);
  for (const name of OBJECT_LOCK_HEADERS) {
    const value = fields.get(name);
    if (value !== undefined) headers.set(name, value);
  }
  return headers;
}
