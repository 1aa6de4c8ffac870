import type { ChecksumAlgorithm, ChecksumType, EncodingType, Owner } from '../types.js';
import { s3UrlEncode } from './s3-url-encode.js';
import { element, etagElement, optionalElement, ownerElement, timestamp } from './xml-writer.js';

/** One object of a ListObjects / ListObjectsV2 page. */
export interface ListedObject {
  key: string;
  lastModified: Date;
  /** Unquoted ETag. */
  etag: string;
  size: number;
  /** Defaults to `STANDARD`. */
  storageClass?: string;
  /** Written only when given (V1 always passes it; V2 only with `fetch-owner=true`). */
  owner?: Owner;
  checksumAlgorithm?: ChecksumAlgorithm;
  checksumType?: ChecksumType;
}

/** Returns a function that encodes a key-like value when `encoding-type=url` was asked for. */
export function keyEncoder(encodingType: EncodingType | undefined): (value: string) => string {
  return encodingType === 'url' ? s3UrlEncode : (value) => value;
}

/**
 * One entry of a ListObjectVersions page: an object version or a delete marker. A version
 * carries what a {@link ListedObject} does; a delete marker has no ETag, size or storage class.
 */
export type ListedVersion =
  | (ListedObject & {
      kind: 'version';
      /** The string `null` for a version written while versioning was off or suspended. */
      versionId: string;
      isLatest: boolean;
    })
  | {
      kind: 'deleteMarker';
      key: string;
      versionId: string;
      isLatest: boolean;
      lastModified: Date;
      owner?: Owner;
    };

/** `<ChecksumAlgorithm>` and `<ChecksumType>` of a listed object, each when known. */
function checksumSummaryElements(o: ListedObject): string {
  return (
    optionalElement('ChecksumAlgorithm', o.checksumAlgorithm) +
    optionalElement('ChecksumType', o.checksumType)
  );
}

/** `<Contents>` elements, in the element order S3 writes them. */
export function contentsElements(
  objects: readonly ListedObject[],
  encode: (value: string) => string,
): string {
  let out = '';
  for (const o of objects) {
    out +=
      '<Contents>' +
      element('Key', encode(o.key)) +
      element('LastModified', timestamp(o.lastModified)) +
      etagElement(o.etag) +
      checksumSummaryElements(o) +
      element('Size', o.size) +
      (o.owner === undefined ? '' : ownerElement('Owner', o.owner)) +
      element('StorageClass', o.storageClass ?? 'STANDARD') +
      '</Contents>';
  }
  return out;
}

/**
 * `<Version>` and `<DeleteMarker>` elements in the order given: S3 lists the versions and delete
 * markers of one key together, newest first, so the two kinds interleave. Element order follows
 * the ListObjectVersions examples (StorageClass before Owner, unlike `<Contents>`); checksum
 * elements sit after the ETag as in `<Contents>`.
 */
export function versionEntriesElements(
  entries: readonly ListedVersion[],
  encode: (value: string) => string,
): string {
  let out = '';
  for (const v of entries) {
    const head =
      element('Key', encode(v.key)) +
      element('VersionId', v.versionId) +
      element('IsLatest', v.isLatest) +
      element('LastModified', timestamp(v.lastModified));
    const owner = v.owner === undefined ? '' : ownerElement('Owner', v.owner);
    out +=
      v.kind === 'deleteMarker'
        ? `<DeleteMarker>${head}${owner}</DeleteMarker>`
        : '<Version>' +
          head +
          etagElement(v.etag) +
          checksumSummaryElements(v) +
          element('Size', v.size) +
          element('StorageClass', v.storageClass ?? 'STANDARD') +
          owner +
          '</Version>';
  }
  return out;
}

/** `<CommonPrefixes><Prefix>…</Prefix></CommonPrefixes>` for each prefix. */
export function commonPrefixesElements(
  prefixes: readonly string[],
  encode: (value: string) => string,
): string {
  let out = '';
  for (const p of prefixes)
    out += `<CommonPrefixes>${element('Prefix', encode(p))}</CommonPrefixes>`;
  return out;
}

/** {@link optionalElement} of an encoded value, or nothing when `value` is undefined. */
export function optionalEncodedElement(
  name: string,
  value: string | undefined,
  encode: (value: string) => string,
): string {
  return value === undefined ? '' : element(name, encode(value));
}
