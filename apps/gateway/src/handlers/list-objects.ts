import type { Context } from 'hono';
import {
  S3Error,
  serializeListObjectsV1,
  serializeListObjectsV2,
  type ListedObject,
} from '@strata/s3-xml';
import type { ObjectRecord } from '@strata/metastore-core';
import type { GatewayEnv } from '../env.js';
import { bucketOf, encodingTypeParam, intParam, xml, type Handler } from './handler.js';

interface ListParams {
  readonly bucket: string;
  readonly prefix: string | undefined;
  readonly delimiter: string | undefined;
  readonly maxKeys: number;
  readonly encodingType: 'url' | undefined;
}

function listParams(c: Context<GatewayEnv>): ListParams {
  return {
    bucket: bucketOf(c),
    prefix: c.get('target').query.get('prefix') || undefined,
    delimiter: c.get('target').query.get('delimiter') || undefined,
    // S3 caps max-keys at 1000 rather than refusing larger values.
    maxKeys: intParam(c, 'max-keys', 1000, { min: 0, max: 1000, clampMax: true }),
    encodingType: encodingTypeParam(c),
  };
}

function listed(records: readonly ObjectRecord[], owner: string | undefined): ListedObject[] {
  return records.map((r) => ({
    key: r.key,
    lastModified: r.lastModified,
    etag: r.etag,
    size: r.size,
    storageClass: r.storageClass,
    owner: owner === undefined ? undefined : { id: owner, displayName: 'strata' },
  }));
}

/** ListObjects (v1): marker paging; NextMarker only for delimited, truncated pages. */
export const listObjects: Handler = async (c, deps) => {
  const p = listParams(c);
  const marker = c.get('target').query.get('marker') || undefined;
  const page = await deps.layer.listObjects(p.bucket, {
    prefix: p.prefix,
    delimiter: p.delimiter,
    startAfter: marker,
    maxKeys: p.maxKeys,
  });
  return xml(
    c,
    serializeListObjectsV1({
      name: p.bucket,
      prefix: p.prefix,
      marker,
      maxKeys: p.maxKeys,
      delimiter: p.delimiter,
      isTruncated: page.isTruncated,
      nextMarker: page.lastReturned,
      contents: listed(page.objects, c.get('owner')),
      commonPrefixes: page.commonPrefixes,
      encodingType: p.encodingType,
    }),
  );
};

/** ListObjectsV2: opaque continuation tokens, start-after, fetch-owner. */
export const listObjectsV2: Handler = async (c, deps) => {
  const p = listParams(c);
  const q = c.get('target').query;
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
