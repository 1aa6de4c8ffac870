import {
  assertContainer,
  childrenNamed,
  leafText,
  malformedXml,
  optionalChild,
  parseXmlDocument,
  requiredChild,
  trimXml,
  type XmlElement,
} from './internal/parse-xml-document.js';

/** A tag a lifecycle filter names, as sent; `value` is `''` when `<Value>` was left out. */
export interface LifecycleTagXml {
  key: string;
  value: string;
}

/**
 * Which objects a rule names, and how the document spelled it: `rule-prefix` for the legacy
 * rule-level `<Prefix>`, `filter` for a `<Filter>` with at most one condition (none: every
 * object), `and` for `<Filter><And>`.
 */
export interface LifecycleFilterXml {
  form: 'rule-prefix' | 'filter' | 'and';
  prefix?: string;
  /** In document order, duplicates kept, so that the caller can refuse them. */
  tags?: LifecycleTagXml[];
  objectSizeGreaterThan?: number;
  objectSizeLessThan?: number;
}

/** `Expiration` as sent: whichever of its elements were present (S3 wants exactly one). */
export interface LifecycleExpirationXml {
  days?: number;
  /** The text of `<Date>`, trimmed, not yet read as a date. */
  date?: string;
  expiredObjectDeleteMarker?: boolean;
}

/** `NoncurrentVersionExpiration` as sent. */
export interface LifecycleNoncurrentExpirationXml {
  noncurrentDays: number;
  newerNoncurrentVersions?: number;
}

/** A `Transition` as sent. */
export interface LifecycleTransitionXml {
  days?: number;
  date?: string;
  storageClass?: string;
}

/** A `NoncurrentVersionTransition` as sent. */
export interface LifecycleNoncurrentTransitionXml {
  noncurrentDays?: number;
  newerNoncurrentVersions?: number;
  storageClass?: string;
}

/** One `<Rule>` of a PutBucketLifecycleConfiguration body, read against S3's schema only. */
export interface LifecycleRuleXml {
  id?: string;
  /** As sent (trimmed); whether it is `Enabled` or `Disabled` is the caller's check. */
  status: string;
  /** Undefined when the rule has neither `<Filter>` nor `<Prefix>`. */
  filter: LifecycleFilterXml | undefined;
  expiration?: LifecycleExpirationXml;
  noncurrentVersionExpiration?: LifecycleNoncurrentExpirationXml;
  /** `AbortIncompleteMultipartUpload/DaysAfterInitiation`. */
  abortIncompleteMultipartUploadDays?: number;
  transitions: LifecycleTransitionXml[];
  noncurrentVersionTransitions: LifecycleNoncurrentTransitionXml[];
}

// xs:integer's lexical form: a sign is allowed so that `-1` is a bad value, not bad XML.
const INTEGER = /^[+-]?[0-9]+$/;
// S3's `Days`, `NoncurrentDays`… are xs:int; `ObjectSize*` are xs:long (19 digits hold every
// value up to 2^63, inexact past 2^53 but far beyond the 1000 TiB S3 allows there).
const MAX_INT = 2 ** 31 - 1;
const MAX_LONG_DIGITS = 19;

const FILTER_CONDITIONS = ['Prefix', 'Tag', 'ObjectSizeGreaterThan', 'ObjectSizeLessThan'];
const RULE_ELEMENTS = [
  'ID',
  'Status',
  'Prefix',
  'Filter',
  'Expiration',
  'NoncurrentVersionExpiration',
  'AbortIncompleteMultipartUpload',
  'Transition',
  'NoncurrentVersionTransition',
];

/** Checks that `el` holds only elements named in `allowed` (and no text). */
function assertOnly(el: XmlElement, allowed: readonly string[]): void {
  assertContainer(el);
  const unknown = el.children.find((c) => !allowed.includes(c.name));
  if (unknown !== undefined) throw malformedXml(`<${unknown.name}> not allowed in <${el.name}>`);
}

function integer(el: XmlElement, kind: 'int' | 'long'): number {
  const text = trimXml(leafText(el));
  if (!INTEGER.test(text)) throw malformedXml(`<${el.name}> is not an integer`);
  const value = Number(text);
  const digits = text.replace(/^[+-]?0*/, '');
  const fits = kind === 'int' ? Math.abs(value) <= MAX_INT : digits.length <= MAX_LONG_DIGITS;
  if (!fits) throw malformedXml(`<${el.name}> is out of range for an xs:${kind}`);
  return value;
}

