import type { ObjectVersion } from '@strata/metastore-core';
import { s3VersionIdOf } from '@strata/metastore-core';
import { serializeListObjectVersions, type ListedVersion } from '@strata/s3-xml';
import { xml, type Handler } from './internal/handler.js';
import { listParams, listedObject } from './internal/list-params.js';
import { ownerOf } from './internal/owner.js';

/**
 * ListObjectVersions (`?versions`): every version and delete marker, keys in byte order and each
 * key's versions newest first, paged by `key-marker` + `version-id-marker`. Owners are always
 * listed, as S3 lists them here.
 */
export const listObjectVersions: Handler = async (c, deps) => {
  const p = listParams(c);
  const query = c.get('target').query;
  const keyMarker = query.get('key-marker') || undefined;
  const versionIdMarker = query.get('version-id-marker') || undefined;
  const page = await deps.layer.listObjectVersions(p.bucket, {
    prefix: p.prefix,
    delimiter: p.delimiter,
    keyMarker,
    versionIdMarker,
    maxKeys: p.maxKeys,
  });
  const owner = c.get('owner');
  return xml(
    c,
    serializeListObjectVersions({
      name: p.bucket,
      prefix: p.prefix,
      keyMarker,
      versionIdMarker,
      maxKeys: p.maxKeys,
      delimiter: p.delimiter,
      isTruncated: page.isTruncated,
      nextKeyMarker: page.nextKeyMarker,
      nextVersionIdMarker: page.nextVersionIdMarker,
      entries: page.versions.map((v) => toListed(v, owner)),
      commonPrefixes: page.commonPrefixes,
      encodingType: p.encodingType,
    }),
  );
};

function toListed(version: ObjectVersion, owner: string | undefined): ListedVersion {
  if (version.kind === 'marker') {
    const { marker } = version;
    return {
      kind: 'deleteMarker',
      key: marker.key,
      versionId: s3VersionIdOf(marker),
      isLatest: version.isLatest,
      lastModified: marker.lastModified,
      owner: ownerOf(marker.owner),
    };
  }
  return {
    ...listedObject(version.record, owner),
    kind: 'version',
    versionId: s3VersionIdOf(version.record),
    isLatest: version.isLatest,
  };
}
