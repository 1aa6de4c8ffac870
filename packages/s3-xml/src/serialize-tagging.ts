import { element, xmlDocument } from './internal/xml-writer.js';
import type { Tag } from './parse-tagging.js';

/**
 * Renders a GetObjectTagging / GetBucketTagging reply: `<Tagging><TagSet>` with one `<Tag>` per
 * tag, in the order given (an empty `<TagSet/>` for none).
 *
 * @example
 * ```ts
 * serializeTagging([{ key: 'team', value: 'data' }]);
 * ```
 */
export function serializeTagging(tags: readonly Tag[]): string {
  const body = tags
    .map((t) => `<Tag>${element('Key', t.key)}${element('Value', t.value)}</Tag>`)
    .join('');
  return xmlDocument('Tagging', body === '' ? '<TagSet/>' : `<TagSet>${body}</TagSet>`);
}
