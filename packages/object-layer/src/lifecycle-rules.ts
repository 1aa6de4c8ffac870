import { randomBytes } from 'node:crypto';
import type {
  LifecycleExpiration,
  LifecycleFilter,
  LifecycleNoncurrentExpiration,
  LifecycleRule,
} from '@strata/metastore-core';
import {
  S3Error,
  parseTimestamp,
  type LifecycleExpirationXml,
  type LifecycleFilterXml,
  type LifecycleNoncurrentExpirationXml,
  type LifecycleRuleXml,
} from '@strata/s3-xml';
import { MAX_TAG_KEY_LENGTH, MAX_TAG_VALUE_LENGTH } from './tag-sets.js';

/** Most rules one bucket's lifecycle configuration may hold (not adjustable, S3 User Guide). */
export const MAX_LIFECYCLE_RULES = 1000;
/** Longest rule ID, in UTF-16 code units. */
export const MAX_LIFECYCLE_ID_LENGTH = 255;
/** Most noncurrent versions `NewerNoncurrentVersions` may keep (S3 API reference). */
export const MAX_NEWER_NONCURRENT_VERSIONS = 100;
/** Largest object size a filter may name: 1000 TiB, the bound S3 states in its error message. */
export const MAX_LIFECYCLE_OBJECT_SIZE = 1_099_511_627_776_000;

/** Options for {@link toLifecycleRules}. */
export interface LifecycleRulesOptions {
  /** Makes the ID of a rule given none; defaults to 26 random base32 characters. */
  randomId?: () => string;
}

const DAY_MS = 86_400_000;
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
// An xs:dateTime without an offset, which S3's "GMT ISO 8601" dates are read in.
const NO_OFFSET = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?$/;

// The cause says what was wrong, for logs: S3 renders MalformedXML with its fixed message.
const malformed = (detail: string) => new S3Error('MalformedXML', { cause: new Error(detail) });
const invalidRequest = (message: string) => new S3Error('InvalidRequest', { message });
const invalidArgument = (message: string, name: string, value: string | number) =>
  new S3Error('InvalidArgument', {
    message,
    extra: { ArgumentName: name, ArgumentValue: String(value) },
  });

/** 128 random bits as 26 base32 characters: unguessable, and safe in XML and headers. */
function defaultRandomId(): string {
  let bits = BigInt(`0x${randomBytes(16).toString('hex')}`);
  let out = '';
  for (let i = 0; i < 26; i++) {
    out += BASE32[Number(bits & 31n)];
    bits >>= 5n;
  }
  return out;
}

/** The instant a `<Date>` names, or undefined when it is not an ISO 8601 date-time. */
function readDate(text: string): Date | undefined {
  return parseTimestamp(NO_OFFSET.test(text) ? `${text}Z` : text);
}

/** What S3's schema (and its XML reader) refuses: MalformedXML, before any semantic check. */
function checkSchema(rule: LifecycleRuleXml): void {
  if (rule.status !== 'Enabled' && rule.status !== 'Disabled') {
    throw malformed('<Status> is neither Enabled nor Disabled');
  }
  // "Filter is required if the LifecycleRule does not contain a Prefix element" (API reference).
  if (rule.filter === undefined) throw malformed('<Rule> without <Filter> or <Prefix>');
  const expiration = rule.expiration;
  if (expiration !== undefined) {
    const given = [expiration.days, expiration.date, expiration.expiredObjectDeleteMarker];
    // S3 documents ExpiredObjectDeleteMarker as one that "cannot be specified with Days or Date",
    // and answers that combination, like Days with Date, MalformedXML (aws/aws-sdk-ruby#2350,
    // aws/aws-cli#8239).
    if (given.filter((v) => v !== undefined).length !== 1) {
      throw malformed(
        '<Expiration> needs exactly one of <Days>, <Date>, <ExpiredObjectDeleteMarker>',
      );
    }
    if (expiration.date !== undefined && readDate(expiration.date) === undefined) {
      throw malformed('<Date> is not an ISO 8601 date-time');
    }
  }
}

function checkIds(rules: readonly LifecycleRuleXml[]): Set<string> {
  const ids = new Set<string>();
  for (const { id } of rules) {
    if (id === undefined || id === '') continue;
    if (id.length > MAX_LIFECYCLE_ID_LENGTH) {
      throw invalidArgument(
        `ID length should not exceed allowed limit of ${MAX_LIFECYCLE_ID_LENGTH}`,
        'ID',
        id,
      );
    }
    if (ids.has(id)) {
      throw invalidArgument(
        'Rule ID must be unique. Found same ID for more than one rule',
        'ID',
        id,
      );
    }
    ids.add(id);
  }
  return ids;
}

/**
 * S3 reads a configuration as "Lifecycle V2" when its first rule has a `<Filter>`, and refuses to
 * mix the legacy rule-level `<Prefix>` with filters, or to use V2-only elements in V1.
 */