function optionalInteger(parent: XmlElement, name: string, kind: 'int' | 'long') {
  const el = optionalChild(parent, name);
  return el === undefined ? undefined : integer(el, kind);
}

function optionalText(parent: XmlElement, name: string, trim: boolean): string | undefined {
  const el = optionalChild(parent, name);
  if (el === undefined) return undefined;
  return trim ? trimXml(leafText(el)) : leafText(el);
}

/** `{ [name]: value }`, or `{}` when `value` is undefined (for optional properties). */
function maybe<K extends string, V>(name: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [name]: value }) as { [P in K]?: V };
}

function parseTag(el: XmlElement): LifecycleTagXml {
  assertOnly(el, ['Key', 'Value']);
  // Keys and values are matched byte for byte against object tags: never trimmed.
  const key = leafText(requiredChild(el, 'Key'));
  // "If you specify only a Key element and no Value element, the rule will apply only to objects
  // that match the tag key and that do not have a value specified" (S3 User Guide, lifecycle
  // filters): an absent value is the empty one.
  return { key, value: optionalText(el, 'Value', false) ?? '' };
}

/** The conditions of a `<Filter>` or `<And>`: prefix, tags, sizes, whichever are present. */
function conditions(el: XmlElement, form: 'filter' | 'and'): LifecycleFilterXml {
  const tags = childrenNamed(el, 'Tag').map(parseTag);
  return {
    form,
    ...maybe('prefix', optionalText(el, 'Prefix', false)),
    ...maybe('tags', tags.length > 0 ? tags : undefined),
    ...maybe('objectSizeGreaterThan', optionalInteger(el, 'ObjectSizeGreaterThan', 'long')),
    ...maybe('objectSizeLessThan', optionalInteger(el, 'ObjectSizeLessThan', 'long')),
  };
}

function parseFilter(el: XmlElement): LifecycleFilterXml {
  assertOnly(el, [...FILTER_CONDITIONS, 'And']);
  // "A Filter can have exactly one of Prefix, Tag, ObjectSizeGreaterThan, ObjectSizeLessThan, or
  // And specified" (S3 API reference, LifecycleRuleFilter); two of them is a schema violation.
  if (el.children.length > 1) throw malformedXml('more than one condition in <Filter>');
  const and = optionalChild(el, 'And');
  if (and === undefined) return conditions(el, 'filter');
  assertOnly(and, FILTER_CONDITIONS);
  return conditions(and, 'and');
}

function parseRuleFilter(rule: XmlElement): LifecycleFilterXml | undefined {
  const filter = optionalChild(rule, 'Filter');
  const prefix = optionalText(rule, 'Prefix', false);
  // One `filter` cannot say both; S3 refuses the pair as malformed too.
  if (filter !== undefined && prefix !== undefined) {
    throw malformedXml('<Rule> with both <Filter> and <Prefix>');
  }
  if (filter !== undefined) return parseFilter(filter);
  return prefix === undefined ? undefined : { form: 'rule-prefix', prefix };
}

function parseBoolean(el: XmlElement): boolean {
  const text = trimXml(leafText(el));
  if (text !== 'true' && text !== 'false') throw malformedXml(`<${el.name}> is not a boolean`);
  return text === 'true';
}

function parseExpiration(el: XmlElement): LifecycleExpirationXml {
  assertOnly(el, ['Days', 'Date', 'ExpiredObjectDeleteMarker']);
  const marker = optionalChild(el, 'ExpiredObjectDeleteMarker');
  return {
    ...maybe('days', optionalInteger(el, 'Days', 'int')),
    ...maybe('date', optionalText(el, 'Date', true)),
    ...maybe('expiredObjectDeleteMarker', marker === undefined ? undefined : parseBoolean(marker)),
  };
}

function parseNoncurrentExpiration(el: XmlElement): LifecycleNoncurrentExpirationXml {
  assertOnly(el, ['NoncurrentDays', 'NewerNoncurrentVersions']);
  return {
    noncurrentDays: integer(requiredChild(el, 'NoncurrentDays'), 'int'),
    ...maybe('newerNoncurrentVersions', optionalInteger(el, 'NewerNoncurrentVersions', 'int')),
  };
}

function parseAbortDays(el: XmlElement): number {
  assertOnly(el, ['DaysAfterInitiation']);
  return integer(requiredChild(el, 'DaysAfterInitiation'), 'int');
}

