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
      optionalElement('ChecksumAlgorithm', o.checksumAlgorithm) +
      optionalElement('ChecksumType', o.checksumType) +
      element('Size', o.size) +
      (o.owner === undefined ? '' : ownerElement('Owner', o.owner)) +
      element('StorageClass', o.storageClass ?? 'STANDARD') +
      '</Contents>';
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
