import type { Context } from 'hono';
import { S3Error, serializeCopyObjectResult } from '@strata/s3-xml';
import type { GatewayEnv } from '../env.js';
import { writeLockOf } from '../http/object-lock.js';
import { TAGGING_HEADER, tagsFromHeader } from '../http/object-tagging.js';
import { readConditions } from '../http/conditions.js';
import { parseCopySource } from '../http/copy-source.js';
import { metadataFromRequest } from '../http/object-headers.js';
import { storageClass, writeConditions } from '../http/write-input.js';
import { setEncryptionHeaders, sseOf } from './internal/encryption.js';
import { setExpirationHeader } from './internal/expiration.js';
import { setCopySourceVersionId, setVersionIdHeader } from './internal/version-id.js';
import { objectOf, xml, type Handler } from './internal/handler.js';
import { requestSignal } from '../http/request-signal.js';
import { originOf } from './internal/origin.js';

/** `x-amz-metadata-directive` / `x-amz-tagging-directive`: COPY (the default) or REPLACE. */
function directiveOf(
  c: Context<GatewayEnv>,
  header: string,
  what: 'metadata' | 'tagging',
): 'COPY' | 'REPLACE' {
  const directive = c.req.header(header) ?? 'COPY';
  if (directive !== 'COPY' && directive !== 'REPLACE') {
    throw new S3Error('InvalidArgument', {
      message: `Unknown ${what} directive.`,
      extra: { ArgumentName: header, ArgumentValue: directive },
    });
  }
  return directive;
}

/**
 * CopyObject: COPY or REPLACE metadata and tags, `x-amz-copy-source-if-*`, copy onto itself.
 */
export const copyObject: Handler = async (c, deps) => {
  const { bucket, key } = objectOf(c);
  const source = parseCopySource(c.req.header('x-amz-copy-source')!);
  const directive = directiveOf(c, 'x-amz-metadata-directive', 'metadata');
  const taggingDirective = directiveOf(c, 'x-amz-tagging-directive', 'tagging');
  const meta = metadataFromRequest(c.req.raw.headers);
  const { record, sourceVersionId } = await deps.layer.copyObject({
    sourceBucket: source.bucket,
    sourceKey: source.key,
    sourceVersionId: source.versionId,
    bucket,
    key,
    metadataDirective: directive,
    taggingDirective,
    tags: tagsFromHeader(c.req.header(TAGGING_HEADER)),
    lock: writeLockOf(c.req.raw.headers, false),
    headers: meta.headers,
    userMetadata: meta.userMetadata,
    storageClass: c.req.header('x-amz-storage-class') === undefined ? undefined : storageClass(c),
    sourceConditions: readConditions(c.req.raw.headers, 'x-amz-copy-source-'),
    conditions: writeConditions(c),
    encryption: sseOf(c).write,
    sourceCustomerKey: sseOf(c).sourceCustomerKey,
    origin: originOf(c),
    signal: requestSignal(c),
  });
  setEncryptionHeaders(c, record.encryption);
  setVersionIdHeader(c, record);
  setExpirationHeader(c, deps, record);
  setCopySourceVersionId(c, source.versionId, sourceVersionId);
  return xml(
    c,
    serializeCopyObjectResult({
      etag: record.etag,
      lastModified: record.lastModified,
      checksums: record.checksums,
    }),
  );
};