function parseTransition(el: XmlElement): LifecycleTransitionXml {
  assertOnly(el, ['Date', 'Days', 'StorageClass']);
  return {
    ...maybe('date', optionalText(el, 'Date', true)),
    ...maybe('days', optionalInteger(el, 'Days', 'int')),
    ...maybe('storageClass', optionalText(el, 'StorageClass', true)),
  };
}

function parseNoncurrentTransition(el: XmlElement): LifecycleNoncurrentTransitionXml {
  assertOnly(el, ['NoncurrentDays', 'NewerNoncurrentVersions', 'StorageClass']);
  return {
    ...maybe('noncurrentDays', optionalInteger(el, 'NoncurrentDays', 'int')),
    ...maybe('newerNoncurrentVersions', optionalInteger(el, 'NewerNoncurrentVersions', 'int')),
    ...maybe('storageClass', optionalText(el, 'StorageClass', true)),
  };
}

function parseRule(rule: XmlElement): LifecycleRuleXml {
  assertOnly(rule, RULE_ELEMENTS);
  const expiration = optionalChild(rule, 'Expiration');
  const noncurrent = optionalChild(rule, 'NoncurrentVersionExpiration');
  const abort = optionalChild(rule, 'AbortIncompleteMultipartUpload');
  return {
    ...maybe('id', optionalText(rule, 'ID', false)),
    status: trimXml(leafText(requiredChild(rule, 'Status'))),
    filter: parseRuleFilter(rule),
    ...maybe('expiration', expiration === undefined ? undefined : parseExpiration(expiration)),
    ...maybe(
      'noncurrentVersionExpiration',
      noncurrent === undefined ? undefined : parseNoncurrentExpiration(noncurrent),
    ),
    ...maybe(
      'abortIncompleteMultipartUploadDays',
      abort === undefined ? undefined : parseAbortDays(abort),
    ),
    transitions: childrenNamed(rule, 'Transition').map(parseTransition),
    noncurrentVersionTransitions: childrenNamed(rule, 'NoncurrentVersionTransition').map(
      parseNoncurrentTransition,
    ),
  };
}

/**
 * Parses a PutBucketLifecycleConfiguration body (`<LifecycleConfiguration><Rule>…</Rule>+
 * </LifecycleConfiguration>`) against S3's schema, and no further: values are kept as sent
 * (numbers as numbers, a `<Date>` as its text, tags as an ordered list with any duplicates) so
 * that the caller's semantic checks can name exactly what is wrong. Identifiers, prefixes and
 * tags are never trimmed; status, numbers, booleans, dates and storage classes are trimmed of
 * XML whitespace.
 *
 * @param xml The body, already read by the caller under a size cap.
 * @throws S3Error `MalformedXML` for malformed XML, a DOCTYPE, a wrong root, no `<Rule>`, an
 *   unknown element, a repeated singular element, a rule without `<Status>`, a rule with both
 *   `<Filter>` and `<Prefix>`, two conditions directly under `<Filter>`, a `<Tag>` without
 *   `<Key>`, a `<NoncurrentVersionExpiration>` without `<NoncurrentDays>`, an
 *   `<AbortIncompleteMultipartUpload>` without `<DaysAfterInitiation>`, a number that is not a
 *   decimal integer of its schema type, or an `<ExpiredObjectDeleteMarker>` other than `true` or
 *   `false`.
 * @example
 * ```ts
 * parseLifecycleConfiguration(
 *   '<LifecycleConfiguration><Rule><ID>logs</ID><Filter><Prefix>logs/</Prefix></Filter>' +
 *     '<Status>Enabled</Status><Expiration><Days>30</Days></Expiration></Rule>' +
 *     '</LifecycleConfiguration>',
 * );
 * // [{ id: 'logs', status: 'Enabled', filter: { form: 'filter', prefix: 'logs/' },
 * //    expiration: { days: 30 }, transitions: [], noncurrentVersionTransitions: [] }]
 * ```
 */
export function parseLifecycleConfiguration(xml: string): LifecycleRuleXml[] {
  const root = parseXmlDocument(xml, 'LifecycleConfiguration');
  assertOnly(root, ['Rule']);
  const rules = childrenNamed(root, 'Rule');
  if (rules.length === 0) throw malformedXml('no <Rule>');
  return rules.map(parseRule);
}
