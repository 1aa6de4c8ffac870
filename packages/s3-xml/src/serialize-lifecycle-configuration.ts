import { element, optionalElement, xmlDocument } from './internal/xml-writer.js';

/**
 * A rule's filter to render. Structurally the stored `LifecycleFilter` of
 * `@strata/metastore-core`, which this package does not depend on: tags as key → value.
 */
export interface LifecycleFilterOutput {
  readonly form: 'rule-prefix' | 'filter' | 'and';
  readonly prefix?: string | undefined;
  /** Written in the record's own key order. */
  readonly tags?: Readonly<Record<string, string>> | undefined;
  readonly objectSizeGreaterThan?: number | undefined;
  readonly objectSizeLessThan?: number | undefined;
}

/**
 * A rule to render: the stored `LifecycleRule` of `@strata/metastore-core` is assignable to it.
 * Transitions have no place here: Strata refuses them on PUT.
 */
export interface LifecycleRuleOutput {
  readonly id?: string | undefined;
  readonly status: string;
  readonly filter: LifecycleFilterOutput;
  readonly expiration?:
    | {
        readonly days?: number | undefined;
        /** Written as given (Strata stores `YYYY-MM-DDT00:00:00.000Z`). */
        readonly date?: string | undefined;
        readonly expiredObjectDeleteMarker?: boolean | undefined;
      }
    | undefined;
  readonly noncurrentVersionExpiration?:
    | {
        readonly noncurrentDays: number;
        readonly newerNoncurrentVersions?: number | undefined;
      }
    | undefined;
  readonly abortIncompleteMultipartUploadDays?: number | undefined;
}

/** The conditions of a filter, in S3's order: Prefix, Tag…, ObjectSizeGreaterThan, LessThan. */
function conditions(filter: LifecycleFilterOutput): string {
  const tags = Object.entries(filter.tags ?? {})
    .map(([key, value]) => `<Tag>${element('Key', key)}${element('Value', value)}</Tag>`)
    .join('');
  return (
    optionalElement('Prefix', filter.prefix) +
    tags +
    optionalElement('ObjectSizeGreaterThan', filter.objectSizeGreaterThan) +
    optionalElement('ObjectSizeLessThan', filter.objectSizeLessThan)
  );
}

/** The rule's `<Filter>`, or its legacy rule-level `<Prefix>`, in the form it was given. */
function filterElement(filter: LifecycleFilterOutput): string {
  switch (filter.form) {
    case 'rule-prefix':
      return element('Prefix', filter.prefix ?? '');
    case 'filter':
      return `<Filter>${conditions(filter)}</Filter>`;
    case 'and':
      return `<Filter><And>${conditions(filter)}</And></Filter>`;
  }
}

function expirationElement(expiration: LifecycleRuleOutput['expiration']): string {
  if (expiration === undefined) return '';
  return (
    '<Expiration>' +
    optionalElement('Date', expiration.date) +
    optionalElement('Days', expiration.days) +
    optionalElement('ExpiredObjectDeleteMarker', expiration.expiredObjectDeleteMarker) +
    '</Expiration>'
  );
}

function ruleElement(rule: LifecycleRuleOutput): string {
  const noncurrent = rule.noncurrentVersionExpiration;
  const abortDays = rule.abortIncompleteMultipartUploadDays;
  return (
    '<Rule>' +
    expirationElement(rule.expiration) +
    optionalElement('ID', rule.id) +
    filterElement(rule.filter) +
    element('Status', rule.status) +
    (noncurrent === undefined
      ? ''
      : '<NoncurrentVersionExpiration>' +
        element('NoncurrentDays', noncurrent.noncurrentDays) +
        optionalElement('NewerNoncurrentVersions', noncurrent.newerNoncurrentVersions) +
        '</NoncurrentVersionExpiration>') +
    (abortDays === undefined
      ? ''
      : `<AbortIncompleteMultipartUpload>${element('DaysAfterInitiation', abortDays)}</AbortIncompleteMultipartUpload>`) +
    '</Rule>'
  );
}

/**
 * Renders a GetBucketLifecycleConfiguration reply: one `<Rule>` per rule, in order, with its
 * elements in the order S3 answers them (Expiration, ID, Filter or Prefix, Status,
 * NoncurrentVersionExpiration, AbortIncompleteMultipartUpload). The filter keeps the form it was
 * given: the legacy rule-level `<Prefix>`, a `<Filter>` holding its one condition (or nothing),
 * or `<Filter><And>`. Text is escaped. The rules are taken as already valid: nothing is checked.
 *
 * @example
 * ```ts
 * serializeLifecycleConfiguration([
 *   { id: 'logs', status: 'Enabled', filter: { form: 'filter', prefix: 'logs/' },
 *     expiration: { days: 30 } },
 * ]);
 * // …<Rule><Expiration><Days>30</Days></Expiration><ID>logs</ID>
 * //   <Filter><Prefix>logs/</Prefix></Filter><Status>Enabled</Status></Rule>…
 * ```
 */
export function serializeLifecycleConfiguration(rules: readonly LifecycleRuleOutput[]): string {
  return xmlDocument('LifecycleConfiguration', rules.map(ruleElement).join(''));
}
