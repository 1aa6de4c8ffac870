import {
  assertContainer,
  childrenNamed,
  leafText,
  malformedXml,
  optionalChild,
  parseXmlDocument,
} from './internal/parse-xml-document.js';

/** One tag of a tag set, in the order sent. */
export interface Tag {
  key: string;
  value: string;
}

/**
 * Parses a PutObjectTagging / PutBucketTagging body (`<Tagging><TagSet><Tag><Key/><Value/>
 * </Tag>*</TagSet></Tagging>`), or the `tagging` field of a POST form. Keys and values are taken
 * exactly as sent (entities decoded, never trimmed); whether they are acceptable (counts,
 * lengths, characters, duplicates) is the caller's decision, as the limits differ between
 * objects and buckets.
 *
 * @param xml The body, already read by the caller under a size cap.
 * @throws S3Error `MalformedXML` for malformed XML, a DOCTYPE, a wrong root, no `<TagSet>`, or a
 *   `<Tag>` without exactly one `<Key>` and one `<Value>`.
 * @example
 * ```ts
 * parseTagging(
 *   '<Tagging><TagSet><Tag><Key>team</Key><Value>data</Value></Tag></TagSet></Tagging>',
 * ); // [{ key: 'team', value: 'data' }]
 * ```
 */
export function parseTagging(xml: string): Tag[] {
  const root = parseXmlDocument(xml, 'Tagging');
  assertContainer(root);
  const tagSet = optionalChild(root, 'TagSet');
  if (tagSet === undefined) throw malformedXml('no <TagSet>');
  assertContainer(tagSet);
  return childrenNamed(tagSet, 'Tag').map((tag) => {
    assertContainer(tag);
    const key = optionalChild(tag, 'Key');
    const value = optionalChild(tag, 'Value');
    if (key === undefined || value === undefined) {
      throw malformedXml('<Tag> without <Key> or <Value>');
    }
    return { key: leafText(key), value: leafText(value) };
  });
}
