import {
  assertContainer,
  childrenNamed,
  leafText,
  malformedXml,
  optionalChild,
  parseXmlDocument,
  trimXml,
  type XmlElement,
} from './internal/parse-xml-document.js';
import { S3Error } from './s3-error.js';
import { CHECKSUM_ALGORITHMS, type Checksums } from './types.js';

/** Highest part number S3 allows, and so the most parts one upload can have. */
export const MAX_PART_NUMBER = 10_000;

/** One part named in a CompleteMultipartUpload request. */
export interface CompletedPart {
  partNumber: number;
  /** The ETag without surrounding quotes (clients send it either way). */
  etag: string;
  /** Checksums the client sent for the part (`ChecksumCRC32` → `CRC32`, …). */
  checksums: Checksums;
}

/** A parsed CompleteMultipartUpload request body. */
export interface CompleteMultipartUploadRequest {
  /** In document order; checking the order (`InvalidPartOrder`) is the caller's job. */
  parts: CompletedPart[];
}

function requiredLeaf(parent: XmlElement, name: string): string {
  const el = optionalChild(parent, name);
  if (el === undefined) throw malformedXml(`<${parent.name}> without <${name}>`);
  return trimXml(leafText(el));
}

function parsePartNumber(text: string): number {
  // Digits only: no sign, exponent, hex or fraction that Number() would accept.
  if (!/^[0-9]{1,12}$/.test(text)) throw malformedXml('<PartNumber> is not an integer');
  const partNumber = Number(text);
  if (partNumber < 1 || partNumber > MAX_PART_NUMBER) {
    throw new S3Error('InvalidArgument', {
      message: 'Part number must be an integer between 1 and 10000, inclusive',
      extra: { ArgumentName: 'partNumber', ArgumentValue: text },
    });
  }
  return partNumber;
}

function parsePart(part: XmlElement): CompletedPart {
  assertContainer(part);
  const partNumber = parsePartNumber(requiredLeaf(part, 'PartNumber'));
  const quoted = requiredLeaf(part, 'ETag');
  const etag =
    quoted.length >= 2 && quoted.startsWith('"') && quoted.endsWith('"')
      ? quoted.slice(1, -1)
      : quoted;
  if (etag === '') throw malformedXml('empty <ETag>');
  const checksums: Checksums = {};
  for (const algorithm of CHECKSUM_ALGORITHMS) {
    const el = optionalChild(part, `Checksum${algorithm}`);
    const value = el === undefined ? '' : trimXml(leafText(el));
    if (value !== '') checksums[algorithm] = value;
  }
  return { partNumber, etag, checksums };
}

/**
 * Parses a CompleteMultipartUpload body
 * (`<CompleteMultipartUpload><Part><PartNumber/><ETag/><ChecksumCRC32/>?…</Part>+</…>`).
 *
 * @param xml The body, already read by the caller under a size cap.
 * @throws S3Error `MalformedXML` for malformed XML, a DOCTYPE, a wrong root, no `<Part>` or more
 *   than {@link MAX_PART_NUMBER}, a part without one `<PartNumber>` of digits or one non-empty
 *   `<ETag>`; `InvalidArgument` for a part number outside 1..10000.
 * @example
 * ```ts
 * parseCompleteMultipartUpload(
 *   '<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>"a1"</ETag></Part></CompleteMultipartUpload>',
 * ); // { parts: [{ partNumber: 1, etag: 'a1', checksums: {} }] }
 * ```
 */
export function parseCompleteMultipartUpload(xml: string): CompleteMultipartUploadRequest {
  const root = parseXmlDocument(xml, 'CompleteMultipartUpload');
  assertContainer(root);
  const parts = childrenNamed(root, 'Part');
  if (parts.length === 0) throw malformedXml('no <Part>');
  if (parts.length > MAX_PART_NUMBER) throw malformedXml('too many <Part> elements');
  return { parts: parts.map(parsePart) };
}