function checkVersion(rules: readonly LifecycleRuleXml[]): void {
  const v2 = rules[0]?.filter?.form !== 'rule-prefix';
  for (const rule of rules) {
    const legacy = rule.filter?.form === 'rule-prefix';
    if (v2 && legacy) {
      throw invalidRequest(
        'Base level prefix cannot be used in Lifecycle V2, prefixes are only supported in the Filter.',
      );
    }
    if (!v2 && !legacy) throw invalidRequest('Filter element can only be used in Lifecycle V2.');
    if (!v2 && rule.noncurrentVersionExpiration?.newerNoncurrentVersions !== undefined) {
      throw invalidRequest('NewerNoncurrentVersions element can only be used in Lifecycle V2.');
    }
  }
}

function checkSizes(filter: LifecycleFilterXml): void {
  const { objectSizeGreaterThan: above, objectSizeLessThan: below } = filter;
  const max = MAX_LIFECYCLE_OBJECT_SIZE;
  if (above !== undefined && (above < 0 || above > max)) {
    throw invalidRequest(`'ObjectSizeGreaterThan' should be between 0 and ${max}.`);
  }
  if (below !== undefined && (below < 1 || below > max)) {
    throw invalidRequest(`'ObjectSizeLessThan' should be between 1 and ${max}.`);
  }
  if (above !== undefined && below !== undefined && above >= below) {
    throw invalidRequest(
      "'ObjectSizeLessThan' has to be a value greater than 'ObjectSizeGreaterThan'.",
    );
  }
}

function toTags(filter: LifecycleFilterXml): Record<string, string> | undefined {
  if (filter.tags === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const { key, value } of filter.tags) {
    if (key.length === 0 || key.length > MAX_TAG_KEY_LENGTH) {
      throw invalidRequest(`A Tag's Key must be a length between 1 and ${MAX_TAG_KEY_LENGTH}.`);
    }
    if (value.length > MAX_TAG_VALUE_LENGTH) {
      throw invalidRequest(`A Tag's Value must be a length between 0 and ${MAX_TAG_VALUE_LENGTH}.`);
    }
    // "If you specify multiple tags in a filter, each tag key must be unique" (S3 User Guide).
    if (Object.hasOwn(out, key)) throw invalidRequest('Duplicate Tag Keys are not allowed.');
    out[key] = value;
  }
  return out;
}

function toFilter(filter: LifecycleFilterXml): LifecycleFilter {
  checkSizes(filter);
  const tags = toTags(filter);
  const { form, prefix, objectSizeGreaterThan: above, objectSizeLessThan: below } = filter;
  return {
    form,
    ...(prefix === undefined ? {} : { prefix }),
    ...(tags === undefined ? {} : { tags }),
    ...(above === undefined ? {} : { objectSizeGreaterThan: above }),
    ...(below === undefined ? {} : { objectSizeLessThan: below }),
  };
}

function toExpiration(expiration: LifecycleExpirationXml): LifecycleExpiration {
  const { days, date, expiredObjectDeleteMarker } = expiration;
  if (days !== undefined) {
    if (days <= 0) {
      throw invalidArgument(
        "'Days' for Expiration action must be a positive integer",
        'Days',
        days,
      );
    }
    return { days };
  }
  if (date !== undefined) {
    const instant = readDate(date)!; // checkSchema has read it
    if (instant.getTime() % DAY_MS !== 0) {
      throw invalidArgument("'Date' must be at midnight GMT", 'Date', date);
    }
    return { date: instant.toISOString() };
  }
  return { expiredObjectDeleteMarker: expiredObjectDeleteMarker! };
}

function toNoncurrent(noncurrent: LifecycleNoncurrentExpirationXml): LifecycleNoncurrentExpiration {
  const { noncurrentDays, newerNoncurrentVersions: newer } = noncurrent;
  const action = 'for NoncurrentVersionExpiration action';
  if (noncurrentDays <= 0) {
    const message = `'NoncurrentDays' ${action} must be a positive integer`;
    throw invalidArgument(message, 'NoncurrentDays', noncurrentDays);
  }
  if (newer === undefined) return { noncurrentDays };
  if (newer <= 0 || newer > MAX_NEWER_NONCURRENT_VERSIONS) {
    const message =
      newer <= 0
        ? `'NewerNoncurrentVersions' ${action} must be a positive integer`
        : `'NewerNoncurrentVersions' ${action} must not exceed ${MAX_NEWER_NONCURRENT_VERSIONS}`;
    throw invalidArgument(message, 'NewerNoncurrentVersions', newer);
  }
  return { noncurrentDays, newerNoncurrentVersions: newer };
}

function hasAction(rule: LifecycleRuleXml): boolean {
  // `<ExpiredObjectDeleteMarker>false` is a valid expiration that "takes no action" (API
  // reference, LifecycleExpiration), so it does not count as one.
  const expires =
    rule.expiration !== undefined && rule.expiration.expiredObjectDeleteMarker !== false;
  return (
    expires ||
    rule.noncurrentVersionExpiration !== undefined ||
    rule.abortIncompleteMultipartUploadDays !== undefined ||
    rule.transitions.length > 0 ||
    rule.noncurrentVersionTransitions.length > 0
  );
}

/**
 * Refuses actions S3 cannot apply to the filter: delete markers and incomplete uploads carry no
 * tags and no size, so S3 refuses a tag or size filter beside them.
 */
