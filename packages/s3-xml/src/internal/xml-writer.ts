import { escapeXml } from '../escape-xml.js';
import { CHECKSUM_ALGORITHMS, type Checksums, type Owner } from '../types.js';

/** The S3 2006-03-01 namespace, set on the root of every response except `<Error>`. */
export const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';
/** The declaration S3 starts every XML body with. */
export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** A whole response document: declaration, namespaced root, body (already XML). */
export function xmlDocument(root: string, body: string): string {
  return `${XML_DECLARATION}<${root} xmlns="${S3_NAMESPACE}">${body}</${root}>`;
}

/** `<name>escaped text</name>`; an empty string still yields the element, as S3 writes it. */
export function element(name: string, text: string | number | boolean): string {
  return `<${name}>${escapeXml(String(text))}</${name}>`;
}

/** {@link element}, or nothing when `text` is undefined. */
export function optionalElement(name: string, text: string | number | boolean | undefined): string {
  return text === undefined ? '' : element(name, text);
}

/** A timestamp as S3 writes it: ISO 8601 UTC with milliseconds. */
export function timestamp(date: Date): string {
  return date.toISOString();
}

/** An ETag element: the caller's unquoted value in quotes, escaped (`&quot;…&quot;`). */
export function etagElement(etag: string): string {
  return element('ETag', `"${etag}"`);
}

/** `<Owner>`-shaped content (ID, optional DisplayName) under the given element name. */
export function ownerElement(name: string, owner: Owner): string {
  return `<${name}>${element('ID', owner.id)}${optionalElement('DisplayName', owner.displayName)}</${name}>`;
}

/** `ChecksumCRC32`, `ChecksumSHA256`… elements for the checksums present, in a fixed order. */
export function checksumElements(checksums: Checksums | undefined): string {
  if (checksums === undefined) return '';
  let out = '';
  for (const algorithm of CHECKSUM_ALGORITHMS) {
    out += optionalElement(`Checksum${algorithm}`, checksums[algorithm]);
  }
  return out;
}
