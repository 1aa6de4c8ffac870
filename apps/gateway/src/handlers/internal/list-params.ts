import type { Context } from 'hono';
import type { ListedObject } from '@strata/s3-xml';
import type { ObjectRecord } from '@strata/metastore-core';
import type { GatewayEnv } from '../../env.js';
import { bucketOf } from './handler.js';
import { ownerOf } from './owner.js';
import { encodingTypeParam, intParam } from './query-params.js';

/** The query of a ListObjects or ListObjectsV2 request, as both versions read it. */
export interface ListParams {
  readonly bucket: string;
  readonly prefix: string | undefined;
  readonly delimiter: string | undefined;
  readonly maxKeys: number;
  readonly encodingType: 'url' | undefined;
}

/** Reads {@link ListParams}; max-keys over 1000 is capped, as S3 does. */
export function listParams(c: Context<GatewayEnv>): ListParams {
  return {
    bucket: bucketOf(c),
    prefix: c.get('target').query.get('prefix') || undefined,
    delimiter: c.get('target').query.get('delimiter') || undefined,
    // S3 caps max-keys at 1000 rather than refusing larger values.
    maxKeys: intParam(c, 'max-keys', 1000, { min: 0, max: 1000, clampMax: true }),
    encodingType: encodingTypeParam(c),
  };
}

/** Objects of a listing page as the XML lists them; `owner` only when asked for. */
export function listed(
  records: readonly ObjectRecord[],
  owner: string | undefined,
): ListedObject[] {
  return records.map((r) => listedObject(r, owner));
}

/** One object as a listing's XML lists it; `owner` only when asked for. */
export function listedObject(r: ObjectRecord, owner: string | undefined): ListedObject {
  return {
    key: r.key,
    lastModified: r.lastModified,
    etag: r.etag,
    size: r.size,
    storageClass: r.storageClass,
    owner: owner === undefined ? undefined : ownerOf(owner),
  };
}
