import {
  assertContainer,
  childrenNamed,
  leafText,
  malformedXml,
  optionalChild,
  parseXmlDocument,
  trimXml,
} from './internal/parse-xml-document.js';

/** Most objects one DeleteObjects request may name (S3's limit). */
export const MAX_DELETE_OBJECTS = 1000;

/** One object named in a DeleteObjects request. */
export interface DeleteObjectsEntry {
  /** The key exactly as sent: never trimmed, entities and CDATA decoded. */
  key: string;
  /** Version to delete, when given (`null` for the null version is the string `'null'`). */
  versionId?: string;
  /**
   * `<ETag>`: delete only if the current version has this ETag (a conditional delete, as
   * `If-Match` on DeleteObject), trimmed, quotes kept as sent; `*` when any version will do.
   */
  etag?: string;
}

/** A parsed DeleteObjects request body. */
export interface DeleteObjectsRequest {
  /** `<Quiet>true</Quiet>`: report only errors. */
  quiet: boolean;
  objects: DeleteObjectsEntry[];
}

function parseQuiet(text: string | undefined): boolean {
  if (text === undefined) return false;
  // xs:boolean, the type S3's schema gives Quiet.
  switch (trimXml(text)) {
    case 'true':
    case '1':
      return true;
    case 'false':
    case '0':
      return false;
    default:
      throw malformedXml('<Quiet> is not a boolean');
  }
}

/**
 * Parses a DeleteObjects body
 * (`<Delete><Quiet/>?<Object><Key/><VersionId/>?<ETag/>?</Object>+</Delete>`). The elements of
 * directory buckets' conditional deletes (`LastModifiedTime`, `Size`) are ignored.
 *
 * @param xml The body, already read by the caller under a size cap.
 * @throws S3Error `MalformedXML` for malformed XML, a DOCTYPE, a wrong root, no `<Object>` or more
 *   than {@link MAX_DELETE_OBJECTS}, an `<Object>` without exactly one non-empty `<Key>`, or a
 *   `<Quiet>` that is not a boolean.
 * @example
 * ```ts
 * parseDeleteObjects('<Delete><Object><Key>a.txt</Key></Object></Delete>');
 * // { quiet: false, objects: [{ key: 'a.txt' }] }
 * ```
 */
export function parseDeleteObjects(xml: string): DeleteObjectsRequest {
  const root = parseXmlDocument(xml, 'Delete');
  assertContainer(root);
  const quietElement = optionalChild(root, 'Quiet');
  const quiet = parseQuiet(quietElement === undefined ? undefined : leafText(quietElement));
  const entries = childrenNamed(root, 'Object');
  if (entries.length === 0) throw malformedXml('no <Object>');
  if (entries.length > MAX_DELETE_OBJECTS) throw malformedXml('too many <Object> elements');
  const objects = entries.map((entry): DeleteObjectsEntry => {
    assertContainer(entry);
    const keyElement = optionalChild(entry, 'Key');
    if (keyElement === undefined) throw malformedXml('<Object> without <Key>');
    const key = leafText(keyElement);
    if (key === '') throw malformedXml('empty <Key>');
    const versionElement = optionalChild(entry, 'VersionId');
    const versionId = versionElement === undefined ? '' : leafText(versionElement);
    const etagElement = optionalChild(entry, 'ETag');
    const etag = etagElement === undefined ? '' : trimXml(leafText(etagElement));
    return {
      key,
      ...(versionId === '' ? {} : { versionId }),
      ...(etag === '' ? {} : { etag }),
    };
  });
  return { quiet, objects };
}