function checkUnfilteredActions(rule: LifecycleRuleXml, filter: LifecycleFilter): void {
  const tags = filter.tags !== undefined;
  const sizes =
    filter.objectSizeGreaterThan !== undefined || filter.objectSizeLessThan !== undefined;
  const actions = [
    ['ExpiredObjectDeleteMarker', rule.expiration?.expiredObjectDeleteMarker !== undefined],
    ['AbortIncompleteMultipartUpload', rule.abortIncompleteMultipartUploadDays !== undefined],
  ] as const;
  for (const [action, present] of actions) {
    if (present && tags) throw invalidRequest(`${action} cannot be specified with Tags.`);
    if (present && sizes) throw invalidRequest(`${action} cannot be specified with Object Size.`);
  }
}

/** One rule checked and converted, its ID still as given (possibly none). */
function toRule(rule: LifecycleRuleXml): Omit<LifecycleRule, 'id'> {
  const filter = toFilter(rule.filter!); // checkSchema has refused a rule without one
  if (!hasAction(rule)) throw invalidRequest('At least one action needs to be specified in a rule');
  const expiration = rule.expiration && toExpiration(rule.expiration);
  const noncurrent =
    rule.noncurrentVersionExpiration && toNoncurrent(rule.noncurrentVersionExpiration);
  const abortDays = rule.abortIncompleteMultipartUploadDays;
  if (abortDays !== undefined && abortDays <= 0) {
    throw invalidArgument(
      "'DaysAfterInitiation' for AbortIncompleteMultipartUpload action must be a positive integer",
      'DaysAfterInitiation',
      abortDays,
    );
  }
  checkUnfilteredActions(rule, filter);
  return {
    status: rule.status as LifecycleRule['status'], // checkSchema has checked it
    filter,
    ...(expiration === undefined ? {} : { expiration }),
    ...(noncurrent === undefined ? {} : { noncurrentVersionExpiration: noncurrent }),
    ...(abortDays === undefined ? {} : { abortIncompleteMultipartUploadDays: abortDays }),
  };
}

/** An ID no rule has, from `randomId`; a generator that keeps colliding is a programming error. */
function freshId(taken: Set<string>, randomId: () => string): string {
  for (let attempt = 0; attempt < 100; attempt++) {
    const id = randomId();
    if (!taken.has(id)) {
      taken.add(id);
      return id;
    }
  }
  throw new Error('randomId returned only IDs already in use');
}

/**
 * A bucket's lifecycle rules, checked as S3 checks a PutBucketLifecycleConfiguration document,
 * first fault first: what S3's schema refuses (a `Status` other than `Enabled`/`Disabled`, a
 * rule with neither `Filter` nor `Prefix`, an `Expiration` without exactly one of `Days`, `Date`
 * and `ExpiredObjectDeleteMarker`, a `Date` that is no ISO 8601 date-time), then the number of
 * rules and their IDs, the mix of legacy and V2 rules, and each rule's filter and actions.
 * A rule given no ID (or an empty one) gets a random ID no other rule has. A `Date` is stored as
 * `YYYY-MM-DDT00:00:00.000Z`; filter tags become a record, in the order given; the filter keeps
 * the form it was written in, so GetBucketLifecycleConfiguration answers the same shape.
 *
 * Strata maps no storage classes to backends, so a document with a `Transition` or a
 * `NoncurrentVersionTransition` is refused once it is otherwise found valid: it is never stored
 * with its transitions silently dropped.
 *
 * @throws S3Error MalformedXML (schema, as above); InvalidRequest (more than
 *   {@link MAX_LIFECYCLE_RULES} rules, a rule without an action, legacy and V2 rules mixed, a
 *   filter tag too long or repeated, an object size out of range or a size range that is empty,
 *   `ExpiredObjectDeleteMarker` or `AbortIncompleteMultipartUpload` beside a tag or size filter);
 *   InvalidArgument (an ID too long or repeated, a day count or version count out of range, a
 *   `Date` not at midnight UTC); NotImplemented (a transition).
 */
export function toLifecycleRules(
  rules: readonly LifecycleRuleXml[],
  options: LifecycleRulesOptions = {},
): LifecycleRule[] {
  if (rules.length === 0) throw malformed('no <Rule>');
  rules.forEach(checkSchema);
  if (rules.length > MAX_LIFECYCLE_RULES) {
    throw invalidRequest(
      `The number of lifecycle rules must not exceed the allowed limit of ${MAX_LIFECYCLE_RULES} rules.`,
    );
  }
  const taken = checkIds(rules);
  checkVersion(rules);
  const checked = rules.map(toRule);
  if (rules.some((r) => r.transitions.length > 0 || r.noncurrentVersionTransitions.length > 0)) {
    throw new S3Error('NotImplemented', {
      message:
        'Lifecycle transitions are not supported: storage classes are not mapped to backends',
    });
  }
  const randomId = options.randomId ?? defaultRandomId;
  return checked.map((rule, i) => {
    const given = rules[i]?.id;
    return { id: given === undefined || given === '' ? freshId(taken, randomId) : given, ...rule };
  });
}
