import {
  NULL_VERSION_ID,
  s3VersionIdOf,
  type DeleteMarker,
  type ObjectRecord,
  type ObjectVersion,
} from '@strata/metastore-core';
import { S3Error } from '@strata/s3-xml';
import type { LayerContext } from './context.js';
import { noSuchKey } from './s3-errors.js';

/** A write id as `createWriteId` makes it: 26 Crockford base32 characters. */
const WRITE_ID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/**
 * 400 InvalidArgument for a `versionId` that cannot name a version: neither `null` nor a write
 * id. AWS answers this before it looks the key up, so a typo never reads as "no such version".
 */
export function invalidVersionId(versionId: string): S3Error {
  return new S3Error('InvalidArgument', {
    message: 'Invalid version id specified',
    extra: { ArgumentName: 'versionId', ArgumentValue: versionId },
  });
}

/** @throws S3Error InvalidArgument unless `versionId` is `null` or a write id. */
export function assertVersionId(versionId: string): void {
  if (versionId !== NULL_VERSION_ID && !WRITE_ID.test(versionId)) {
    throw invalidVersionId(versionId);
  }
}

/** 404 NoSuchVersion for a well-formed id that names no version of the key. */
export function noSuchVersion(key: string, versionId: string): S3Error {
  return new S3Error('NoSuchVersion', {
    message: 'The specified version does not exist.',
    extra: { Key: key, VersionId: versionId },
  });
}

/** The headers S3 sends with an answer about a delete marker. */
function markerHeaders(marker: DeleteMarker): Record<string, string> {
  return { 'x-amz-delete-marker': 'true', 'x-amz-version-id': s3VersionIdOf(marker) };
}

/**
 * 404 NoSuchKey for a key whose latest version is a delete marker: S3 adds
 * `x-amz-delete-marker: true` and the marker's version id, so a client can tell "deleted" from
 * "never written".
 */
export function deletedKey(marker: DeleteMarker): S3Error {
  return noSuchKey(marker.bucket, marker.key, markerHeaders(marker));
}

/**
 * 405 MethodNotAllowed for a read of a delete marker by its version id: a marker has no bytes
 * and no metadata, only DELETE applies to it (`Allow: DELETE`).
 */
export function markerNotReadable(marker: DeleteMarker, method: string): S3Error {
  return new S3Error('MethodNotAllowed', {
    message: 'The specified method is not allowed against this resource.',
    extra: { Method: method, ResourceType: 'DeleteMarker' },
    headers: {
      ...markerHeaders(marker),
      allow: 'DELETE',
      'last-modified': marker.lastModified.toUTCString(),
    },
  });
}

/** Who reads a version: a GET or HEAD (the method a delete marker's 405 names), or a copy. */
export type VersionReader = 'GET' | 'HEAD' | 'COPY';

/**
 * The object version `versionId` of a key, for a read (GET, HEAD, a copy source, attributes,
 * tagging). A delete marker is 405 MethodNotAllowed naming the reader's method, or for a copy
 * source 400 InvalidRequest, as S3 answers a copy from one.
 *
 * @throws S3Error NoSuchVersion, MethodNotAllowed or InvalidRequest (a delete marker); the caller
 *   has checked the id's shape ({@link assertVersionId}) and the bucket.
 */
export async function loadVersion(
  ctx: LayerContext,
  bucket: string,
  key: string,
  versionId: string,
  reader: VersionReader = 'GET',
): Promise<ObjectRecord> {
  const version: ObjectVersion | undefined = await ctx.store.versions.get(bucket, key, versionId);
  if (version === undefined) throw noSuchVersion(key, versionId);
  if (version.kind === 'marker') {
    if (reader === 'COPY') {
      throw new S3Error('InvalidRequest', {
        message:
          'The source of a copy request may not specifically refer to a delete marker by version id.',
      });
    }
    throw markerNotReadable(version.marker, reader);
  }
  return version.record;
}
