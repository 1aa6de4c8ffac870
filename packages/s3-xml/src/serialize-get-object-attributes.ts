import { S3Error } from './s3-error.js';
import { checksumElements, element, optionalElement, xmlDocument } from './internal/xml-writer.js';
import type { Checksums, ChecksumType } from './types.js';

/** The attributes GetObjectAttributes can return (`x-amz-object-attributes`), in response order. */
export const OBJECT_ATTRIBUTES = [
  'ETag',
  'Checksum',
  'ObjectParts',
  'StorageClass',
  'ObjectSize',
] as const;

/** One of {@link OBJECT_ATTRIBUTES}. */
export type ObjectAttribute = (typeof OBJECT_ATTRIBUTES)[number];

/**
 * Parses the `x-amz-object-attributes` header: comma-separated names (repeated headers joined
 * with `,` too), matched exactly as S3 does, duplicates ignored.
 *
 * @throws S3Error `InvalidArgument` "Invalid attribute name specified." for an unknown name, and
 *   `InvalidArgument` when the header is missing or empty (S3 requires at least one attribute).
 */
export function parseObjectAttributes(header: string | undefined): ObjectAttribute[] {
  const names = (header ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (names.length === 0) {
    throw new S3Error('InvalidArgument', {
      message: 'Empty attribute specified.',
      extra: { ArgumentName: 'x-amz-object-attributes', ArgumentValue: header ?? '' },
    });
  }
  const out = new Set<ObjectAttribute>();
  for (const name of names) {
    if (!(OBJECT_ATTRIBUTES as readonly string[]).includes(name)) {
      throw new S3Error('InvalidArgument', {
        message: 'Invalid attribute name specified.',
        extra: { ArgumentName: 'x-amz-object-attributes', ArgumentValue: name },
      });
    }
    out.add(name as ObjectAttribute);
  }
  return [...out];
}

/** One part in `ObjectParts`. */
export interface ObjectAttributesPart {
  partNumber: number;
  size: number;
  checksums?: Checksums;
}

/** The `ObjectParts` element of a GetObjectAttributes reply. */
export interface ObjectAttributesParts {
  /** All parts of the object (`PartsCount`). */
  totalPartsCount: number;
  /** The request's `x-amz-part-number-marker`; `0` when absent. */
  partNumberMarker: number;
  /** Last part number of this page, when truncated. */
  nextPartNumberMarker?: number;
  maxParts: number;
  isTruncated: boolean;
  /** S3 lists parts only for objects with additional checksums; pass `[]` otherwise. */
  parts: readonly ObjectAttributesPart[];
}

/** The body of a GetObjectAttributes reply: only the requested attributes are set. */
export interface GetObjectAttributesResult {
  /** Unquoted: GetObjectAttributes is the one S3 reply whose ETag has no quotes. */
  etag?: string;
  checksum?: { checksums: Checksums; type?: ChecksumType };
  objectParts?: ObjectAttributesParts;
  storageClass?: string;
  objectSize?: number;
}

/**
 * Renders a `GetObjectAttributesResponse` (S3 API reference, GetObjectAttributes "Response
 * Syntax"): `ETag`, `Checksum` (with `ChecksumType`), `ObjectParts` (`IsTruncated`, `MaxParts`,
 * `NextPartNumberMarker`, `PartNumberMarker`, `Part`…, `PartsCount`), `StorageClass`,
 * `ObjectSize`; an attribute left undefined is omitted, as S3 omits what was not asked for.
 *
 * @example
 * ```ts
 * serializeGetObjectAttributes({ etag: 'abc-2', objectSize: 10485760, storageClass: 'STANDARD' });
 * ```
 */
export function serializeGetObjectAttributes(result: GetObjectAttributesResult): string {
  return xmlDocument(
    'GetObjectAttributesResponse',
    optionalElement('ETag', result.etag) +
      checksumElement(result.checksum) +
      partsElement(result.objectParts) +
      optionalElement('StorageClass', result.storageClass) +
      optionalElement('ObjectSize', result.objectSize),
  );
}

function checksumElement(checksum: GetObjectAttributesResult['checksum']): string {
  if (checksum === undefined) return '';
  return `<Checksum>${checksumElements(checksum.checksums)}${optionalElement('ChecksumType', checksum.type)}</Checksum>`;
}

function partsElement(parts: ObjectAttributesParts | undefined): string {
  if (parts === undefined) return '';
  let listed = '';
  for (const part of parts.parts) {
    listed += `<Part>${checksumElements(part.checksums)}${element('PartNumber', part.partNumber)}${element('Size', part.size)}</Part>`;
  }
  return (
    '<ObjectParts>' +
    element('IsTruncated', parts.isTruncated) +
    element('MaxParts', parts.maxParts) +
    optionalElement('NextPartNumberMarker', parts.nextPartNumberMarker) +
    element('PartNumberMarker', parts.partNumberMarker) +
    listed +
    element('PartsCount', parts.totalPartsCount) +
    '</ObjectParts>'
  );
}
