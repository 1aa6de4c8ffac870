import { S3Error, serializeListObjectsV2 } from '@strata/s3-xml';
import { xml, type Handler } from './internal/handler.js';
import { listParams, listed } from './internal/list-params.js';

/** ListObjectsV2: opaque continuation tokens, start-after, fetch-owner. */
export const listObjectsV2: Handler = async (c, deps) => {
  const p = listParams(c);
  const q = c.get('target').query;
  // An empty `continuation-token=` is a token S3 did not issue (400 InvalidArgument, as AWS
  // answers), not the absence of one: `??`, not `||`.
  const token = q.get('continuation-token') ?? undefined;
  const startAfter = q.get('start-after') || undefined;
  const resumeAfter = token === undefined ? startAfter : decodeToken(token);
  const page = await deps.layer.listObjects(p.bucket, {
    prefix: p.prefix,
    delimiter: p.delimiter,
    startAfter: resumeAfter,
    maxKeys: p.maxKeys,
  });
  return xml(
    c,
    serializeListObjectsV2({
      name: p.bucket,
      prefix: p.prefix,
      maxKeys: p.maxKeys,
      delimiter: p.delimiter,
      isTruncated: page.isTruncated,
      continuationToken: token,
      nextContinuationToken:
        page.isTruncated && page.lastReturned !== undefined
          ? encodeToken(page.lastReturned)
          : undefined,
      startAfter,
      contents: listed(page.objects, q.get('fetch-owner') === 'true' ? c.get('owner') : undefined),
      commonPrefixes: page.commonPrefixes,
      encodingType: p.encodingType,
    }),
  );
};

const TOKEN_PREFIX = 'v1:';

/** Continuation tokens are opaque to clients: a versioned, base64url-wrapped resume key. */
function encodeToken(lastKey: string): string {
  return Buffer.from(TOKEN_PREFIX + lastKey, 'utf8').toString('base64url');
}

function decodeToken(token: string): string {
  const text = Buffer.from(token, 'base64url').toString('utf8');
  if (!text.startsWith(TOKEN_PREFIX) || encodeToken(text.slice(TOKEN_PREFIX.length)) !== token) {
    throw new S3Error('InvalidArgument', {
      message: 'The continuation token provided is incorrect',
      extra: { ArgumentName: 'continuation-token' },
    });
  }
  return text.slice(TOKEN_PREFIX.length);
}
